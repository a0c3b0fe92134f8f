package dev.faultline.nativebridge;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Moves itself into a cgroup, reads {@link CpuThrottling} before and after spinning on one
 * thread, then waits for the test: on a line {@code leave} it moves into another cgroup, on
 * a line {@code read} it reads once more (the test has removed the first cgroup by then)
 * and exits. Every figure is printed as {@code name=value}.
 *
 * <p>Arguments: the cgroup directory to join, the one to move to when told to leave, and
 * how many milliseconds to spin.
 */
final class ThrottledSpinProgram {
    private ThrottledSpinProgram() {
    }

    public static void main(String[] args) throws Exception {
        Path join = Path.of(args[0]);
        Path leaveTo = Path.of(args[1]);
        long spinMillis = Long.parseLong(args[2]);
        // load JNR before joining: at a fifth of a CPU its 0.5 s of start-up would take seconds
        System.out.println("libc=" + NativeSupport.libcAvailable());
        moveTo(join);

        CpuThrottling snapshot = CpuThrottling.now(); // finds the new cgroup and points readInto at it
        print("snapshot", snapshot);
        long[] before = new long[CpuThrottling.SLOTS];
        System.out.println("before.ok=" + CpuThrottling.readInto(before));
        print("before", before);

        long start = System.nanoTime();
        long spins = 0;
        while (System.nanoTime() - start < spinMillis * 1_000_000) {
            spins++;
        }
        long spun = System.nanoTime() - start;

        long[] after = new long[CpuThrottling.SLOTS];
        System.out.println("after.ok=" + CpuThrottling.readInto(after));
        print("after", after);
        System.out.println("spin.nanos=" + spun);
        System.out.println("spin.count=" + spins);
        print("later", CpuThrottling.now());
        System.out.println("spun");
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"leave".equals(in.readLine())) {
            return;
        }
        moveTo(leaveTo);
        System.out.println("left");
        System.out.flush();
        if (!"read".equals(in.readLine())) {
            return;
        }
        long[] gone = {7, 7, 7};
        System.out.println("removed.ok=" + CpuThrottling.readInto(gone));
        System.out.println("removed.array=" + Arrays.toString(gone));
        print("removed", CpuThrottling.now());
        System.out.flush();
    }

    private static void moveTo(Path cgroup) throws Exception {
        Files.writeString(cgroup.resolve("cgroup.procs"), ProcessHandle.current().pid() + "\n");
    }

    private static void print(String prefix, long[] counters) {
        System.out.println(prefix + ".periods=" + counters[CpuThrottling.PERIODS]);
        System.out.println(prefix + ".throttledPeriods=" + counters[CpuThrottling.THROTTLED_PERIODS]);
        System.out.println(prefix + ".throttledNanos=" + counters[CpuThrottling.THROTTLED_NANOS]);
    }

    private static void print(String prefix, CpuThrottling s) {
        System.out.println(prefix + ".available=" + s.available());
        System.out.println(prefix + ".problem=" + s.problem());
        System.out.println(prefix + ".version=" + s.cgroupVersion());
        System.out.println(prefix + ".path=" + s.cgroupPath());
        System.out.println(prefix + ".quotaPath=" + s.quotaCgroupPath());
        System.out.println(prefix + ".quota=" + s.quotaMicros());
        System.out.println(prefix + ".period=" + s.periodMicros());
        System.out.println(prefix + ".throttledPeriods=" + s.throttledPeriods());
        System.out.println(prefix + ".throttledNanos=" + s.throttledNanos());
        System.out.println(prefix + ".localThrottledNanos=" + s.localThrottledNanos());
        System.out.println(prefix + ".text=" + s);
    }
}
