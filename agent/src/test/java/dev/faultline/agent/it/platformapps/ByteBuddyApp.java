package dev.faultline.agent.it.platformapps;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * An application with its own ByteBuddy (run with 1.14.18 on the class path; compiled
 * against API that 1.14 has too): says which ByteBuddy it sees, makes a class
 * {@value #GENERATED} with it, and tries to load classes that only the agent has. Prints
 * the same with and without the agent.
 */
public final class ByteBuddyApp {
    /** The class the app generates; a test may trace its {@code toString}. */
    public static final String GENERATED = "isolation.Generated";

    private ByteBuddyApp() {
    }

    public static void main(String[] args) throws Exception {
        URL location = ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation();
        System.out.println("bytebuddy.jar=" + Path.of(location.toURI()).getFileName());
        System.out.println("bytebuddy.version=" + bundleVersion(Path.of(location.toURI())));
        System.out.println("bytebuddy.loader=" + ByteBuddy.class.getClassLoader().getName());
        List<String> copies = new ArrayList<>();
        for (URL url : Collections.list(ClassLoader.getSystemClassLoader().getResources("net/bytebuddy/ByteBuddy.class"))) {
            String jar = url.toString().substring(0, Math.max(0, url.toString().indexOf("!/")));
            copies.add(jar.substring(jar.lastIndexOf('/') + 1));
        }
        System.out.println("bytebuddy.copies=" + copies);

        Class<?> generated = new ByteBuddy()
                .subclass(Object.class)
                .name(GENERATED)
                .method(ElementMatchers.named("toString"))
                .intercept(FixedValue.value("hello from a class made by ByteBuddy"))
                .make()
                .load(ByteBuddyApp.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
        Object instance = generated.getDeclaredConstructor().newInstance();
        System.out.println("generated.class=" + generated.getName());
        System.out.println("generated.toString=" + instance);

        for (String name : new String[] {"jnr.ffi.LibraryLoader", "com.kenai.jffi.Foreign",
                "dev.faultline.agent.internal.AgentCore", "dev.faultline.agent.internal.trace.Tracer",
                "dev.faultline.nativebridge.NativeMemory"}) {
            System.out.println("load." + name + "=" + load(name));
        }
    }

    private static String bundleVersion(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
    }

    private static String load(String name) {
        try {
            Class<?> type = Class.forName(name, false, ByteBuddyApp.class.getClassLoader());
            return "loaded by " + type.getClassLoader();
        } catch (ClassNotFoundException e) {
            return "ClassNotFoundException";
        }
    }
}
