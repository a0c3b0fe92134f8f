package dev.faultline.agent.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class AttachOutcomeTest {
    @AfterEach
    void clear() {
        System.clearProperty(AttachOutcome.PROPERTY);
    }

    @Test
    void eachOutcomeTakesTheNextSequenceNumber() {
        assertEquals(0, AttachOutcome.sequenceOf(System.getProperty(AttachOutcome.PROPERTY)));
        AttachOutcome.publish(AttachOutcome.STARTED);
        assertEquals(1, AttachOutcome.sequenceOf(System.getProperty(AttachOutcome.PROPERTY)));
        AttachOutcome.publish(AttachOutcome.DETACHED);
        AttachOutcome read = AttachOutcome.parse(System.getProperty(AttachOutcome.PROPERTY));
        assertEquals(2, read.sequence);
        assertEquals(AttachOutcome.DETACHED, read.status);
    }

    @Test
    void factsReadBackByTagInOrderEachOnOneLine() {
        AttachOutcome.publish(AttachOutcome.BAD_OPTIONS, List.of(AttachOutcome.fact(AttachOutcome.ERROR, "first\nline"),
                AttachOutcome.fact(AttachOutcome.METHODS, 3), AttachOutcome.fact(AttachOutcome.ERROR, "second")));
        AttachOutcome read = AttachOutcome.parse(System.getProperty(AttachOutcome.PROPERTY));
        assertEquals(AttachOutcome.BAD_OPTIONS, read.status);
        assertEquals(List.of("first line", "second"), read.all(AttachOutcome.ERROR));
        assertEquals("3", read.first(AttachOutcome.METHODS, "none"));
        assertEquals("none", read.first(AttachOutcome.SINK, "none"));
    }

    @Test
    void aValueThatIsNoOutcomeReadsAsNone() {
        assertNull(AttachOutcome.parse(null));
        assertNull(AttachOutcome.parse("started"));
        assertNull(AttachOutcome.parse("x started"));
        assertNull(AttachOutcome.parse("0 started"));
        System.setProperty(AttachOutcome.PROPERTY, "garbage");
        AttachOutcome.publish(AttachOutcome.STARTED);
        assertEquals(1, AttachOutcome.sequenceOf(System.getProperty(AttachOutcome.PROPERTY)));
    }
}
