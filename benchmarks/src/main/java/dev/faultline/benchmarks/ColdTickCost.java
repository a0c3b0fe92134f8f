package dev.faultline.benchmarks;

import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.ProcessMemory;
import dev.faultline.nativebridge.SystemMemory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The memory monitor's tick as it runs at its default period: one tick a second, mostly
 * interpreted code and cold caches, which {@link MonitorTickBenchmark} (back to back, hot,
 * compiled) does not show. Each second it times, in this thread's CPU time, the three reads
 * of a tick ({@code ProcessMemory.now()}, then the container's {@code ContainerMemory.Sampler},
 * which reads the system's figures too), {@code SystemMemory.now()} alone for comparison, and,
 * as the floor, the same kind of files read with one positional read each by a
 * {@code FileChannel} and nothing parsed. Medians and 90th percentiles over the second half
 * of the run.
 *
 * <p>Run from the repository root after {@code mvn package}:
 * {@code java -cp 'benchmarks/target/faultline-benchmarks.jar:benchmarks/target/lib/*' dev.faultline.benchmarks.ColdTickCost [PERIOD_MS] [TICKS]}
 * (default 1000 ms, 120 ticks: two minutes).
 */
public final class ColdTickCost {
    private ColdTickCost() {
    }

    public static void main(String[] args) throws Exception {
        long period = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        int ticks = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ContainerMemory.Sampler sampler = ContainerMemory.sampler();
        FileChannel[] floor = floorFiles();
        ByteBuffer buffer = ByteBuffer.allocate(16384);
        long[][] cpu = new long[4][ticks];
        for (int i = 0; i < ticks; i++) {
            Thread.sleep(period);
            long c0 = threads.getCurrentThreadCpuTime();
            ProcessMemory process = ProcessMemory.now();
            long c1 = threads.getCurrentThreadCpuTime();
            ContainerMemory container = sampler.sample();
            long c2 = threads.getCurrentThreadCpuTime();
            Thread.sleep(period / 4); // the other reads a while later: as cold as the tick's
            long s0 = threads.getCurrentThreadCpuTime();
            SystemMemory system = SystemMemory.now();
            long s1 = threads.getCurrentThreadCpuTime();
            Thread.sleep(period / 4);
            long f0 = threads.getCurrentThreadCpuTime();
            for (FileChannel file : floor) {
                buffer.clear();
                file.read(buffer, 0);
            }
            long f1 = threads.getCurrentThreadCpuTime();
            cpu[0][i] = c1 - c0;
            cpu[1][i] = c2 - c1;
            cpu[2][i] = s1 - s0;
            cpu[3][i] = f1 - f0;
            if (process.rss() + container.usage() + system.committed() == 42) {
                System.out.print(""); // keep the reads' results live
            }
        }
        String[] names = {"ProcessMemory.now()", "ContainerMemory.Sampler.sample() (system's too)",
            "SystemMemory.now() alone, not in the tick",
            "floor: " + floor.length + " files, one FileChannel read each"};
        System.out.printf(Locale.ROOT, "%d ticks every %d ms; CPU time of this thread, second half:%n", ticks, period);
        for (int k = 0; k < names.length; k++) {
            long[] half = Arrays.copyOfRange(cpu[k], ticks / 2, ticks);
            Arrays.sort(half);
            System.out.printf(Locale.ROOT, "  %-48s median %7.1f us, p90 %7.1f us%n", names[k],
                    half[half.length / 2] / 1e3, half[half.length * 9 / 10] / 1e3);
        }
    }

    /** The files of a tick: /proc's and the memory cgroup's (v1 or v2) with its ancestors' limits. */
    private static FileChannel[] floorFiles() throws IOException {
        List<Path> paths = new ArrayList<>(List.of(Path.of("/proc/self/status"), Path.of("/proc/meminfo"),
                Path.of("/proc/sys/vm/overcommit_memory"), Path.of("/proc/sys/vm/overcommit_ratio"),
                Path.of("/proc/sys/vm/overcommit_kbytes"), Path.of("/proc/self/cgroup"), Path.of("/proc/pressure/memory"),
                Path.of("/proc/self/oom_score"), Path.of("/proc/self/oom_score_adj")));
        String v1 = null;
        String v2 = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts[1].equals("memory")) {
                v1 = parts[2];
            } else if (parts[0].equals("0")) {
                v2 = parts[2];
            }
        }
        Path root = v1 != null ? Path.of("/sys/fs/cgroup/memory") : Path.of("/sys/fs/cgroup");
        Path dir = Path.of(root + (v1 != null ? v1 : v2 == null ? "" : v2));
        List<String> own = v1 != null
                ? List.of("memory.usage_in_bytes", "memory.max_usage_in_bytes", "memory.limit_in_bytes",
                        "memory.soft_limit_in_bytes", "memory.memsw.usage_in_bytes", "memory.memsw.limit_in_bytes",
                        "memory.failcnt", "memory.oom_control", "memory.stat")
                : List.of("memory.current", "memory.peak", "memory.max", "memory.high", "memory.low", "memory.min",
                        "memory.swap.current", "memory.swap.max", "memory.events", "memory.stat", "memory.pressure");
        for (String name : own) {
            paths.add(dir.resolve(name));
        }
        for (Path level = dir.getParent(); level != null && level.startsWith(root); level = level.getParent()) {
            paths.add(level.resolve(v1 != null ? "memory.limit_in_bytes" : "memory.max"));
        }
        List<FileChannel> open = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isReadable(path)) {
                open.add(FileChannel.open(path));
            }
        }
        return open.toArray(new FileChannel[0]);
    }
}
