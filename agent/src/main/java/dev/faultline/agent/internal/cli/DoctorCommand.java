package dev.faultline.agent.internal.cli;

import dev.faultline.agent.internal.memory.ByteAmount;
import dev.faultline.nativebridge.ContainerMemory;
import dev.faultline.nativebridge.NativeSupport;
import dev.faultline.nativebridge.OvercommitMode;
import dev.faultline.nativebridge.SystemMemory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code doctor}: what works on this machine and in this Java, one line each, and for
 * each thing missing what to do. The essentials are libc, libunwind and {@code /proc}: when
 * one is missing the line says {@code fail} and the exit code is {@link Cli#FAILED}.
 * Everything else is {@code ok} or {@code warn} (a fact that changes what the agent shows,
 * or a flag the traced JVM needs) and leaves the exit code {@link Cli#OK}.
 */
final class DoctorCommand implements Command {
    private static final Path THP = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    private static final Pattern BRACKETED = Pattern.compile("\\[(\\w+)]");

    enum Status {
        OK, WARN, FAIL
    }

    /** One line of the report. */
    static final class Check {
        final Status status;
        final String what;
        final String text;

        Check(Status status, String what, String text) {
            this.status = status;
            this.what = what;
            this.text = text;
        }

        /** The line as printed: {@code ok   libc            bound}. */
        String line() {
            return String.format(Locale.ROOT, "%-4s %-15s %s", status.name().toLowerCase(Locale.ROOT), what, text);
        }
    }

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String synopsis() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "check what works here (libunwind, /proc, flags, memory settings); exit 1 if essentials miss";
    }

    @Override
    public String help() {
        return "One ok, warn or fail line per check, with what to do: java, native access, attach, libc,\n"
                + "libunwind, frame pointers, /proc, overcommit mode, transparent huge pages, cgroup memory\n"
                + "(the limit that binds and which cgroup sets it, the headroom and what bounds it, pressure,\n"
                + "OOM kills, oom_score; warn under 10% headroom or after an OOM kill). Run it with the java\n"
                + "that runs the traced JVM.\n"
                + "\nexit codes: 0 the essentials (libc, libunwind, /proc) are there, 1 one is missing,\n"
                + "2 bad usage\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CliFailure {
        if (!args.isEmpty()) {
            throw CliFailure.usage("doctor takes no arguments, got: " + String.join(" ", args));
        }
        List<Check> checks = new ArrayList<>();
        checks.add(jvm());
        checks.add(nativeAccess());
        checks.add(attach());
        checks.add(essential("libc", NativeSupport.libcAvailable(), "bound", NativeSupport.libcProblem()));
        checks.add(essential("libunwind", NativeSupport.libunwindAvailable(), libunwindFile(),
                NativeSupport.libunwindProblem()));
        checks.add(framePointers());
        checks.add(essential("/proc", NativeSupport.procAvailable(), "/proc/self/status readable",
                NativeSupport.procProblem()));
        SystemMemory memory = SystemMemory.now();
        checks.add(overcommit(memory));
        checks.add(transparentHugePages());
        checks.add(container());
        int failed = 0;
        int warned = 0;
        for (Check check : checks) {
            out.println(check.line());
            failed += check.status == Status.FAIL ? 1 : 0;
            warned += check.status == Status.WARN ? 1 : 0;
        }
        out.println(failed == 0
                ? "doctor: the essentials (libc, libunwind, /proc) are ok; " + Plural.of(warned, "warning")
                : "doctor: " + Plural.of(failed, "essential") + " missing (of libc, libunwind, /proc): see the fail lines");
        return failed == 0 ? Cli.OK : Cli.FAILED;
    }

    private static Check essential(String what, boolean available, String ok, String problem) {
        return available ? new Check(Status.OK, what, ok) : new Check(Status.FAIL, what, problem);
    }

    private static Check jvm() {
        return new Check(Status.OK, "java", Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ", "
                + System.getProperty("java.vm.name") + ") at " + System.getProperty("java.home"));
    }

    private static Check nativeAccess() {
        String flags = "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow";
        if (Runtime.version().feature() >= 24) {
            return new Check(Status.WARN, "native access", "JDK " + Runtime.version().feature()
                    + ": run the traced JVM with " + flags + ", or it warns about JNR-FFI's native and Unsafe access");
        }
        return new Check(Status.OK, "native access", "open on JDK " + Runtime.version().feature()
                + " (on JDK 24+ the traced JVM needs " + flags + ")");
    }

    private static Check attach() {
        if (ModuleLayer.boot().findModule("jdk.attach").isEmpty()) {
            return new Check(Status.WARN, "attach", "this Java has no jdk.attach module: list, attach and detach need"
                    + " a full JDK (-javaagent works without it)");
        }
        if (Runtime.version().feature() >= 21) {
            return new Check(Status.OK, "attach", "available; a JDK 21+ JVM warns when an agent is attached unless"
                    + " started with -XX:+EnableDynamicAgentLoading");
        }
        return new Check(Status.OK, "attach", "available (JVMs of the same user)");
    }

    private static String libunwindFile() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash >= 0 && line.contains("/libunwind.so")) {
                    return line.substring(slash);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the library is loaded; where from is a detail
        }
        return "loaded";
    }

    private static Check framePointers() {
        String need = "the traced JVM needs -XX:+PreserveFramePointer, or native frames stop at compiled Java code";
        Boolean on = NativeSupport.preserveFramePointer();
        if (Boolean.TRUE.equals(on)) {
            return new Check(Status.OK, "frame pointers", "on in this JVM; " + need);
        }
        return new Check(Status.WARN, "frame pointers", (on == null ? "unknown" : "off") + " in this JVM: " + need);
    }

    private static Check overcommit(SystemMemory memory) {
        OvercommitMode mode = memory.overcommitMode();
        if (mode == null) {
            return new Check(Status.WARN, "overcommit", "/proc/sys/vm/overcommit_memory is not readable:"
                    + " the Overcommit events show the mode as unknown");
        }
        return new Check(Status.OK, "overcommit", mode.value() + " (" + mode.name().toLowerCase(Locale.ROOT) + "): "
                + mode.meaning());
    }

    private static Check transparentHugePages() {
        String what = "huge pages";
        String mode;
        try {
            Matcher matcher = BRACKETED.matcher(Files.readString(THP));
            mode = matcher.find() ? matcher.group(1) : null;
        } catch (IOException | RuntimeException e) {
            mode = null;
        }
        if (mode == null) {
            return new Check(Status.WARN, what, "transparent huge pages: " + THP + " is not readable:"
                    + " the kernel has none, or /sys is not mounted");
        }
        if (mode.equals("always")) {
            return new Check(Status.WARN, what, "transparent huge pages: always: anonymous memory may come in 2 MiB"
                    + " pages, so RSS and page faults move in 2 MiB steps (echo madvise > " + THP
                    + " to see 4 KiB pages)");
        }
        return new Check(Status.OK, what, "transparent huge pages: " + mode
                + (mode.equals("madvise") ? " (only where asked for, e.g. -XX:+UseTransparentHugePages)" : ""));
    }

    private static Check container() {
        ContainerFigures figures;
        try {
            figures = ContainerFigures.of(ContainerMemory.now());
        } catch (RuntimeException | LinkageError e) { // now() does not throw; the native bridge's loading might
            return new Check(Status.WARN, "cgroup memory", "cannot read the container's memory figures: " + e);
        }
        return container(figures);
    }

    /**
     * The container line: the limit that binds and who sets it, the headroom and what
     * bounds it (with the reason in words), memory pressure, the OOM killer's count and
     * {@code oom_score}. {@code warn} when the headroom is under 10% of the binding limit
     * (or below zero) or the OOM killer has killed in the cgroup; a cgroup that cannot be
     * read is said plainly, never a failure.
     */
    static Check container(ContainerFigures f) {
        List<String> warnings = new ArrayList<>();
        if (f.oomKills > 0) {
            warnings.add("the OOM killer has killed " + f.oomKills + (f.oomKills == 1 ? " process" : " processes")
                    + " in this cgroup");
        }
        if (f.headroomLow()) {
            warnings.add(f.headroom < 0 ? "no headroom left" : "headroom under "
                    + ByteAmount.percent(ContainerFigures.LOW_HEADROOM) + " of the binding limit");
        }
        StringBuilder first = new StringBuilder(); // the figures; then the reason and the rest, a sentence each
        if (!warnings.isEmpty()) {
            first.append(String.join("; ", warnings)).append(": ");
        }
        if (!f.available) {
            first.append(f.cgroupVersion == 0 ? "no memory cgroup" : "v" + f.cgroupVersion + " " + f.cgroupPath
                    + " cannot be read").append(": ").append(f.problem.isEmpty() ? "why is not known" : f.problem);
        } else if (f.limited()) {
            first.append('v').append(f.cgroupVersion).append(' ').append(f.cgroupPath).append(": binding limit ")
                    .append(ByteAmount.format(f.bindingLimit)).append(" set by ").append(f.bindingLimitPath)
                    .append(" (usage ").append(ByteAmount.format(f.limitUsage())).append(')');
        } else {
            first.append('v').append(f.cgroupVersion).append(' ').append(f.cgroupPath)
                    .append(": no memory limit on it or its ancestors (usage ").append(ByteAmount.format(f.usage))
                    .append(')');
        }
        first.append("; headroom ").append(f.headroomInWords());
        List<String> sentences = new ArrayList<>();
        sentences.add(first + ".");
        if (!f.headroomReason.isEmpty()) {
            sentences.add(f.headroomReason);
        }
        if (f.pressureKnown()) {
            sentences.add("Memory pressure (" + f.pressureSource + ", avg10): some "
                    + ContainerFigures.pressurePercent(f.pressureSome10) + ", full "
                    + ContainerFigures.pressurePercent(f.pressureFull10) + ".");
        }
        List<String> oom = new ArrayList<>();
        if (f.oomKills >= 0) {
            oom.add("oom_kill " + f.oomKills);
        }
        if (f.oomScore != ContainerFigures.NO_SCORE) {
            oom.add("oom_score " + f.oomScore
                    + (f.oomScoreAdj == ContainerFigures.NO_SCORE ? "" : " (oom_score_adj " + f.oomScoreAdj + ")"));
        }
        if (!oom.isEmpty()) {
            sentences.add(String.join(", ", oom) + ".");
        }
        // no memory cgroup is how a JVM outside a container runs; one that cannot be read hides the container
        Status status = warnings.isEmpty() && (f.available || f.cgroupVersion == 0) ? Status.OK : Status.WARN;
        return new Check(status, "cgroup memory", String.join(" ", sentences));
    }
}
