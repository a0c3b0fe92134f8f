package dev.faultline.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the demo as the README's first command does (a JVM with frame pointers) and checks what it shows. */
class DemoTest {

    @Test
    void theDemoShowsAMixedBacktraceAndLazyAllocationPageByPage() throws Exception {
        String out = runDemo("--size=256m", "--touch=64m");

        assertTrue(out.contains("-------------------- Start trace --------------------"), out);
        assertTrue(out.contains("dev.faultline.examples.Demo.main(Demo.java:"), out);
        assertTrue(out.contains("JavaCalls::call_helper+0x") && out.contains("[libjvm.so]"), out);
        assertTrue(out.contains("start_thread+0x") && out.contains("[libc.so.6]"), out);

        Matcher faults = Pattern.compile("minor faults +([\\d,]+) for ([\\d,]+) pages touched").matcher(out);
        assertTrue(faults.find(), out);
        long counted = number(faults.group(1));
        long pages = number(faults.group(2));
        assertEquals(16_384, pages);
        assertTrue(Math.abs(counted - pages) <= pages / 100, "one minor fault per touched page: " + faults.group());

        Matcher resident = Pattern.compile("resident +([\\d,]+) of ([\\d,]+) pages").matcher(out);
        assertTrue(resident.find(), out);
        assertEquals(16_384, number(resident.group(1)));
        assertTrue(out.contains("resident       0 pages"), "MADV_DONTNEED gives every page back:\n" + out);
        assertTrue(out.contains("Overcommit: this machine runs mode '"), out);
    }

    @Test
    void aBadArgumentIsNamedWithWhatIsAccepted() throws Exception {
        Result result = run("--size=lots");
        assertEquals(2, result.exitCode);
        assertTrue(result.stderr.contains("'--size=lots'") && result.stderr.contains("512m"), result.stderr);
    }

    private static long number(String text) {
        return Long.parseLong(text.replace(",", ""));
    }

    private static String runDemo(String... args) throws Exception {
        Result result = run(args);
        assertEquals(0, result.exitCode, result.stdout + result.stderr);
        return result.stdout;
    }

    private static final class Result {
        final int exitCode;
        final String stdout;
        final String stderr;

        Result(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+PreserveFramePointer", "-cp", System.getProperty("java.class.path"), Demo.class.getName()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("faultline-demo", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the demo finished");
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(err);
        }
    }
}
