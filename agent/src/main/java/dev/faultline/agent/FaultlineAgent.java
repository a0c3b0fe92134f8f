package dev.faultline.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class that {@code -javaagent}, attach and {@code java -jar} enter. It does almost
 * nothing: it puts the probe on the bootstrap class path, loads the agent proper and its
 * dependencies (ByteBuddy, JNR-FFI) in a class loader of their own, so that the
 * application never sees them, and hands off. It keeps only that loader, and never throws.
 */
public final class FaultlineAgent {
    private static final String NESTED = "META-INF/faultline/";
    private static final String BOOTSTRAP_JAR = "faultline-bootstrap.jar";
    private static final String CORE = "dev.faultline.agent.internal.AgentStart";
    private static final String CLI = "dev.faultline.agent.internal.cli.Cli";

    /** The agent proper's loader, made once per JVM (a later attach or detach reuses it). */
    private static ClassLoader loader;
    /** The extracted probe jar, for the agent proper to put on the bootstrap loader. */
    private static Path bootstrapJar;

    private FaultlineAgent() {
    }

    /** {@code -javaagent:faultline-agent.jar=OPTIONS}. */
    public static void premain(String options, Instrumentation instrumentation) {
        start(options, instrumentation, false);
    }

    /** Loaded into a running JVM by {@code attach}. */
    public static void agentmain(String options, Instrumentation instrumentation) {
        start(options, instrumentation, true);
    }

    /** The command line: {@code java -jar faultline-agent.jar COMMAND}. */
    public static void main(String[] args) throws Exception {
        ClassLoader loader = coreLoader(true);
        Method main = loader.loadClass(CLI).getMethod("main", String[].class);
        main.invoke(null, (Object) args);
    }

    private static void start(String options, Instrumentation instrumentation, boolean attached) {
        try {
            NestedJarLoader loader = (NestedJarLoader) coreLoader(false);
            loader.entry(CORE).accept(new Object[] {options, instrumentation, attached, bootstrapJar.toString()});
        } catch (Throwable t) {
            System.err.println("faultline: error: the agent could not start, the application runs without it: " + t);
        }
    }

    /**
     * Returns a loader for the agent proper, whose parent is the platform loader, over the
     * nested jars extracted into this user's private cache folder (see {@link #extracted}).
     * The probe's jar is in that loader only for the command line; an agent puts the probe
     * on the bootstrap loader (see {@code BootstrapInjection}).
     */
    private static synchronized ClassLoader coreLoader(boolean withProbe) throws IOException {
        if (loader != null) {
            return loader;
        }
        Path jar = codeSourceJar();
        List<Path> found = List.of();
        try {
            found = jar == null ? found : extracted(jar);
        } catch (IOException e) {
            // not the agent jar after all; or it is, and the look-up below meets the same error
        }
        Path bootstrap = probeJar(found);
        if (bootstrap == null) { // this class came from another copy of it, on the class path before the agent jar
            jar = ownJar();
            found = extracted(jar);
            bootstrap = probeJar(found);
        }
        if (bootstrap == null) {
            throw new IOException(jar + " holds no " + NESTED + BOOTSTRAP_JAR + ": not a faultline agent jar");
        }
        List<Path> jars = new ArrayList<>(found);
        if (!withProbe) {
            jars.remove(bootstrap);
        }
        inSearchOrder(jars);
        bootstrapJar = bootstrap;
        loader = new NestedJarLoader(jars);
        return loader;
    }

    /**
     * Orders the loader's jars as the agent needs them: the agent, the native bridge, then
     * ASM (the weaver), then JNR and the rest. A class is looked for in each jar in turn,
     * and a jar is opened (its directory read) when first looked in: in this order the
     * start-up path opens three jars, not thirteen.
     */
    private static void inSearchOrder(List<Path> jars) {
        for (int i = 1; i < jars.size(); i++) { // insertion sort: no comparator (lambdas cost start-up time)
            Path jar = jars.get(i);
            int j = i;
            while (j > 0 && rank(jars.get(j - 1)) > rank(jar)) {
                jars.set(j, jars.get(j - 1));
                j--;
            }
            jars.set(j, jar);
        }
    }

    private static int rank(Path jar) {
        String name = jar.getFileName().toString();
        if (name.startsWith("faultline-agent-core")) {
            return 0;
        }
        if (name.startsWith("faultline-native")) {
            return 1;
        }
        if (name.startsWith("asm-") && name.length() > 4 && Character.isDigit(name.charAt(4))) { // ASM's core
            return 2;
        }
        if (name.startsWith("asm-commons")) {
            return 3;
        }
        return name.startsWith("asm-") ? 4 : 5;
    }

