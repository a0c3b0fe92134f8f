package dev.faultline.agent.internal.jmx;

import java.lang.reflect.Method;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.StandardMBean;

/**
 * An MXBean whose {@code MBeanInfo} carries the {@link Described} texts of its interface,
 * instead of the bare attribute names that a plain MXBean shows.
 */
final class DescribedMXBean<T> extends StandardMBean {
    private final Class<T> type;

    DescribedMXBean(T bean, Class<T> type) {
        super(bean, type, true);
        this.type = type;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        Described described = type.getAnnotation(Described.class);
        return described != null ? described.value() : super.getDescription(info);
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        Described described = attribute(info);
        return described != null ? described.value() : super.getDescription(info);
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(info.getName()) && method.getParameterCount() == info.getSignature().length) {
                Described described = method.getAnnotation(Described.class);
                if (described != null) {
                    return described.value();
                }
            }
        }
        return super.getDescription(info);
    }

    /** The annotation of the attribute's getter ({@code getX} or {@code isX}), or {@code null}. */
    private Described attribute(MBeanAttributeInfo info) {
        String prefix = info.isIs() ? "is" : "get";
        try {
            return type.getMethod(prefix + info.getName()).getAnnotation(Described.class);
        } catch (NoSuchMethodException e) {
            return null; // a write-only attribute: its setter carries no description
        }
    }
}
