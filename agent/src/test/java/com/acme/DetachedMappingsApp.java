package com.acme;

import com.sun.tools.attach.VirtualMachine;
import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code DetachedMappingsApp AGENT_JAR DIR detach|stay}: runs with the agent, makes a
 * direct buffer, then (with {@code detach}) detaches the agent from itself, as
 * {@code faultline detach PID} would (needs {@code -Djdk.attach.allowAttachSelf=true}).
 * Then it installs its own listener in faultline's {@code MappingProbe} and maps a file
 * and allocates a direct buffer: the listener hears of them only while the JDK's methods
 * are still hooked. Prints {@code before ...}, {@code after ...} and {@code heard N}.
 */
public final class DetachedMappingsApp {
    private DetachedMappingsApp() {
    }

    public static void main(String[] args) throws Exception {
        MappingsView view = new MappingsView();
        ByteBuffer kept = ByteBuffer.allocateDirect(1 << 20);
        System.out.println("before registered=" + view.registered() + " rows=" + view.from("DetachedMappingsApp").size());
        if (args[2].equals("detach")) {
            VirtualMachine self = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
            try {
                self.loadAgent(args[0], "detach");
            } finally {
                self.detach();
            }
        }
        System.out.println("after registered=" + view.registered());

        AtomicInteger heard = new AtomicInteger();
        Class<?> probe = Class.forName("dev.faultline.agent.bootstrap.MappingProbe", true, null);
        Class<?> listener = Class.forName("dev.faultline.agent.bootstrap.MappingListener", true, null);
        Object counting = Proxy.newProxyInstance(DetachedMappingsApp.class.getClassLoader(), new Class<?>[] {listener},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("mapped") || method.getName().equals("allocated")) {
                        heard.incrementAndGet();
                    }
                    return null;
                });
        probe.getMethod("install", listener).invoke(null, counting);
        ByteBuffer direct = ByteBuffer.allocateDirect(1 << 20);
        Path file = Files.createTempFile(Path.of(args[1]), "detached", ".bin");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, 1 << 20).put(0, (byte) 1);
        } finally {
            Files.deleteIfExists(file);
        }
        System.out.println("heard " + heard.get() + " " + direct.capacity() + " " + kept.capacity());
    }
}