    /**
     * The nested jars, extracted once per agent jar content and user: into
     * {@code TMPDIR/faultline-USER/KEY/}, where the parent folder is this user's alone
     * (mode 700, checked on every use: another user must not be able to put classes there)
     * and KEY is made of the nested entries' sizes and CRCs. A later JVM with the same
     * agent jar reuses them (extracting costs about 0.1 s of every start). The cached jars
     * hold their entries stored, not deflated (see {@link #copyStored}). Where that folder
     * cannot be used safely, a fresh private temporary folder is used, as before, with the
     * jars copied as they are.
     */
    private static List<Path> extracted(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            List<JarEntry> nested = new ArrayList<>();
            long key = 17 * 31 + CACHE_FORMAT;
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.startsWith(NESTED) && name.endsWith(".jar")) {
                    nested.add(entry);
                    key = key * 31 + name.hashCode();
                    key = key * 31 + entry.getSize();
                    key = key * 31 + entry.getCrc();
                }
            }
            if (nested.isEmpty()) {
                return List.of(); // not the agent jar
            }
            Path cache = privateCache();
            if (cache != null) {
                Path dir = cache.resolve(Long.toHexString(key));
                if (Files.isRegularFile(dir.resolve(COMPLETE))) {
                    return list(dir, nested);
                }
                Path fresh = Files.createTempDirectory(cache, "extracting-");
                for (JarEntry entry : nested) {
                    try (InputStream in = file.getInputStream(entry)) {
                        copyStored(in, fresh.resolve(fileName(entry)));
                    }
                }
                Files.createFile(fresh.resolve(COMPLETE));
                try {
                    Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // another JVM put the same jars there first: use those, drop ours
                    deleteTree(fresh);
                }
                if (Files.isRegularFile(dir.resolve(COMPLETE))) {
                    return list(dir, nested);
                }
            }
            Path dir = Files.createTempDirectory("faultline-agent");
            dir.toFile().deleteOnExit();
            copy(file, nested, dir);
            List<Path> paths = list(dir, nested);
            for (Path path : paths) {
                path.toFile().deleteOnExit();
            }
            return paths;
        }
    }

    private static final String COMPLETE = "complete";
    /** Part of the cache folder's key: a cache written in an older layout is not reused. 2: stored entries. */
    private static final int CACHE_FORMAT = 2;

    /** {@code TMPDIR/faultline-USER}, created with mode 700, or {@code null} when it is not this user's alone. */
    private static Path privateCache() {
        try {
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "faultline-" + System.getProperty("user.name"));
            java.util.Set<java.nio.file.attribute.PosixFilePermission> owner =
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
            if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(owner));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made meanwhile: checked below like any other
                }
            }
            java.nio.file.attribute.PosixFileAttributes attributes = Files.readAttributes(dir,
                    java.nio.file.attribute.PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            boolean mine = attributes.isDirectory() && attributes.permissions().equals(owner)
                    && attributes.owner().getName().equals(System.getProperty("user.name"));
            return mine ? dir : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void copy(JarFile file, List<JarEntry> nested, Path dir) throws IOException {
        for (JarEntry entry : nested) {
            Path target = dir.resolve(fileName(entry));
            try (InputStream in = file.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Writes a copy of a nested jar whose entries are stored, not deflated, in the same
     * order and with the same names, bytes and times. The agent's loader then reads each
     * class straight from the file: inflating the classes that every start loads cost
     * about 10 ms of {@code main}'s time, more than the JVM took to parse them.
     */
    static void copyStored(InputStream jar, Path target) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        java.util.Set<String> names = new java.util.HashSet<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(jar);
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(target))) {
            out.setMethod(java.util.zip.ZipOutputStream.STORED);
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!names.add(entry.getName())) {
                    continue; // a jar may hold a name twice; the copy keeps the first (a zip file cannot hold both)
                }
                byte[] data = in.readAllBytes();
                ZipEntry stored = new ZipEntry(entry.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(data.length);
                stored.setCompressedSize(data.length);
                crc.reset();
                crc.update(data);
                stored.setCrc(crc.getValue());
                stored.setTime(entry.getTime());
                out.putNextEntry(stored);
                out.write(data);
                out.closeEntry();
            }
        }
    }

    private static List<Path> list(Path dir, List<JarEntry> nested) {
        List<Path> paths = new ArrayList<>();
        for (JarEntry entry : nested) {
            paths.add(dir.resolve(fileName(entry)));
        }
        return paths;
    }

    private static String fileName(JarEntry entry) {
        String name = entry.getName();
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static void deleteTree(Path dir) {
        File[] files = dir.toFile().listFiles();
        if (files != null) {
            for (File f : files) {
                f.delete();
            }
        }
        dir.toFile().delete();
    }

    /** The jar this class was loaded from ({@code null} if not a jar): the agent jar, unless another copy came first. */
    private static Path codeSourceJar() {
        try {
            CodeSource source = FaultlineAgent.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            Path path = location == null ? null : Path.of(location.toURI());
            return path != null && Files.isRegularFile(path) ? path : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The probe's jar among the extracted ones, or {@code null}: then they are not the agent jar's. */
    private static Path probeJar(List<Path> nested) {
        for (Path path : nested) {
            if (path.getFileName().toString().equals(BOOTSTRAP_JAR)) {
                return path;
            }
        }
        return null;
    }

    /**
     * The agent jar: the one holding the nested jars (another copy of this class on the
     * application's class path, e.g. a build's classes folder, must not be taken for it).
     */
    private static Path ownJar() {
        try {
            ClassLoader loader = FaultlineAgent.class.getClassLoader();
            URL nested = loader == null ? null : loader.getResource(NESTED + BOOTSTRAP_JAR);
            if (nested != null && nested.getProtocol().equals("jar")) {
                String file = nested.getPath(); // file:/path/faultline-agent.jar!/META-INF/...
                return new File(new URL(file.substring(0, file.indexOf("!/"))).toURI()).toPath();
            }
            return new File(FaultlineAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toPath();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the faultline agent jar", e);
        }
    }

    /**
     * The agent proper's class loader: classes and resources of the nested jars, read with
     * {@code ZipFile}; parent the platform loader, so the application's classes and the
     * agent's never meet. Lighter than a {@code URLClassLoader} on the start-up path: no
     * {@code URL} per class, no permission or signer checks (the jars are the agent's own,
     * in this user's private folder, unsigned), one protection domain per jar. A jar is
     * opened when first looked in.
     */
    static final class NestedJarLoader extends ClassLoader implements Consumer<Consumer<Object[]>> {
        static {
            registerAsParallelCapable();
        }

        /** The agent proper's entry, handed over by its class's static initializer ({@link #accept}). */
        private volatile Consumer<Object[]> entry;

        private final Path[] paths;
        private final ZipFile[] jars;
        private final ProtectionDomain[] domains;

        NestedJarLoader(List<Path> paths) {
            super("faultline", ClassLoader.getPlatformClassLoader());
            this.paths = paths.toArray(new Path[0]);
            this.jars = new ZipFile[this.paths.length];
            this.domains = new ProtectionDomain[this.paths.length];
        }

        /**
         * The entry of the agent proper: its class, initialized here, hands an entry object
         * to this loader (through {@link Consumer}, a type both see). No reflective call:
         * since Java 18 one spins method handles for its signature, tens of milliseconds on
         * the start-up path.
         */
        Consumer<Object[]> entry(String className) throws ClassNotFoundException {
            Class.forName(className, true, this);
            Consumer<Object[]> handedOver = entry;
            if (handedOver == null) {
                throw new ClassNotFoundException(className + " did not hand over its entry");
            }
            return handedOver;
        }

        @Override
        public void accept(Consumer<Object[]> handedOver) {
            entry = handedOver;
        }

        /** The jar at this index, opened on first use; {@code null} if it cannot be read. */
        private synchronized ZipFile jar(int index) {
            if (jars[index] == null) {
                try {
                    jars[index] = new ZipFile(paths[index].toFile());
                    URL location = paths[index].toUri().toURL();
                    domains[index] = new ProtectionDomain(new CodeSource(location, (java.security.CodeSigner[]) null),
                            null);
                } catch (IOException e) {
                    return null;
                }
            }
            return jars[index];
        }

        /** The first jar, in search order, that holds this entry; -1 when none does. */
        private int holding(String entryName) {
            for (int i = 0; i < paths.length; i++) {
                ZipFile jar = jar(i);
                if (jar != null && jar.getEntry(entryName) != null) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            String entryName = name.replace('.', '/').concat(".class");
            int i = holding(entryName);
            if (i < 0) {
                throw new ClassNotFoundException(name);
            }
            ZipEntry entry = jars[i].getEntry(entryName);
            byte[] bytes;
            try (InputStream in = jars[i].getInputStream(entry)) {
                bytes = read(in, entry.getSize());
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
            return defineClass(name, bytes, 0, bytes.length, domains[i]);
        }

        /** An entry's bytes, in one read where its size is known (a stored entry: no copying through buffers). */
        private static byte[] read(InputStream in, long size) throws IOException {
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                return in.readAllBytes();
            }
            byte[] bytes = new byte[(int) size];
            int read = in.readNBytes(bytes, 0, bytes.length);
            if (read != bytes.length || in.read() != -1) {
                throw new IOException("entry size " + size + " does not match its data");
            }
            return bytes;
        }

        @Override
        protected URL findResource(String name) {
            int i = holding(name);
            return i < 0 ? null : url(i, name);
        }

        @Override
        protected Enumeration<URL> findResources(String name) {
            List<URL> found = new ArrayList<>();
            for (int i = 0; i < paths.length; i++) {
                ZipFile jar = jar(i);
                URL url = jar != null && jar.getEntry(name) != null ? url(i, name) : null;
                if (url != null) {
                    found.add(url);
                }
            }
            return Collections.enumeration(found);
        }

        /** {@code jar:file:...!/name} for an entry of this jar, as a {@code URLClassLoader} gives it. */
        private URL url(int index, String name) {
            try {
                return new URL("jar:" + paths[index].toUri() + "!/" + name);
            } catch (MalformedURLException e) {
                return null;
            }
        }

        /** The entry's bytes straight from the open jar (no {@code URL} connection), parent first. */
        @Override
        public InputStream getResourceAsStream(String name) {
            InputStream fromParent = getParent().getResourceAsStream(name);
            if (fromParent != null) {
                return fromParent;
            }
            int i = holding(name);
            if (i < 0) {
                return null;
            }
            try {
                return jars[i].getInputStream(jars[i].getEntry(name));
            } catch (IOException e) {
                return null;
            }
        }
    }
}
