package dev.faultline.agent.it.platformapps;

import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Path;

/**
 * An application that mocks with Mockito 5 (and the ByteBuddy 1.15 that Mockito brings),
 * through reflection because Mockito is not on the tests' compile class path:
 * {@code Greeter mock = mock(Greeter.class); when(mock.greet("world")).thenReturn("stubbed")}.
 * Prints only what is the same from run to run (no generated class names).
 */
public final class MockitoApp {
    /** The mocked interface. */
    public interface Greeter {
        String greet(String name);
    }

    private MockitoApp() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> mockito = Class.forName("org.mockito.Mockito");
        Greeter mock = (Greeter) mockito.getMethod("mock", Class.class).invoke(null, Greeter.class);
        Object stubbing = mockito.getMethod("when", Object.class).invoke(null, mock.greet("world"));
        Method thenReturn = Class.forName("org.mockito.stubbing.OngoingStubbing").getMethod("thenReturn", Object.class);
        thenReturn.invoke(stubbing, "stubbed");

        System.out.println("mock.greet(world)=" + mock.greet("world"));
        System.out.println("mock.greet(other)=" + mock.greet("other"));
        Object verifying = mockito.getMethod("verify", Object.class).invoke(null, mock);
        System.out.println("verify=" + ((Greeter) verifying).greet("other"));
        System.out.println("mock.isMock=" + Class.forName("org.mockito.internal.util.MockUtil")
                .getMethod("isMock", Object.class).invoke(null, mock));
        URL bytebuddy = Class.forName("net.bytebuddy.ByteBuddy").getProtectionDomain().getCodeSource().getLocation();
        System.out.println("bytebuddy.jar=" + Path.of(bytebuddy.toURI()).getFileName());
    }
}
