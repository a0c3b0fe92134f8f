package dev.faultline.agent.it.platformapps;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * An application that logs through SLF4J (slf4j-simple on its class path, which writes
 * to stderr as {@code [thread] LEVEL logger - message}); reached by reflection, since SLF4J
 * is not on the tests' compile class path. Between two log lines it makes
 * {@code CALLS} traced calls of 16 fresh pages ({@link TouchApp#TRACED}).
 *
 * <p>slf4j-simple writes each log event with one {@code println(String)} on
 * {@code System.err}; the app's {@code System.err} brackets each such call in
 * {@value #OPEN} ... {@value #CLOSE}, so that the output shows what one log event held.
 */
public final class Slf4jApp {
    /** Opens one {@code println(String)} call on stderr. */
    public static final String OPEN = "<<<";
    /** Closes it. */
    public static final String CLOSE = ">>>";

    private Slf4jApp() {
    }

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true) {
            @Override
            public void println(String line) {
                super.println(OPEN + line + CLOSE);
            }
        });
        Object log = Class.forName("org.slf4j.LoggerFactory").getMethod("getLogger", String.class).invoke(null, "app");
        Method info = Class.forName("org.slf4j.Logger").getMethod("info", String.class);
        info.invoke(log, "started");
        for (int i = 0; i < calls; i++) {
            TouchApp.touchFresh(16);
        }
        info.invoke(log, "done");
    }
}
