package dev.faultline.agent.it;

import com.acme.UntraceableApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A pattern that names methods that exist but cannot be traced says why at exit, instead of
 * a bare "matched no method".
 */
class UntraceableMethodsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "com.acme.UntraceableApp#nativeClock | com.acme.UntraceableApp#nativeClock is native: it has no bytecode to instrument",
            "com.acme.UntraceableApp#<clinit> | com.acme.UntraceableApp#<clinit> is a class initializer (<clinit>), which the agent does not trace",
            "com.acme.UntraceableApp#lambda$* | com.acme.UntraceableApp#lambda$main$0 is synthetic (made by the compiler, a lambda's body): trace the method whose code it holds",
            "com.acme.UntraceableApp$Polite#greet | com.acme.UntraceableApp$Polite does not declare greet: it is a default method of interface com.acme.UntraceableApp$Greeter; trace com.acme.UntraceableApp$Greeter#greet",
            "com.acme.Nowhere#gone | no class it names was loaded",
    })
    void aPatternThatNamesAnUntraceableMethodSaysWhy(String pattern, String why) {
        AgentJvm.Result result = AgentJvm.main(UntraceableApp.class).options("trace=" + pattern + ",sink=stderr").run();

        assertEquals(0, result.exitCode, result::toString);
        assertEquals("hello 14\n", result.stdout, result::toString);
        assertEquals(List.of("faultline: warning: pattern '" + pattern + "' matched no method: " + why),
                result.stderr.lines().toList(), result::toString);
    }
}
