package dev.faultline.nativebridge.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

import java.lang.management.ManagementFactory;

/** The JVM flags that decide what a native walk can see, read once. */
public final class JvmFlags {
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
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            VMOption option = bean == null ? null : bean.getVMOption(flag);
            return option == null ? null : Boolean.valueOf(option.getValue());
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
