package dev.faultline.examples;

import dev.faultline.annotation.Trace;
import dev.faultline.nativebridge.Mapping;
import dev.faultline.nativebridge.Mappings;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.Residency;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Example 05: three ways a JVM gets memory, and what each does to RSS.
 *
 * <ul>
 * <li>{@code ByteBuffer.allocateDirect}: the JDK zeroes the buffer when it allocates it,
 * so every page is touched at once: RSS (anonymous) grows by the whole capacity at the
 * call, and {@code mincore} finds every page of it resident.</li>
 * <li>{@code FileChannel.map}: a file mapping is lazy like any other; RSS (file-backed)
 * grows with the pages the process touches, here by exactly the 64 MiB written. Count
 * pages, not faults: where the file system caches files in large folios, one fault may
 * map several pages. {@code mincore} on a file mapping asks the page cache, which may hold
 * more (the kernel reads ahead), so the mapping's own {@code Rss} in
 * {@code /proc/self/smaps} is the figure to trust.</li>
 * <li>The Java heap: {@code -Xms} commits heap, but committed heap is not resident until
 * the garbage collector uses it; {@code -XX:+AlwaysPreTouch} touches all of it at
 * start-up. The example starts two small JVMs with the same {@code -Xms} to show it.</li>
 * </ul>
 *
 * <p>Under the agent the traced steps also print their own cost (dump=exit):
 * {@code allocateDirect} shows {@code rss +256.0 MiB} and tens of thousands of minor faults.
 */
public final class Example05WhatRssCounts {
    private static final long MIB = 1024 * 1024;
    private static final int DIRECT = 256 * (int) MIB;
    private static final long FILE = 256 * MIB;
    private static final long WRITTEN = 64 * MIB;
    private static final long PAGE = 4096;
    private static final String HEAP = "256m";
    private static final String HEAP_CHILD = "--heap-child";

    private Example05WhatRssCounts() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 1 && args[0].equals(HEAP_CHILD)) {
            heapChild();
            return;
        }
        directBuffer();
        mappedFile();
        heap();
    }

    private static void directBuffer() {
        System.out.println("Direct buffer:");
        ProcessMemory before = ProcessMemory.now();
        ByteBuffer buffer = allocateDirect(DIRECT);
        ProcessMemory after = ProcessMemory.now();
        Residency residency = Residency.of(addressOf(buffer), buffer.capacity());
        System.out.printf(Locale.ROOT, "  allocateDirect(%s)   RSS %s, anonymous %s; resident %,d of %,d pages%n",
                mib(DIRECT), delta(after.rss() - before.rss()), delta(after.rssAnon() - before.rssAnon()),
                residency.residentPages(), residency.pages());
        System.out.println("  Every page of the buffer is resident before the program has written anything.");
    }

    private static void mappedFile() throws IOException {
        System.out.println("Mapped file:");
        Path file = Files.createTempFile("faultline-example05", ".data");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(new byte[1]), FILE - 1); // a sparse file: no data blocks, no cached pages
            ProcessMemory before = ProcessMemory.now();
            MappedByteBuffer mapped = map(channel, FILE);
            fileRow("FileChannel.map(" + mib(FILE) + ")", mapped, before);
            writeEveryPage(mapped, WRITTEN);
            fileRow(String.format(Locale.ROOT, "write 1 byte in %,d pages", WRITTEN / PAGE), mapped, before);
        } finally {
            Files.delete(file);
        }
        System.out.println("  The mapping's own Rss (smaps) grows by the pages written; mincore counts the page cache,"
                + " which may hold more.");
    }

    private static void fileRow(String step, MappedByteBuffer mapped, ProcessMemory before) {
        ProcessMemory after = ProcessMemory.now();
        long address = addressOf(mapped);
        Mapping mapping = Mappings.read().find(address);
        Residency residency = Residency.of(address, mapped.capacity());
        System.out.printf(Locale.ROOT, "  %-32s RSS %s, file-backed %s; Rss (smaps) %,d kB; resident %,d of %,d"
                        + " pages%n", step, delta(after.rss() - before.rss()), delta(after.rssFile() - before.rssFile()),
                mapping == null ? -1 : mapping.rss() / 1024, residency.residentPages(), residency.pages());
    }

    private static void heap() throws IOException, InterruptedException {
        System.out.println("Java heap (two new JVMs, -Xms" + HEAP + " -Xmx" + HEAP + "):");
        heapRow("-Xms" + HEAP, heapChildLine(false));
        heapRow("-Xms" + HEAP + " -XX:+AlwaysPreTouch", heapChildLine(true));
        System.out.println("  Committed heap is only a promise until the collector uses it; AlwaysPreTouch makes it"
                + " resident at start-up (and start-up slower).");
    }

    private static void heapRow(String flags, String childLine) {
        System.out.printf(Locale.ROOT, "  %-32s %s%n", flags, childLine);
    }

    /** Starts this class in a new JVM with the given heap flags and returns the line it prints. */
    private static String heapChildLine(boolean preTouch) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xms" + HEAP, "-Xmx" + HEAP));
        if (preTouch) {
            command.add("-XX:+AlwaysPreTouch");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Example05WhatRssCounts.class.getName(),
                HEAP_CHILD));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        child.getOutputStream().close();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0) {
            return "could not start it: " + output;
        }
        return output;
    }

    /** What a JVM started by {@link #heapChildLine} prints: its RSS next to its committed heap. */
    private static void heapChild() {
        long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        ProcessMemory memory = ProcessMemory.now();
        System.out.printf(Locale.ROOT, "RSS %s, anonymous %s; heap committed %s%n", mib(memory.rss()),
                mib(memory.rssAnon()), mib(committed));
    }

    @Trace
    static ByteBuffer allocateDirect(int bytes) {
        return ByteBuffer.allocateDirect(bytes);
    }

    @Trace
    static MappedByteBuffer map(FileChannel channel, long bytes) throws IOException {
        return channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
    }

    @Trace
    static void writeEveryPage(MappedByteBuffer mapped, long bytes) {
        for (int offset = 0; offset < bytes; offset += (int) PAGE) {
            mapped.put(offset, (byte) 1);
        }
    }

    private static long addressOf(ByteBuffer direct) {
        return Pointer.wrap(jnr.ffi.Runtime.getSystemRuntime(), direct).address();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.1f MiB", bytes / (double) MIB);
    }

    private static String delta(long bytes) {
        return String.format(Locale.ROOT, "%+,.1f MiB", bytes / (double) MIB);
    }

    /*
     * How to run
     *
     *   ./faultline example 05
     *
     * or, from the repository root after `mvn -B -DskipTests package`:
     *
     *   java -XX:+PreserveFramePointer \
     *        -javaagent:agent/target/faultline-agent.jar=sink=stderr,dump=exit \
     *        -cp 'examples/target/faultline-examples.jar:examples/target/lib/*' \
     *        dev.faultline.examples.Example05WhatRssCounts
     *
     * It writes a 256 MiB sparse file (64 MiB of it touched) in java.io.tmpdir and deletes
     * it. Where java.io.tmpdir is a tmpfs, the file's pages count as shared memory
     * (RssShmem), not file-backed.
     */
}
