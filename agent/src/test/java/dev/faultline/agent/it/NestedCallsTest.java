package dev.faultline.agent.it;

import com.acme.NestedApp;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A traced call's figures leave out the agent's own work on the traced calls it makes
 * (their dumps, with the first dump's native symbol loading, counters and events).
 */
class NestedCallsTest {
    private static final Pattern EXIT = Pattern.compile("com\\.acme\\.NestedApp\\.(\\w+)\\(.*\\[thread main, exit, "
            + "(\\d+\\.\\d{3}) ms, minflt \\+(\\d+), majflt \\+\\d+, rss [^,]+, cpu (\\d+\\.\\d{3}) ms"
            + " \\(user [^)]+\\), vcsw \\d+, ivcsw \\d+\\]");

    @Test
    void anOuterCallsDurationLeavesOutTheDumpsOfTheCallsInsideIt() {
        AgentJvm.Result result = AgentJvm.main(NestedApp.class).jvmArgs("-XX:+PreserveFramePointer")
                .options("trace=com.acme.NestedApp#outer,trace=com.acme.NestedApp#inner,dump=exit,sink=stderr").run();

        assertEquals(0, result.exitCode, result::toString);
        List<String> lines = result.stderr.lines().filter(line -> line.startsWith("com.acme.NestedApp.")).toList();
        assertEquals(11, lines.size(), result::toString); // ten inner exits, then outer's
        Matcher outer = EXIT.matcher(lines.get(10));
        assertTrue(outer.find() && outer.group(1).equals("outer"), result::toString);
        double reportedMillis = Double.parseDouble(outer.group(2));
        double ownMillis = printedMillis(result, "outer without");
        double innerMillis = printedMillis(result, "inner bodies");
        // the ten nested dumps took milliseconds (the first one loads libjvm's symbols: hundreds of them);
        // what remains of the agent inside outer is its probes' path before and after its own work's clock
        assertTrue(reportedMillis <= ownMillis + 1.0 && reportedMillis >= innerMillis,
                () -> "outer took " + ownMillis + " ms by its own clock less the agent's work, reported "
                        + reportedMillis + " ms, its inner calls' bodies " + innerMillis + " ms\n" + result);
        // outer touches no new memory itself; the first nested dump's symbol tables take thousands of pages
        long minorFaults = Long.parseLong(outer.group(3));
        assertTrue(minorFaults < 200, () -> "outer's minor faults include the agent's: " + minorFaults + "\n" + result);
    }

    private static double printedMillis(AgentJvm.Result result, String prefix) {
        String line = result.stdout.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        return Long.parseLong(line.replaceAll("\\D", "")) / 1e6;
    }
}
