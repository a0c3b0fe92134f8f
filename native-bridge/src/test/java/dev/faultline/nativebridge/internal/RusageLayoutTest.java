package dev.faultline.nativebridge.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RusageLayoutTest {
    private static final String PROGRAM = String.join("\n",
            "#define _GNU_SOURCE",
            "#include <stddef.h>",
            "#include <stdio.h>",
            "#include <sys/resource.h>",
            "#include <sys/time.h>",
            "#define F(name) printf(#name \" %zu\\n\", offsetof(struct rusage, name))",
            "int main(void) {",
            "  F(ru_utime); F(ru_stime); F(ru_maxrss); F(ru_ixrss); F(ru_idrss); F(ru_isrss);",
            "  F(ru_minflt); F(ru_majflt); F(ru_nswap); F(ru_inblock); F(ru_oublock);",
            "  F(ru_msgsnd); F(ru_msgrcv); F(ru_nsignals); F(ru_nvcsw); F(ru_nivcsw);",
            "  printf(\"sizeof %zu\\n\", sizeof(struct rusage));",
            "  printf(\"tv_usec %zu\\n\", offsetof(struct timeval, tv_usec));",
            "  printf(\"RUSAGE_SELF %d\\n\", RUSAGE_SELF);",
            "  printf(\"RUSAGE_THREAD %d\\n\", RUSAGE_THREAD);",
            "  return 0;",
            "}",
            "");

    @Test
    void offsetsMatchTheCCompiler(@TempDir Path dir) throws Exception {
        Map<String, Long> c = compileAndRun(dir);
        check(c, "ru_utime", Rusage.Layout.RU_UTIME);
        check(c, "ru_stime", Rusage.Layout.RU_STIME);
        check(c, "ru_maxrss", Rusage.Layout.RU_MAXRSS);
        check(c, "ru_ixrss", Rusage.Layout.RU_IXRSS);
        check(c, "ru_idrss", Rusage.Layout.RU_IDRSS);
        check(c, "ru_isrss", Rusage.Layout.RU_ISRSS);
        check(c, "ru_minflt", Rusage.Layout.RU_MINFLT);
        check(c, "ru_majflt", Rusage.Layout.RU_MAJFLT);
        check(c, "ru_nswap", Rusage.Layout.RU_NSWAP);
        check(c, "ru_inblock", Rusage.Layout.RU_INBLOCK);
        check(c, "ru_oublock", Rusage.Layout.RU_OUBLOCK);
        check(c, "ru_msgsnd", Rusage.Layout.RU_MSGSND);
        check(c, "ru_msgrcv", Rusage.Layout.RU_MSGRCV);
        check(c, "ru_nsignals", Rusage.Layout.RU_NSIGNALS);
        check(c, "ru_nvcsw", Rusage.Layout.RU_NVCSW);
        check(c, "ru_nivcsw", Rusage.Layout.RU_NIVCSW);
        check(c, "sizeof", Rusage.Layout.SIZE);
        check(c, "tv_usec", Rusage.Layout.TV_USEC);
        check(c, "RUSAGE_SELF", LibC.RUSAGE_SELF);
        check(c, "RUSAGE_THREAD", LibC.RUSAGE_THREAD);
    }

    private static void check(Map<String, Long> c, String name, long ours) {
        Long compiler = c.get(name);
        assertTrue(compiler != null, "the program printed no " + name);
        assertEquals(compiler.longValue(), ours, name + ": the C compiler says " + compiler);
    }

    private static Map<String, Long> compileAndRun(Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve("rusage.c");
        Path binary = dir.resolve("rusage");
        Files.writeString(source, PROGRAM);
        run(dir, "gcc", "-o", binary.toString(), source.toString());
        Map<String, Long> values = new HashMap<>();
        for (String line : run(dir, binary.toString()).split("\n")) {
            String[] parts = line.trim().split(" ");
            values.put(parts[0], Long.parseLong(parts[1]));
        }
        assertEquals(20, values.size(), "the program's output: " + values);
        return values;
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed to check struct rusage against the C compiler "
                    + "(install gcc): " + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command[0] + " timed out");
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
