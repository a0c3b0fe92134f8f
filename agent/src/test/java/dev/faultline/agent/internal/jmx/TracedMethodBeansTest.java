package dev.faultline.agent.internal.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faultline.agent.internal.trace.MethodRegistry;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-method MXBeans in this JVM's platform MBean server: registered at start for the
 * methods known then, by the agent's own thread for those registered later, and all gone
 * after {@code stop}.
 */
class TracedMethodBeansTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private final MethodRegistry registry = new MethodRegistry();
    private TracedMethodBeans beans;

    @AfterEach
    void stop() {
        if (beans != null) {
            beans.stop();
        }
    }

    private static ObjectName name(String method, String descriptor) throws Exception {
        return new ObjectName("dev.faultline:type=TracedMethod,name=" + method + ",descriptor=" + descriptor);
    }

    private static boolean awaitRegistered(ObjectName name) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!SERVER.isRegistered(name) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return SERVER.isRegistered(name);
    }

    @Test
    void methodsRegisteredBeforeStartHaveTheirBeansWhenStartReturns() throws Exception {
        registry.register("com.acme.Store", "load", "()I", null, null);
        beans = TracedMethodBeans.start(registry, () -> { });
        ObjectName name = name("com.acme.Store#load", "()I");
        assertTrue(SERVER.isRegistered(name));
        assertEquals(0L, SERVER.getAttribute(name, "Calls"));
        assertEquals("com.acme.Store#load", SERVER.getAttribute(name, "Method"));
        // no measured call has returned: its durations are not measured, not 0 s
        assertEquals(Double.NaN, SERVER.getAttribute(name, "P99Seconds"));
        assertEquals(Double.NaN, SERVER.getAttribute(name, "MaxSeconds"));
    }

    @Test
    void aMethodRegisteredLaterGetsItsBeanFromTheAgentsThread() throws Exception {
        beans = TracedMethodBeans.start(registry, () -> { });
        registry.register("com.acme.Store", "save", "(Ljava/lang/String;)V", null, null);
        assertTrue(awaitRegistered(name("com.acme.Store#save", "(Ljava/lang/String;)V")));
    }

    @Test
    void overloadsGetOneBeanEach() throws Exception {
        registry.register("com.acme.Store", "get", "(I)I", null, null);
        registry.register("com.acme.Store", "get", "(J)J", null, null);
        beans = TracedMethodBeans.start(registry, () -> { });
        assertTrue(SERVER.isRegistered(name("com.acme.Store#get", "(I)I")));
        assertTrue(SERVER.isRegistered(name("com.acme.Store#get", "(J)J")));
    }

    @Test
    void stopUnregistersEveryBeanAndRegistersNoMore() throws Exception {
        registry.register("com.acme.Cellar", "open", "()V", null, null);
        beans = TracedMethodBeans.start(registry, () -> { });
        registry.register("com.acme.Cellar", "close", "()V", null, null);
        assertTrue(awaitRegistered(name("com.acme.Cellar#close", "()V")));
        beans.stop();
        assertEquals(0, SERVER.queryNames(new ObjectName("dev.faultline:type=TracedMethod,name=com.acme.Cellar*,*"),
                null).size());
        registry.register("com.acme.Cellar", "after", "()V", null, null);
        Thread.sleep(200); // the thread would have registered it by now
        assertFalse(SERVER.isRegistered(name("com.acme.Cellar#after", "()V")));
    }

    @Test
    void namesThatObjectNameReservesAreQuotedAndOthersStayBare() throws Exception {
        assertEquals("com.acme.Store#load", TracedMethodBeans.value("com.acme.Store#load"));
        assertEquals("com.acme.Outer$Inner#<init>", TracedMethodBeans.value("com.acme.Outer$Inner#<init>"));
        assertEquals("([Ljava/lang/String;)V", TracedMethodBeans.value("([Ljava/lang/String;)V"));
        assertEquals("\"odd,name#a=b\"", TracedMethodBeans.value("odd,name#a=b"));
        ObjectName odd = new ObjectName("dev.faultline:type=TracedMethod,name=" + TracedMethodBeans.value("x:y*z?")
                + ",descriptor=()V");
        assertEquals("x:y*z?", ObjectName.unquote(odd.getKeyProperty("name")));
        assertFalse(odd.isPattern());
    }
}
