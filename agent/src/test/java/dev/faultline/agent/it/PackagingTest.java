package dev.faultline.agent.it;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent jar as shipped: every class in its nested jars is a Java 6 or later class file,
 * so the JVM verifies it with the split verifier (ASM and jnr-x86asm are compiled for
 * Java 5; the build gives their classes stack map frames). That they still run is what
 * every other forked-JVM test shows: the weaver is ASM, and JNR generates its native stubs
 * with ASM and jnr-x86asm.
 */
class PackagingTest {
    @Test
    void everyNestedClassFileHasStackMapFrames() throws IOException {
        List<String> old = new ArrayList<>();
        int classes = 0;
        int fromAsm = 0;
        try (JarFile agent = new JarFile(AgentJvm.AGENT_JAR.toFile())) {
            Enumeration<JarEntry> entries = agent.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().startsWith("META-INF/faultline/") || !entry.getName().endsWith(".jar")) {
                    continue;
                }
                byte[] nested;
                try (InputStream in = agent.getInputStream(entry)) {
                    nested = in.readAllBytes();
                }
                try (JarInputStream jar = new JarInputStream(new ByteArrayInputStream(nested))) {
                    for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                        if (!e.getName().endsWith(".class")) {
                            continue;
                        }
                        byte[] bytes = jar.readAllBytes();
                        int major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
                        classes++;
                        if (e.getName().startsWith("org/objectweb/asm/")) {
                            fromAsm++;
                        }
                        if (major < 50) {
                            old.add(entry.getName() + "!" + e.getName() + " (version " + major + ")");
                        }
                    }
                }
            }
        }
        String counted = "nested classes read: " + classes + ", ASM's " + fromAsm;
        assertTrue(classes > 1000 && fromAsm > 100, counted);
        assertEquals(List.of(), old.size() > 20 ? old.subList(0, 20) : old, "class files without stack map frames");
    }
}
