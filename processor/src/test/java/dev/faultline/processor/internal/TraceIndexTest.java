package dev.faultline.processor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Reading an earlier index and merging it with a compilation's lines. */
class TraceIndexTest {
    private static final IndexLine A = new IndexLine("a.A", "run", "()V", "");
    private static final IndexLine A2 = new IndexLine("a.A", "run", "()V", "depth=3");
    private static final IndexLine B = new IndexLine("a.B", "<init>", "(I)V", "every=2");
    private static final IndexLine GONE = new IndexLine("a.Gone", "run", "()V", "");

    @Test
    void parsingSkipsCommentsBlankAndMalformedLinesAndAcceptsCrLf() {
        TraceIndex.Previous previous = TraceIndex.parse("# faultline trace index 1\r\n# note\r\n\r\na.A\trun\t()V\t\r\n"
                + "a.B\t<init>\t(I)V\tevery=2\nthree\tfields\tonly\n\tx\ty\t\n");

        assertTrue(previous.known());
        assertEquals(List.of(A, B), previous.lines());
    }

    @Test
    void anotherHeaderIsUnknownAndItsLinesAreNotTrusted() {
        TraceIndex.Previous previous = TraceIndex.parse("# faultline trace index 2\na.A\trun\t()V\t\n");

        assertFalse(previous.known());
        assertEquals("# faultline trace index 2", previous.firstLine());
        assertEquals(List.of(), previous.lines());
    }

    @Test
    void mergingReplacesCompiledClassesKeepsExistingOnesAndDropsGoneOnes() {
        Set<String> existing = Set.of("a.A", "a.B");

        assertEquals(new TreeSet<>(List.of(A2, B)),
                TraceIndex.merge(List.of(A, B, GONE), Set.of("a.A"), List.of(A2), existing::contains));
        assertEquals(new TreeSet<>(List.of(B)),
                TraceIndex.merge(List.of(A, B, GONE), Set.of("a.A"), List.of(), existing::contains));
    }

    @Test
    void theTextIsSortedByClassMethodAndDescriptor() {
        IndexLine nested = new IndexLine("a.A$1", "run", "()V", "");
        IndexLine overload = new IndexLine("a.A", "run", "(I)V", "");
        IndexLine constructor = new IndexLine("a.A", "<init>", "()V", "");

        assertEquals("# faultline trace index 1\na.A\t<init>\t()V\t\na.A\trun\t()V\t\na.A\trun\t(I)V\t\n"
                + "a.A$1\trun\t()V\t\n",
                TraceIndex.format(new TreeSet<>(List.of(nested, overload, A, constructor))));
    }
}
