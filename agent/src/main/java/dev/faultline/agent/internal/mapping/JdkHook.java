package dev.faultline.agent.internal.mapping;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One place in a JDK class where faultline calls {@code MappingProbe}: a method (by name
 * and descriptor) of a class, at its entry or before each of its returns, and the
 * instructions that go there ({@link HookCode}).
 *
 * <p>The inserted code never branches and leaves the operand stack as it found it, so the
 * method's stack map frames stay valid and nothing has to be computed (no class loading
 * inside the transformer). It only reads the JDK's own fields and accessors, which are
 * checked to exist on this JVM before the hook is used (see {@link JdkHooks}).
 */
final class JdkHook {
    /** Where the code goes. */
    enum Position { ENTRY, BEFORE_RETURN }

    final String description;
    final String className;
    final String methodName;
    /** The method's descriptor, or a pattern of descriptors where JDK releases differ. */
    final Pattern descriptor;
    final Position position;
    /** The fields the code reads that the class itself must declare ({@code name:descriptor}). */
    final List<String> requiredFields;
    /** The Java feature release from which the JDK has this method (its absence before is no problem). */
    final int sinceFeature;
    final HookCode code;

    JdkHook(String description, String className, String methodName, Pattern descriptor, Position position,
            List<String> requiredFields, int sinceFeature, HookCode code) {
        this.description = description;
        this.className = className;
        this.methodName = methodName;
        this.descriptor = descriptor;
        this.position = position;
        this.requiredFields = List.copyOf(requiredFields);
        this.sinceFeature = sinceFeature;
        this.code = code;
    }

    boolean matches(String name, String desc) {
        return methodName.equals(name) && descriptor.matcher(desc).matches();
    }

    @Override
    public String toString() {
        return description;
    }
}
