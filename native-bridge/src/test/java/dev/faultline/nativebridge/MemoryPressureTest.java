package dev.faultline.nativebridge;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryPressureTest {
    @Test
    void bothLinesOfAPsiFileAreRead() {
        MemoryPressure p = MemoryPressure.parse("some avg10=1.25 avg60=0.50 avg300=0.07 total=123456\n"
                + "full avg10=0.30 avg60=0.10 avg300=0.00 total=45678\n");
        assertTrue(p.available());
        assertEquals(1.25, p.some10());
        assertEquals(0.50, p.some60());
        assertEquals(0.07, p.some300());
        assertEquals(123456, p.someTotalMicros());
        assertEquals(0.30, p.full10());
        assertEquals(0.0, p.full300(), "a real 0.00 stays a value");
        assertEquals(45678, p.fullTotalMicros());
    }

    @Test
    void aMissingOrGarbledLineLeavesItsFiguresUnavailable() {
        MemoryPressure someOnly = MemoryPressure.parse("some avg10=0.00 avg60=0.00 avg300=0.00 total=9\n");
        assertTrue(someOnly.available());
        assertEquals(9, someOnly.someTotalMicros());
        assertTrue(Double.isNaN(someOnly.full10()));
        assertEquals(-1, someOnly.fullTotalMicros());

        MemoryPressure garbled = MemoryPressure.parse("some avg10=x avg60=0.00 avg300=0.00 total=9\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=-4\n");
        assertFalse(garbled.available());
        assertTrue(Double.isNaN(garbled.some10()));
        assertFalse(MemoryPressure.parse("").available());
        assertFalse(MemoryPressure.parse("some avg10=500.00 avg60=0 avg300=0 total=1\n").available(),
                "a share above 100 % is not a percentage");
    }

    @Test
    void theSystemsPressureIsReadAsTheKernelWritesIt() throws Exception {
        Path file = Path.of("/proc/pressure/memory");
        MemoryPressure system = ContainerMemory.now().systemPressure();
        if (!Files.exists(file)) {
            assertFalse(system.available(), "no /proc/pressure/memory (no CONFIG_PSI or psi=0)");
            return;
        }
        String before = GroundTruth.read(file.toString());
        assertTrue(system.available(), system.toString());
        String after = GroundTruth.read(file.toString());
        long someBefore = Long.parseLong(before.split("\n")[0].split("total=")[1].trim());
        long someAfter = Long.parseLong(after.split("\n")[0].split("total=")[1].trim());
        assertTrue(someBefore <= system.someTotalMicros() && system.someTotalMicros() <= someAfter,
                before + " / " + system + " / " + after);
    }
}
