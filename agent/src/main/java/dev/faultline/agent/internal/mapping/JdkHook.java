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
    /** The method's descriptor; {@code null} where JDK releases differ ({@link #descriptors}). */
    final String descriptor;
    /** A pattern of the method's descriptors where JDK releases differ, else {@code null}. */
    final Pattern descriptors;
    final Position position;
    /** The fields the code reads that the class itself must declare ({@code name:descriptor}). */
    final List<String> requiredFields;
    /** The Java feature release from which the JDK has this method (its absence before is no problem). */
    final int sinceFeature;
    final HookCode code;

    /** A hook of the method with this exact descriptor (no {@code java.util.regex} on the start-up path). */
    JdkHook(String description, String className, String methodName, String descriptor, Position position,
            List<String> requiredFields, int sinceFeature, HookCode code) {
        this(description, className, methodName, descriptor, null, position, requiredFields, sinceFeature, code);
    }

    /** A hook of the method whose descriptor matches, where JDK releases differ. */
    JdkHook(String description, String className, String methodName, Pattern descriptors, Position position,
            List<String> requiredFields, int sinceFeature, HookCode code) {
        this(description, className, methodName, null, descriptors, position, requiredFields, sinceFeature, code);
    }

    private JdkHook(String description, String className, String methodName, String descriptor, Pattern descriptors,
                    Position position, List<String> requiredFields, int sinceFeature, HookCode code) {
        this.description = description;
        this.className = className;
        this.methodName = methodName;
        this.descriptor = descriptor;
        this.descriptors = descriptors;
        this.position = position;
        this.requiredFields = List.copyOf(requiredFields);
        this.sinceFeature = sinceFeature;
        this.code = code;
    }

    boolean matches(String name, String desc) {
        return methodName.equals(name)
                && (descriptor != null ? descriptor.equals(desc) : descriptors.matcher(desc).matches());
    }

    @Override
    public String toString() {
        return description;
    }
}
