package dev.faultline.agent.internal.options;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent argument string and the config file: values, defaults, and one message per bad option. */
class OptionsParserTest {

    @Test
    void noOptionsGiveTheDocumentedDefaults() {
        for (String arguments : new String[] {null, "", "  "}) {
            AgentOptions options = ok(arguments);

            assertEquals(List.of(), options.traces);
            assertEquals(DumpMode.ENTRY, options.dump);
            assertNull(options.nativeFrames, "native: where libunwind loads");
            assertEquals(64, options.depth);
            assertEquals(1, options.every);
            assertEquals(50, options.maxPerSecond);
            assertEquals(AgentOptions.SinkKind.SLF4J, options.sink);
            assertNull(options.sinkFile);
            assertTrue(options.jfr);
            assertTrue(options.memory);
            assertNull(options.report);
            assertEquals(1000, options.periodMillis);
            assertEquals("10%", options.oomWarn.toString());
        }
    }

    @Test
    void oomWarnIsAShareOfTheBindingLimitAnAmountOrOff() {
        assertEquals(25L << 20, ok("oom-warn=10%").oomWarn.bytesFor(250L << 20));
        assertEquals(-1, ok("oom-warn=10%").oomWarn.bytesFor(-1), "a share of an unknown limit: no threshold");
        assertEquals(64L << 20, ok("oom-warn=64m").oomWarn.bytesFor(1L << 30));
        assertEquals(512L << 20, ok("oom-warn=512MiB").oomWarn.bytesFor(-1), "an amount needs no limit");
        assertEquals(1L << 30, ok("oom-warn=1g").oomWarn.bytesFor(-1));
        assertEquals(3L << 10, ok("oom-warn=3KiB").oomWarn.bytesFor(-1));
        assertEquals(99L * (1L << 40) / 100, ok("oom-warn=99%").oomWarn.bytesFor(1L << 40), "no overflow on a large limit");
        assertTrue(ok("oom-warn=off").oomWarn.off());
        assertEquals(-1, ok("oom-warn=off").oomWarn.bytesFor(1L << 30));
        String accepted = " (accepted: a percentage of the binding limit from 1% to 99% (e.g. 10%), an amount such as"
                + " 64m, 512MiB, 1g, or off)";
        for (String bad : new String[] {"0%", "100%", "150%", "10", "12 apples", "-5%", "1t", "m", "0m", "99999999999999g"}) {
            OptionsParser.Result result = OptionsParser.parse("oom-warn=" + bad);
            assertEquals(List.of("bad value '" + bad + "' for option 'oom-warn'" + accepted), result.errors, bad);
        }
    }

    @Test
    void everyOptionIsRead() {
        AgentOptions options = ok("trace=com.acme.Store#load,trace=com.acme.io.*#read*,dump=exit,native=false,depth=8,"
                + "every=3,max-per-second=0,sink=file:/tmp/dumps.log,jfr=false,memory=false,report=out/r.json,period=250ms");

        assertEquals(List.of("com.acme.Store#load", "com.acme.io.*#read*"), patterns(options));
        assertEquals(DumpMode.EXIT, options.dump);
        assertEquals(Boolean.FALSE, options.nativeFrames);
        assertEquals(8, options.depth);
        assertEquals(3, options.every);
        assertEquals(0, options.maxPerSecond);
        assertEquals(AgentOptions.SinkKind.FILE, options.sink);
        assertEquals(Path.of("/tmp/dumps.log"), options.sinkFile);
        assertFalse(options.jfr);
        assertFalse(options.memory);
        assertEquals(Path.of("out/r.json"), options.report);
        assertEquals(250, options.periodMillis);
    }

    @Test
    void everyDumpModeIsAccepted() {
        assertEquals(DumpMode.ENTRY, ok("dump=entry").dump);
        assertEquals(DumpMode.EXIT, ok("dump=exit").dump);
        assertEquals(DumpMode.ERROR, ok("dump=error").dump);
        assertEquals(DumpMode.NONE, ok("dump=none").dump);
    }

