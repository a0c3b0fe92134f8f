package dev.faultline.nativebridge.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

/**
 * The JVM flags that decide what a native walk can see, read once.
 *
 * <p>A flag is read from HotSpot's flag table through {@code com.sun.management.internal.Flag}
 * (what {@code HotSpotDiagnosticMXBean.getVMOption} calls) where that package is open to this
 * module ({@link #INTERNAL_PACKAGE}: the agent opens it): about 5 ms in a cold JVM, against
 * 35 to 85 ms for the MXBean, whose first use starts every platform MXBean. Elsewhere, or
 * where that class is not as expected, through the MXBean.
 */
public final class JvmFlags {
    /** The package of HotSpot's flag table reader, in module {@code jdk.management}. */
    public static final String INTERNAL_PACKAGE = "com.sun.management.internal";

    private JvmFlags() {
    }

    private static final class Holder {
        static final Boolean PRESERVE_FRAME_POINTER = read("PreserveFramePointer");
    }

    /**
     * Whether the JVM runs with {@code -XX:+PreserveFramePointer}: {@code TRUE}, {@code FALSE},
     * or {@code null} when the flag cannot be read (not HotSpot).
     */
    public static Boolean preserveFramePointer() {
        return Holder.PRESERVE_FRAME_POINTER;
    }

    private static Boolean read(String flag) {
        String direct = readFromFlagTable(flag);
        return direct != null ? Boolean.valueOf(direct) : readThroughMXBean(flag);
    }

    /**
     * The flag's value as HotSpot's flag table holds it, or {@code null} where it cannot be read
     * that way (package not open to this module, no such class or flag).
     */
    static String readFromFlagTable(String flag) {
        try {
            Module management = ModuleLayer.boot().findModule("jdk.management").orElse(null);
            if (management == null || !management.isOpen(INTERNAL_PACKAGE, JvmFlags.class.getModule())) {
                return null;
            }
            // its class initialization loads libmanagement_ext, which Flag's native methods are in
            Class.forName(INTERNAL_PACKAGE + ".PlatformMBeanProviderImpl", true, null);
            Class<?> type = Class.forName(INTERNAL_PACKAGE + ".Flag", true, null);
            Method getFlag = type.getDeclaredMethod("getFlag", String.class);
            getFlag.setAccessible(true);
            Object found = getFlag.invoke(null, flag);
            if (found == null) {
                return null;
            }
            Method getVMOption = type.getDeclaredMethod("getVMOption");
            getVMOption.setAccessible(true);
            VMOption option = (VMOption) getVMOption.invoke(found);
            return option == null ? null : option.getValue();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    static Boolean readThroughMXBean(String flag) {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            VMOption option = bean == null ? null : bean.getVMOption(flag);
            return option == null ? null : Boolean.valueOf(option.getValue());
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
