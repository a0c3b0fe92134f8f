package dev.faultline.agent.internal.report;

import dev.faultline.agent.internal.trace.MethodRegistry;
import dev.faultline.agent.internal.trace.MethodState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MethodTableTest {
    @Test
    void aMethodWithNoMeasuredCallShowsItsDurationsAsNotMeasuredNotAsZero() {
        MethodRegistry registry = new MethodRegistry();
        MethodState.Stats stats = registry.get(registry.register("com.acme.Main", "main", "([Ljava/lang/String;)V",
                null, null)).stats();
        List<String> cells = MethodTable.cells(stats);
        assertEquals(List.of("not measured", "not measured", "not measured"), cells.subList(5, 8), cells::toString);
        assertEquals("null", ExitReport.json(List.of(stats), List.of(), dev.faultline.nativebridge.ProcessMemory.now(),
                dev.faultline.nativebridge.SystemMemory.now()).replaceAll("(?s).*\"p50Nanos\": (\\w+).*", "$1"));
    }
}