    @Test
    void periodsAreInMillisecondsSecondsOrMinutes() {
        assertEquals(500, ok("period=500ms").periodMillis);
        assertEquals(2000, ok("period=2s").periodMillis);
        assertEquals(120_000, ok("period=2m").periodMillis);
        assertEquals(999_999_999L * 60_000, ok("period=999999999m").periodMillis);
        assertEquals(-1, OptionsParser.periodMillis("1234567890ms")); // ten digits
        assertEquals(-1, OptionsParser.periodMillis("ms"));
        assertEquals(-1, OptionsParser.periodMillis("5 s"));
        assertEquals(-1, OptionsParser.periodMillis("5sm"));
        assertEquals(-1, OptionsParser.periodMillis("\u0665s")); // a digit, but not an ASCII one
    }

    @Test
    void sinksAreSlf4jStderrOrAFile() {
        assertEquals(AgentOptions.SinkKind.SLF4J, ok("sink=slf4j").sink);
        assertEquals(AgentOptions.SinkKind.STDERR, ok("sink=stderr").sink);
        AgentOptions file = ok("sink=file:logs/a=b.log");
        assertEquals(AgentOptions.SinkKind.FILE, file.sink);
        assertEquals(Path.of("logs/a=b.log"), file.sinkFile, "the value runs from the first '='");
    }

    @Test
    void reportSuffixIsCaseInsensitive() {
        assertEquals(Path.of("R.JSON"), ok("report=R.JSON").report);
        assertEquals(Path.of("summary.Md"), ok("report=summary.Md").report);
        assertEquals(Path.of("out/run.HTML"), ok("report=out/run.HTML").report);
    }

    @Test
    void depthIsFromOneTo1024() {
        assertEquals(1, ok("depth=1").depth);
        assertEquals(1024, ok("depth=1024").depth);
        assertEquals(List.of("bad value '1025' for option 'depth' (accepted: a whole number from 1 to 1024)"),
                errors("depth=1025"));
    }

    @Test
    void spacesAroundOptionsAndEmptyItemsAreIgnored() {
        AgentOptions options = ok(" dump = exit ,, depth=3 ,");

        assertEquals(DumpMode.EXIT, options.dump);
        assertEquals(3, options.depth);
    }

    @Test
    void aRepeatedOptionTakesItsLastValue() {
        assertEquals(5, ok("depth=3,depth=5").depth);
    }

    @Test
    void anUnknownOptionIsNamedWithEveryKnownOne() {
        assertEquals(List.of("unknown option 'dumb' (known: trace, dump, native, depth, every, max-per-second, sink,"
                + " jfr, memory, sched, report, period, oom-warn, config)"), errors("dumb=1"));
        assertEquals("trace, dump, native, depth, every, max-per-second, sink, jfr, memory, sched, report, period, oom-warn, config",
                OptionsParser.knownKeys());
    }

    @Test
    void anOptionWithoutValueSaysHowToWriteIt() {
        assertEquals(List.of("option 'dump' has no value (write key=value, e.g. trace=com.acme.Store#load)"),
                errors("dump"));
        assertEquals(List.of("option '=exit' has no value (write key=value, e.g. trace=com.acme.Store#load)"),
                errors("=exit"));
    }

    @Test
    void eachBadValueNamesTheValueTheOptionAndWhatIsAccepted() {
        assertEquals(List.of(
                "bad value 'sometimes' for option 'dump' (accepted: entry, exit, error, none)",
                "bad value '0' for option 'depth' (accepted: a whole number from 1 to 1024)",
                "bad value 'x' for option 'every' (accepted: a whole number >= 1)",
                "bad value '0' for option 'every' (accepted: a whole number >= 1)",
                "bad value '-1' for option 'max-per-second' (accepted: a whole number >= 0)",
                "bad value 'fast' for option 'period' (accepted: a positive duration such as 1s, 500ms, 2m)",
                "bad value '0s' for option 'period' (accepted: a positive duration such as 1s, 500ms, 2m)",
                "bad value '1h' for option 'period' (accepted: a positive duration such as 1s, 500ms, 2m)",
                "bad value 'out.txt' for option 'report' (accepted: a path ending in .md (Markdown), .json (JSON) or .html (a page with a memory timeline))",
                "bad value 'yes' for option 'native' (accepted: true, false)",
                "bad value 'TRUE' for option 'jfr' (accepted: true, false)",
                "bad value '' for option 'memory' (accepted: true, false)",
                "bad value 'syslog' for option 'sink' (accepted: slf4j, stderr, file:PATH)",
                "bad value 'file:' for option 'sink' (accepted: slf4j, stderr, file:PATH)",
                "bad value '99999999999' for option 'depth' (accepted: a whole number from 1 to 1024)"),
                errors("dump=sometimes,depth=0,every=x,every=0,max-per-second=-1,period=fast,period=0s,period=1h,"
                        + "report=out.txt,native=yes,jfr=TRUE,memory=,sink=syslog,sink=file:,depth=99999999999"));
    }

