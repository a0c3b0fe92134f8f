package dev.faultline.nativebridge;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves itself into a memory cgroup, then does what the test tells it, one line at a time:
 * {@code read NAME} prints a {@link ContainerMemory} snapshot as {@code NAME.figure=value}
 * lines and {@code NAME.done}; {@code sample NAME} prints one the same way from a
 * {@link ContainerMemory.Sampler} made, and first sampled, before the JVM joined the cgroup;
 * {@code join DIR} moves the JVM into another cgroup and prints {@code joined}; {@code touch N} allocates and writes N MiB outside the Java
 * heap and keeps it, then prints {@code touched}; {@code exit}.
 *
 * <p>Argument: the cgroup directory to join.
 * Run it with a small pre-touched heap ({@code -Xms32m -Xmx32m -XX:+AlwaysPreTouch}), so
 * that the heap is charged to the cgroup it started in and the one it joins sees only what
 * it touches.
 */
final class MemoryToucherProgram {
    private MemoryToucherProgram() {
    }

    public static void main(String[] args) throws Exception {
        ContainerMemory.Sampler sampler = ContainerMemory.sampler();
        for (int i = 0; i < 50; i++) {
            ContainerMemory.now(); // load and warm up before joining, so that little is charged to the new cgroup
            sampler.sample(); // its files are those of the cgroup the JVM started in
        }
        Files.writeString(Path.of(args[0], "cgroup.procs"), ProcessHandle.current().pid() + "\n");
        System.out.println("joined");
        System.out.flush();
        List<ByteBuffer> kept = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.split(" ");
            if (words[0].equals("read")) {
                print(words[1], ContainerMemory.now());
            } else if (words[0].equals("sample")) {
                print(words[1], sampler.sample());
            } else if (words[0].equals("join")) {
                Files.writeString(Path.of(words[1], "cgroup.procs"), ProcessHandle.current().pid() + "\n");
                System.out.println("joined");
            } else if (words[0].equals("touch")) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(Integer.parseInt(words[1]) << 20); // zeroed: every page written
                kept.add(buffer);
                System.out.println("touched");
            } else if (words[0].equals("exit")) {
                return;
            }
            System.out.flush();
        }
    }

    private static void print(String prefix, ContainerMemory m) {
        System.out.println(prefix + ".available=" + m.available());
        System.out.println(prefix + ".problem=" + m.problem());
        System.out.println(prefix + ".version=" + m.cgroupVersion());
        System.out.println(prefix + ".path=" + m.cgroupPath());
        System.out.println(prefix + ".bindingLimit=" + m.bindingLimit());
        System.out.println(prefix + ".bindingPath=" + m.bindingLimitPath());
        System.out.println(prefix + ".bindingUsage=" + m.bindingLimitUsage());
        System.out.println(prefix + ".headroom=" + m.headroom().bytes());
        System.out.println(prefix + ".bound=" + m.headroom().bound());
        System.out.println(prefix + ".reason=" + m.headroom().reason());
        System.out.println(prefix + ".oomScore=" + m.oomScore());
        System.out.println(prefix + ".oomScoreAdj=" + m.oomScoreAdj());
        System.out.println(prefix + ".systemCgroupLimit=" + m.system().cgroupLimit());
        System.out.println(prefix + ".systemCgroupUsage=" + m.system().cgroupUsage());
        for (MemoryFigure figure : MemoryFigure.values()) {
            System.out.println(prefix + "." + figure + "=" + m.get(figure));
        }
        System.out.println(prefix + ".text=" + m);
        System.out.println(prefix + ".done");
    }
}
