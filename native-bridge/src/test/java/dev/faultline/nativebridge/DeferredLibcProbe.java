package dev.faultline.nativebridge;

import dev.faultline.nativebridge.internal.Natives;

import java.nio.ByteBuffer;

/**
 * Run in a forked JVM: says libc will be loaded later ({@link NativeSupport#deferLibc()}),
 * then reads thread counters and RSS, which must come from {@code /proc} without loading
 * JNR, then loads libc and reads again. Prints {@code key=value} lines.
 */
public final class DeferredLibcProbe {
    static final int PAGES = 2048;

    private DeferredLibcProbe() {
    }

    public static void main(String[] args) throws Exception {
        NativeSupport.deferLibc();
        ThreadCounters before = ThreadCounters.quick();
        ByteBuffer buffer = ByteBuffer.allocateDirect(PAGES * 4096); // zeroed: each page touched once
        ThreadCounters after = ThreadCounters.quick();
        long rss = ProcessMemory.currentRss();
        long statmPages = GroundTruth.field("/proc/self/statm", 1); // in pages: the test knows their size
        System.out.println("deferred.lookedFor=" + Natives.libcLookedFor());
        System.out.println("deferred.procfs=" + (before.isFromProcfs() && after.isFromProcfs()));
        System.out.println("deferred.available=" + after.available());
        System.out.println("deferred.minflt=" + after.minus(before).minorFaults());
        System.out.println("deferred.rss=" + rss);
        System.out.println("statm.pages=" + statmPages);
        System.out.println("buffer=" + buffer.capacity());

        System.out.println("loaded.libc=" + NativeSupport.libcAvailable());
        ThreadCounters loaded = ThreadCounters.quick();
        System.out.println("loaded.procfs=" + loaded.isFromProcfs());
        System.out.println("loaded.lookedFor=" + Natives.libcLookedFor());
    }
}
