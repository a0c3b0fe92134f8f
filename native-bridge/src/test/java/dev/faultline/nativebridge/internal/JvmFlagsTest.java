package dev.faultline.nativebridge.internal;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The flag table read against the MXBean (the reference). Surefire opens
 * {@code com.sun.management.internal} to this test's module, as the agent does.
 */
class JvmFlagsTest {
    private static String reference(String flag) {
        return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(flag).getValue();
    }

    @Test
    void theFlagTableReadsWhatTheMXBeanReads() {
        for (String flag : new String[] {"PreserveFramePointer", "UseCompressedOops", "MaxHeapSize", "UseSerialGC"}) {
            String direct = JvmFlags.readFromFlagTable(flag);
            assertNotNull(direct, flag + ": the flag table must be readable when the package is open");
            assertEquals(reference(flag), direct, flag);
        }
        assertEquals(Boolean.valueOf(reference("PreserveFramePointer")), JvmFlags.preserveFramePointer());
    }

    @Test
    void anUnknownFlagIsNoValue() {
        assertNull(JvmFlags.readFromFlagTable("NoSuchFlagAnywhere"));
    }
}
