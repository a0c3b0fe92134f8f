package dev.faultline.nativebridge;

import dev.faultline.nativebridge.testing.ForkedJvm;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessMemoryTest {
    private static final String STATUS = "/proc/self/status";
    private static final long MIB = 1 << 20;
    private static final long FEW_PAGES = 16 * ScratchMapping.PAGE;

    @Test
    void rssIsWhatStatusSaysRightAfter() {
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5; attempt++) {
            long ours = ProcessMemory.now().rss();
            long kernel = GroundTruth.kbAsBytes(STATUS, "VmRSS");
            best = Math.min(best, Math.abs(kernel - ours));
        }
        assertTrue(best <= FEW_PAGES, "RSS differs from VmRSS by " + best + " bytes");
    }

    @Test
    void everyFieldIsItsStatusLineInBytes() {
        // the JVM's other threads move RSS between two reads: compare against status read
        // right after ours, and take the best of a few attempts
        AssertionError last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            ProcessMemory ours = ProcessMemory.now();
            String status = GroundTruth.read(STATUS);
            try {
                assertTrue(ours.available());
                assertClose(kb(status, "VmSize"), ours.size(), 4 * MIB, "VmSize");
                assertClose(kb(status, "VmRSS"), ours.rss(), MIB, "VmRSS");
                assertClose(kb(status, "RssAnon"), ours.rssAnon(), MIB, "RssAnon");
                assertClose(kb(status, "RssFile"), ours.rssFile(), MIB, "RssFile");
                assertClose(kb(status, "RssShmem"), ours.rssShmem(), MIB, "RssShmem");
                assertClose(kb(status, "VmSwap"), ours.swap(), MIB, "VmSwap");
                assertTrue(ours.peakRss() <= kb(status, "VmHWM") && ours.peakRss() >= ours.rss(), "VmHWM: " + ours);
                assertTrue(ours.peakSize() <= kb(status, "VmPeak") && ours.peakSize() >= ours.size(),
                        "VmPeak: " + ours);
                assertEquals(ours.rss(), ours.rssAnon() + ours.rssFile() + ours.rssShmem(),
                        "RSS is the sum of its parts");
                return;
            } catch (AssertionError e) {
                last = e;
            }
        }
        throw last;
    }

    private static long kb(String status, String key) {
        return GroundTruth.valueIn(status, key) * 1024;
    }

    @Test
    void faultsAreFieldsTenAndTwelveOfStat() {
        ProcessMemory ours = ProcessMemory.now();
        long minflt = GroundTruth.statField("/proc/self/stat", 10);
        long majflt = GroundTruth.statField("/proc/self/stat", 12);
        assertTrue(ours.minorFaults() <= minflt && minflt - ours.minorFaults() < 2_000,
                "minflt " + ours.minorFaults() + " vs stat " + minflt);
        assertTrue(ours.majorFaults() <= majflt && majflt - ours.majorFaults() < 10,
                "majflt " + ours.majorFaults() + " vs stat " + majflt);
    }

    @Test
    void rssAgreesWithStatm() {
        long page = ScratchMapping.PAGE;
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 5; attempt++) {
            ProcessMemory ours = ProcessMemory.now();
            long current = ProcessMemory.currentRss();
            long statmResident = GroundTruth.field("/proc/self/statm", 1) * page;
            long statmSize = GroundTruth.field("/proc/self/statm", 0) * page;
            best = Math.min(best, Math.max(Math.abs(statmResident - ours.rss()),
                    Math.max(Math.abs(statmResident - current), Math.abs(statmSize - ours.size()))));
        }
        assertTrue(best <= FEW_PAGES, "statm differs by " + best + " bytes");
    }

    @Test
    void touching64MiBOfFreshPagesRaisesRssAndRssAnonBy64MiB() {
        long size = 64 * MIB;
        long pages = size / ScratchMapping.PAGE;
        String failure = null;
        for (int attempt = 0; attempt < 3; attempt++) { // other threads of this JVM move RSS too
            try (ScratchMapping mapping = ScratchMapping.map(size)) {
                ProcessMemory before = ProcessMemory.now();
                mapping.touch(0, size);
                ProcessMemory delta = ProcessMemory.now().minus(before);
                failure = null;
                if (Math.abs(delta.rss() - size) > size / 100) {
                    failure = "RSS rose by " + delta.rss() + ", not " + size + ": " + delta;
                } else if (Math.abs(delta.rssAnon() - size) > size / 100) {
                    failure = "RssAnon rose by " + delta.rssAnon() + ", not " + size + ": " + delta;
                } else if (delta.minorFaults() < pages) {
                    failure = "only " + delta.minorFaults() + " faults for " + pages + " pages: " + delta;
                } else if (delta.size() != 0) {
                    failure = "touching changed VmSize by " + delta.size();
                }
                if (failure == null) {
                    return;
                }
            }
        }
        throw new AssertionError(failure);
    }

    @Test
    void mappingRaisesVmSizeButNotRss() {
        long size = 256 * MIB;
        String failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            ProcessMemory before = ProcessMemory.now();
            try (ScratchMapping mapping = ScratchMapping.map(size)) {
                ProcessMemory delta = ProcessMemory.now().minus(before);
                failure = Math.abs(delta.size() - mapping.length) <= 4 * MIB && delta.rss() < 4 * MIB ? null
                        : "mapping " + mapping.length + " untouched gave " + delta;
            }
            if (failure == null) {
                return;
            }
        }
        throw new AssertionError(failure);
    }

    @Test
    void withoutLibcFaultsComeFromStatAndRssStillReads() {
        ForkedJvm.Result result = ForkedJvm.run(WithoutNativesProbe.class, List.of("-Dfaultline.native=false"));
        List<String> lines = result.lines();
        assertTrue(lines.contains("threw=nothing"), result.toString());
        assertTrue(lines.contains("process.available=true"), result.toString());
        long minflt = result.number("process.minflt=");
        long stat = result.number("process.stat.minflt=");
        assertTrue(minflt > 0 && minflt <= stat && stat - minflt < 2_000, result.toString());
        assertTrue(result.number("process.rss=") > MIB, result.toString());
        assertTrue(result.number("process.currentRss=") > MIB, result.toString());
        assertTrue(lines.contains("system.available=true"), result.toString());
    }


    private static void assertClose(long expected, long actual, long tolerance, String what) {
        assertTrue(Math.abs(expected - actual) <= tolerance,
                what + ": ours " + actual + ", kernel " + expected + " (tolerance " + tolerance + ")");
    }
}
