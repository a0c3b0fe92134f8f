package dev.faultline.agent.internal.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.openmbean.CompositeData;

/**
 * {@code top PID [--interval D] [--count N]}: a live view of a JVM's memory — VmSize, RSS
 * and its parts, fault rates, the commit charge against its limit, the container's binding
 * limit and headroom, and the mappings with the most resident bytes — read from faultline's
 * MXBeans over JMX. It loads faultline into the JVM first when it is not running there. On
 * a terminal it redraws a screen and {@code q} quits; otherwise (a pipe, a CI log) it prints
 * one line per refresh.
 */
final class TopCommand implements Command {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");
    private static final String INTERVAL_ACCEPTED = "a positive duration such as 1s, 500ms, 2m";

    @Override
    public String name() {
        return "top";
    }

    @Override
    public String synopsis() {
        return "top PID [--interval D] [--count N]";
    }

    @Override
    public String summary() {
        return "watch a JVM's memory live: RSS, faults/s, commit charge, top mappings (q quits)";
    }

    @Override
    public String help() {
        return "Reads faultline's ProcessMemory, Container and Mappings MXBeans over JMX every D (default 1s):\n"
                + "VmSize, RSS and its parts, minor/major faults per second, Committed_AS against CommitLimit,\n"
                + "the cgroup limit that binds with the headroom, memory pressure and OOM kills (an older agent\n"
                + "without the Container MXBean: the cgroup limit), the mappings with the most resident bytes.\n"
                + "Loads the agent (dump=none,memory=false) when it is not running there. On a terminal it\n"
                + "redraws a screen, q quits; otherwise one line per refresh. --count N stops after N refreshes.\n"
                + "\nexit codes:\n"
                + "  0  done (q, or --count refreshes)\n"
                + "  1  the agent could not start there, or was detached while watched\n"
                + "  2  bad usage\n"
                + "  3  no JVM with that PID, it does not accept an attach, or it exited while watched\n";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws CliFailure {
        long intervalMillis = 1000;
        String intervalText = "1s";
        long count = Long.MAX_VALUE;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (flag.equals("--interval") || flag.equals("--count")) {
                String value;
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw CliFailure.usage(flag + " needs a value");
                }
                if (flag.equals("--interval")) {
                    intervalMillis = millis(value);
                    intervalText = value;
                } else {
                    count = count(value);
                }
            } else if (arg.startsWith("--")) {
                throw CliFailure.usage("unknown option '" + arg + "' (known: --interval, --count)");
            } else {
                positional.add(arg);
            }
        }
        TargetJvm target = TargetJvm.fromArgs(positional, 1);
        try (ManagedJvm jvm = ManagedJvm.connect(target, AgentJar.locate())) {
            if (jvm.loadedAgent()) {
                err.println("faultline: loaded the agent into JVM " + target.pid() + " (options '"
                        + ManagedJvm.AGENT_OPTIONS + "'); it stays there until that JVM exits or"
                        + " java -jar faultline-agent.jar detach " + target.pid());
            }
            return System.console() == null ? lines(jvm, target, out, intervalMillis, count)
                    : screen(jvm, target, out, intervalMillis, intervalText, count);
        }
    }

    private static int lines(ManagedJvm jvm, TargetJvm target, PrintStream out, long intervalMillis, long count)
            throws CliFailure {
        TopFigures previous = null;
        for (long i = 0; i < count; i++) {
            if (i > 0) {
                sleep(intervalMillis);
            }
            TopFigures figures = TopFigures.of(jvm.processMemory(TopFigures.ATTRIBUTES),
                    jvm.container(ContainerFigures.ATTRIBUTES), System.nanoTime(), previous);
            out.println(TopScreen.line(target.pid(), LocalTime.now(), figures, jvm.topMappings()));
            out.flush();
            previous = figures;
        }
        return Cli.OK;
    }

    private static int screen(ManagedJvm jvm, TargetJvm target, PrintStream out, long intervalMillis,
                              String intervalText, long count) throws CliFailure {
        boolean blocks = Terminal.blocks();
        try (Terminal terminal = Terminal.open(out, System.in)) {
            TopFigures previous = null;
            for (long i = 0; i < count; i++) {
                TopFigures figures = TopFigures.of(jvm.processMemory(TopFigures.ATTRIBUTES),
                        jvm.container(ContainerFigures.ATTRIBUTES), System.nanoTime(), previous);
                CompositeData[] mappings = jvm.topMappings();
                terminal.draw(TopScreen.screen(target.pid(), intervalText, figures, mappings, blocks));
                previous = figures;
                if (i + 1 < count && terminal.waitForQuit(intervalMillis)) {
                    break;
                }
            }
            return Cli.OK;
        } catch (IOException e) {
            throw CliFailure.failed("cannot read the terminal: " + e.getMessage());
        }
    }

    private static void sleep(long millis) throws CliFailure {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }

    static long millis(String value) throws CliFailure {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        long n = m.matches() ? Long.parseLong(m.group(1)) : 0;
        if (n <= 0) {
            throw CliFailure.usage("bad value '" + value + "' for --interval (accepted: " + INTERVAL_ACCEPTED + ")");
        }
        return m.group(2).equals("ms") ? n : m.group(2).equals("s") ? n * 1000 : n * 60_000;
    }

    static long count(String value) throws CliFailure {
        try {
            long n = Long.parseLong(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw CliFailure.usage("bad value '" + value + "' for --count (accepted: a whole number >= 1)");
    }
}
