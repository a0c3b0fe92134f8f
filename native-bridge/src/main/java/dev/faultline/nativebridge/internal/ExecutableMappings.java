package dev.faultline.nativebridge.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process's executable mappings, for checking that an instruction pointer lies in
 * executable memory and finding the file it came from.
 *
 * <p>A snapshot of {@code /proc/self/maps}, sorted by address. An address not found in
 * the snapshot triggers one re-read (libraries and JIT stubs are mapped at run time), at
 * most every {@value #MIN_REREAD_NANOS} ns, so that a stream of bad addresses cannot turn
 * every capture into a maps read.
 */
public final class ExecutableMappings {
    private static final long MIN_REREAD_NANOS = 20_000_000L;
    private static final Path MAPS = Path.of("/proc/self/maps");

    private static final class Snapshot {
        final long[] starts;
        final long[] ends;
        final MapsLine[] lines;
        final long readAt;

        Snapshot(List<MapsLine> lines, long readAt) {
            this.lines = lines.toArray(new MapsLine[0]);
            this.starts = new long[this.lines.length];
            this.ends = new long[this.lines.length];
            for (int i = 0; i < this.lines.length; i++) {
                starts[i] = this.lines[i].start;
                ends[i] = this.lines[i].end;
            }
            this.readAt = readAt;
        }

        MapsLine find(long address) {
            int lo = 0;
            int hi = starts.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (Long.compareUnsigned(address, starts[mid]) < 0) {
                    hi = mid - 1;
                } else if (Long.compareUnsigned(address, ends[mid]) >= 0) {
                    lo = mid + 1;
                } else {
                    return lines[mid];
                }
            }
            return null;
        }
    }

    private static final ExecutableMappings INSTANCE = new ExecutableMappings();

    private volatile Snapshot snapshot = new Snapshot(List.of(), Long.MIN_VALUE / 2);

    private ExecutableMappings() {
    }

    /** The process's executable mappings. */
    public static ExecutableMappings get() {
        return INSTANCE;
    }

    /** The executable mapping holding {@code address}, or {@code null} when none does. */
    public MapsLine find(long address) {
        MapsLine line = snapshot.find(address);
        if (line != null) {
            return line;
        }
        long now = System.nanoTime();
        Snapshot old = snapshot;
        if (now - old.readAt < MIN_REREAD_NANOS) {
            return null;
        }
        Snapshot fresh = read(now);
        snapshot = fresh;
        return fresh.find(address);
    }

    private static Snapshot read(long now) {
        List<MapsLine> lines = new ArrayList<>();
        try {
            String text = new String(Files.readAllBytes(MAPS), StandardCharsets.US_ASCII);
            int from = 0;
            while (from < text.length()) {
                int nl = text.indexOf('\n', from);
                if (nl < 0) {
                    nl = text.length();
                }
                MapsLine line = MapsLine.parse(text.substring(from, nl));
                if (line != null && line.executable()) {
                    lines.add(line);
                }
                from = nl + 1;
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: nothing is known to be executable, so no native frame is shown
        }
        return new Snapshot(lines, now);
    }
}
