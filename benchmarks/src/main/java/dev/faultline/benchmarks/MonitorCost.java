package dev.faultline.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What the memory monitor costs a CPU-bound JVM, measured on whole JVMs: the same fixed
 * amount of arithmetic on two threads, in a JVM without the agent, with the agent and its
 * monitor idle (a 60 min period: the agent's own cost), and with the monitor at 1 s and
 * 100 ms. Each run reports the measured phase's wall time, the process's CPU time and the
 * monitor thread's CPU time; the runs go in rounds, all four variants one after another in
 * an order that turns each round, and each is compared with the run without the agent of
 * the same round, so that the drift of a shared machine's load cancels out.
 *
 * <p>Why whole JVMs and not JMH alone: the monitor is a thread beside the application, so
 * its cost is CPU taken from the application's cores, which shows in the process's CPU time
 * for fixed work and in the monitor thread's own CPU time, both measured here; JMH's
 * throughput on two shared cores varied by tens of percent between forks, far more than
 * the effect. Goal: at most 1% more at 1 s.
 *
 * <p>Run from the repository root after {@code mvn package}:
 * {@code java -cp 'benchmarks/target/faultline-benchmarks.jar:benchmarks/target/lib/*' dev.faultline.benchmarks.MonitorCost [ROUNDS] [SECONDS]}.
 */
public final class MonitorCost {
    private static final String AGENT = "-javaagent:agent/target/faultline-agent.jar=dump=none,period=";
    private static final String MONITOR_THREAD = "faultline-memory-monitor";
    private static final int THREADS = 2;

    private MonitorCost() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("withoutAgent", null);
        variants.put("monitorIdle(60m)", AGENT + "60m");
        variants.put("monitor(1s)", AGENT + "1s");
        variants.put("monitor(100ms)", AGENT + "100ms");
        List<String> names = new ArrayList<>(variants.keySet());
        long ops = calibrate(seconds);
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + round) % names.size());
                double[] run = run(variants.get(name), ops);
                runs.computeIfAbsent(name, n -> new ArrayList<>()).add(run);
                System.out.printf(Locale.ROOT, "round %d %-18s wall %.3f s, process cpu %.3f s, monitor cpu %.2f ms%n",
                        round, name, run[0], run[1], run[2] * 1000);
            }
        }
        System.out.printf(Locale.ROOT, "%n%d rounds of %d ops on %d threads (about %d s each); ratios to withoutAgent"
                + " in the same round, median (lowest, highest):%n", rounds, ops, THREADS, seconds);
        System.out.printf(Locale.ROOT, "  %-18s %-28s %-28s %s%n", "", "wall time", "process CPU time",
                "monitor thread CPU (share of the wall time)");
        for (String name : names) {
            List<Double> wall = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            List<Double> monitor = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double[] base = runs.get("withoutAgent").get(round);
                double[] run = runs.get(name).get(round);
                wall.add(run[0] / base[0]);
                cpu.add(run[1] / base[1]);
                monitor.add(run[2] / run[0]);
            }
            System.out.printf(Locale.ROOT, "  %-18s %-28s %-28s %s%n", name, summary(wall, "%.4f"),
                    summary(cpu, "%.4f"), summary(monitor, "%.4f%%", 100));
        }
    }

    private static String summary(List<Double> values, String format) {
        return summary(values, format, 1);
    }

    private static String summary(List<Double> values, String format, double scale) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, format + " (" + format + ", " + format + ")",
                sorted.get(sorted.size() / 2) * scale, sorted.get(0) * scale, sorted.get(sorted.size() - 1) * scale);
    }

    /** Ops that take {@value #THREADS} threads about {@code seconds} on free cores, measured in this JVM. */
    private static long calibrate(int seconds) {
        long x = 1;
        long start = System.nanoTime();
        long ops = 0;
        while (System.nanoTime() - start < 1_000_000_000L) {
            x = Workload.work(x);
            ops++;
        }
        if (x == 42) {
            System.out.print(""); // keeps x, and so the loop, alive
        }
        return ops * seconds * THREADS;
    }

    /** Runs one workload JVM; returns {wall seconds, process CPU seconds, monitor CPU seconds}. */
    private static double[] run(String agent, long ops) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agent != null) {
            command.add(agent);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Workload.class.getName());
        command.add(Long.toString(ops));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the workload failed: " + command + "\n" + out);
        }
        String[] fields = out.substring(out.lastIndexOf('\n') + 1).split(" ");
        return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                Double.parseDouble(fields[2])};
    }

    /**
     * The measured JVM: warms up for two seconds, then runs {@code args[0]} ops of
     * arithmetic split over {@value MonitorCost#THREADS} threads, and prints the phase's wall
     * seconds, the process's CPU seconds and the monitor thread's CPU seconds (0 without it).
     */
    public static final class Workload {
        private Workload() {
        }

        public static void main(String[] args) throws InterruptedException {
            long ops = Long.parseLong(args[0]);
            long warmupEnd = System.nanoTime() + 2_000_000_000L;
            long x = 1;
            while (System.nanoTime() < warmupEnd) {
                x = work(x);
            }
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long monitor0 = monitorCpu();
            long wall0 = System.nanoTime();
            CountDownLatch done = new CountDownLatch(THREADS);
            long[] sinks = new long[THREADS];
            for (int t = 0; t < THREADS; t++) {
                int index = t;
                new Thread(() -> {
                    long y = index + 1;
                    for (long i = 0; i < ops / THREADS; i++) {
                        y = work(y);
                    }
                    sinks[index] = y;
                    done.countDown();
                }, "work-" + t).start();
            }
            done.await();
            long wall = System.nanoTime() - wall0;
            long cpu = os.getProcessCpuTime() - cpu0;
            long monitor = monitorCpu() - monitor0;
            if (sinks[0] + sinks[1] + x == 42) {
                System.out.println(); // keeps the results, and so the loops, alive
            }
            System.out.printf(Locale.ROOT, "%.6f %.6f %.6f%n", wall / 1e9, cpu / 1e9, monitor / 1e9);
        }

        /** About 10 µs of integer arithmetic that the JIT cannot fold away (xorshift steps). */
        static long work(long seed) {
            long x = seed;
            long sum = 0;
            for (int i = 0; i < 4096; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                sum += x & 0xff;
            }
            return x + (sum & 1);
        }

        private static long monitorCpu() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals(MONITOR_THREAD)) {
                    return threads.getThreadCpuTime(thread.getId());
                }
            }
            return 0;
        }
    }
}