    @Test
    void aPeriodTooLongToCountInMillisecondsIsABadValue() {
        assertEquals(List.of(
                "bad value '99999999999999999999s' for option 'period'"
                        + " (accepted: a positive duration such as 1s, 500ms, 2m)",
                "bad value '999999999999999999s' for option 'period'"
                        + " (accepted: a positive duration such as 1s, 500ms, 2m)"),
                errors("period=99999999999999999999s,period=999999999999999999s"));
    }

    @Test
    void aBadTracePatternSaysWhatAPatternIs() {
        List<String> errors = errors("trace=NoHash");

        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("bad value 'NoHash' for option 'trace': a pattern is CLASS#METHOD"),
                errors.get(0));
    }

    @Test
    void aConfigFileGivesTheSameKeys(@TempDir Path dir) throws IOException {
        Path config = write(dir, "trace = com.acme.Store#load com.acme.io.*#read*, com.acme.Cache#get\n"
                + "dump = exit\n"
                + "depth = 12\n"
                + "sink = stderr\n");

        AgentOptions options = ok("config=" + config);

        assertEquals(List.of("com.acme.Store#load", "com.acme.io.*#read*", "com.acme.Cache#get"), patterns(options));
        assertEquals(DumpMode.EXIT, options.dump);
        assertEquals(12, options.depth);
        assertEquals(AgentOptions.SinkKind.STDERR, options.sink);
    }

    @Test
    void theCommandLineWinsOverTheConfigFileWhereverConfigIsWritten(@TempDir Path dir) throws IOException {
        Path config = write(dir, "dump = none\ndepth = 12\n");

        AgentOptions before = ok("dump=entry,config=" + config);
        AgentOptions after = ok("config=" + config + ",dump=entry");

        assertEquals(DumpMode.ENTRY, before.dump);
        assertEquals(DumpMode.ENTRY, after.dump);
        assertEquals(12, after.depth);
    }

    @Test
    void tracePatternsOfTheConfigFileAndTheCommandLineAddUp(@TempDir Path dir) throws IOException {
        Path config = write(dir, "trace = com.acme.Store#load\n");

        assertEquals(List.of("com.acme.Store#load", "com.acme.Cache#get"),
                patterns(ok("trace=com.acme.Cache#get,config=" + config)));
    }

    @Test
    void aBadKeyOrValueInTheConfigFileNamesTheFile(@TempDir Path dir) throws IOException {
        Path config = write(dir, "dumb = 1\ndepth = deep\nconfig = other.properties\n");

        assertEquals(List.of(
                "option 'config' in " + config + ": a config file cannot name another",
                "bad value 'deep' for option 'depth' in " + config + " (accepted: a whole number from 1 to 1024)",
                "unknown option 'dumb' in " + config + " (known: trace, dump, native, depth, every, max-per-second,"
                        + " sink, jfr, memory, sched, report, period, oom-warn, config)"),
                errors("config=" + config));
    }

    @Test
    void aMissingConfigFileIsOneError() {
        assertEquals(List.of("config file '/missing.properties' cannot be read: no such file"),
                errors("config=/missing.properties"));
    }

    @Test
    void errorsGiveNoOptions() {
        OptionsParser.Result result = OptionsParser.parse("depth=0,trace=com.acme.Store#load");

        assertFalse(result.ok());
        assertNull(result.options);
    }

    private static AgentOptions ok(String arguments) {
        OptionsParser.Result result = OptionsParser.parse(arguments);
        assertTrue(result.ok(), () -> arguments + ": " + result.errors);
        return result.options;
    }

    private static List<String> errors(String arguments) {
        OptionsParser.Result result = OptionsParser.parse(arguments);
        assertFalse(result.ok(), arguments);
        return result.errors;
    }

    private static List<String> patterns(AgentOptions options) {
        return options.traces.stream().map(MethodPattern::toString).collect(Collectors.toList());
    }

    private static Path write(Path dir, String text) throws IOException {
        Path config = dir.resolve("faultline.properties");
        Files.writeString(config, text);
        return config;
    }
}
