package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.NativeSymbolizer;
import dev.faultline.nativebridge.internal.NativeWalk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a forked JVM by {@link BacktraceStressTest}: many captures on several threads on
 * compiled code; every native frame shown is checked against the executable mappings of
 * {@code /proc/self/maps}, read here independently of the bridge. Prints one summary line.
 *
 * <p>Arguments: threads, captures per thread, and {@code raw} to also check raw
 * {@code unw_backtrace} walks (the walk the bridge makes only with frame pointers): every
 * address outside executable memory must be refused by the symbolizer.
 */
public final class StressProgram {
    private static volatile long[][] executable = readExecutable();
    private static final AtomicLong CAPTURES = new AtomicLong();
    private static final AtomicLong NATIVE_FRAMES = new AtomicLong();
    private static final AtomicLong SHOWN_OUTSIDE = new AtomicLong();
    private static final AtomicLong RAW_OUTSIDE = new AtomicLong();
    private static final AtomicLong RAW_ADDRESSES = new AtomicLong();
    private static final AtomicLong UNSEEN = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int perThread = Integer.parseInt(args[1]);
        boolean raw = args.length > 2 && args[2].equals("raw");
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    level1(i, raw);
                }
            }, "stress-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("captures=" + CAPTURES + " nativeFrames=" + NATIVE_FRAMES + " shownOutside=" + SHOWN_OUTSIDE
                + " unseen=" + UNSEEN + " rawAddresses=" + RAW_ADDRESSES + " rawOutside=" + RAW_OUTSIDE);
    }

    static void level1(int i, boolean raw) {
        level2(i, raw);
    }

    static void level2(int i, boolean raw) {
        level3(i, raw);
    }

    static void level3(int i, boolean raw) {
        Backtrace backtrace = Backtrace.capture(64);
        CAPTURES.incrementAndGet();
        for (Frame frame : backtrace.frames()) {
            if (frame.kind() == Frame.Kind.NATIVE) {
                NATIVE_FRAMES.incrementAndGet();
                if (!isExecutable(frame.address())) {
                    SHOWN_OUTSIDE.incrementAndGet();
                    System.out.println("SHOWN OUTSIDE: " + frame);
                }
            } else if (frame.kind() == Frame.Kind.UNSEEN) {
                UNSEEN.incrementAndGet();
            }
        }
        if (raw) {
            long[] ips = new long[NativeWalk.CAPACITY];
            int count = NativeWalk.walk(ips);
            RAW_ADDRESSES.addAndGet(count);
            for (int k = 0; k < count; k++) {
                if (!isExecutable(ips[k])) {
                    RAW_OUTSIDE.incrementAndGet();
                    if (NativeSymbolizer.get().resolve(ips[k]) != null) {
                        SHOWN_OUTSIDE.incrementAndGet();
                        System.out.println("RESOLVED OUTSIDE: 0x" + Long.toHexString(ips[k]));
                    }
                }
            }
        }
    }

    private static boolean isExecutable(long address) {
        if (find(executable, address)) {
            return true;
        }
        executable = readExecutable(); // a library or stub mapped since
        return find(executable, address);
    }

    private static boolean find(long[][] ranges, long address) {
        for (long[] r : ranges) {
            if (Long.compareUnsigned(address, r[0]) >= 0 && Long.compareUnsigned(address, r[1]) < 0) {
                return true;
            }
        }
        return false;
    }

    private static long[][] readExecutable() {
        try {
            List<long[]> ranges = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                String[] parts = line.split("\\s+");
                if (parts[1].charAt(2) == 'x') {
                    String[] range = parts[0].split("-");
                    ranges.add(new long[] {Long.parseUnsignedLong(range[0], 16), Long.parseUnsignedLong(range[1], 16)});
                }
            }
            return ranges.toArray(new long[0][]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
