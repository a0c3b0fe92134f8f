package dev.faultline.agent.internal.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import org.junit.jupiter.api.Test;

/**
 * Every attribute and operation of every faultline MXBean carries a description (what
 * JConsole shows and the Prometheus exporter prints as help text), not just its own name,
 * and stays an MXBean with open types.
 */
class DescribedMXBeanTest {
    private static final List<Class<?>> BEANS = List.of(TracedMethodMXBean.class, TracerMXBean.class,
            MappingsMXBean.class, ProcessMemoryMXBean.class);

    private static <T> MBeanInfo info(Class<T> type) {
        // the interface alone decides the MBeanInfo: a proxy that is never called stands in for the bean
        T bean = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            throw new AssertionError("called " + m);
        }));
        return new DescribedMXBean<>(bean, type).getMBeanInfo();
    }

    @Test
    void everyAttributeAndOperationOfEveryBeanIsDescribed() {
        List<String> bare = new ArrayList<>();
        for (Class<?> type : BEANS) {
            MBeanInfo info = info(type);
            if (info.getDescription() == null || info.getDescription().equals(type.getName())) {
                bare.add(type.getSimpleName());
            }
            for (MBeanAttributeInfo attribute : info.getAttributes()) {
                if (attribute.getDescription() == null || attribute.getDescription().equals(attribute.getName())) {
                    bare.add(type.getSimpleName() + "." + attribute.getName());
                }
            }
            for (MBeanOperationInfo operation : info.getOperations()) {
                if (operation.getDescription() == null || operation.getDescription().equals(operation.getName())) {
                    bare.add(type.getSimpleName() + "." + operation.getName() + "()");
                }
            }
        }
        assertEquals(List.of(), bare);
    }

    @Test
    void aDescribedBeanIsStillAnMXBeanWithOpenTypes() {
        MBeanInfo info = info(TracedMethodMXBean.class);
        assertEquals("true", info.getDescriptor().getFieldValue("mxbean"));
        for (MBeanAttributeInfo attribute : info.getAttributes()) {
            assertNotNull(attribute.getDescriptor().getFieldValue("openType"), attribute.getName());
        }
        MBeanAttributeInfo calls = attribute(info, "Calls");
        assertEquals("long", calls.getType());
        assertNotEquals(calls.getName(), calls.getDescription());
        assertEquals("Calls of the method, every one counted (counter)", calls.getDescription());
    }

    private static MBeanAttributeInfo attribute(MBeanInfo info, String name) {
        for (MBeanAttributeInfo attribute : info.getAttributes()) {
            if (attribute.getName().equals(name)) {
                return attribute;
            }
        }
        throw new AssertionError("no attribute " + name);
    }
}
