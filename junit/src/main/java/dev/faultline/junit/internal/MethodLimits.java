package dev.faultline.junit.internal;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import dev.faultline.junit.MethodBudget;

/** A {@link MethodBudget}, checked; -1 means no limit. */
final class MethodLimits {
    final String method;
    final long minorFaults;
    final long majorFaults;
    final long minorFaultsPerCall;
    final long majorFaultsPerCall;
    final long blockedMillis;
    final boolean requireAgent;

    private MethodLimits(String method, long minorFaults, long majorFaults, long minorFaultsPerCall,
            long majorFaultsPerCall, long blockedMillis, boolean requireAgent) {
        this.blockedMillis = blockedMillis;
        this.method = method;
        this.minorFaults = minorFaults;
        this.majorFaults = majorFaults;
        this.minorFaultsPerCall = minorFaultsPerCall;
        this.majorFaultsPerCall = majorFaultsPerCall;
        this.requireAgent = requireAgent;
    }

    /**
     * The limits {@code budget} states.
     *
     * @throws ExtensionConfigurationException naming the test, the element and what is accepted
     */
    static MethodLimits of(MethodBudget budget, String test) {
        String method = budget.method().strip();
        String where = "@MethodBudget(method = \"" + budget.method() + "\") on " + test + ": ";
        int hash = method.indexOf('#');
        if (hash <= 0 || hash == method.length() - 1 || method.indexOf('#', hash + 1) >= 0) {
            throw new ExtensionConfigurationException(where + "bad method '" + budget.method()
                    + "' (accepted: the class's binary name, '#', the method's name, e.g. \"com.acme.Store#load\")");
        }
        MethodLimits limits = new MethodLimits(method,
                MemoryLimits.count(budget.minorFaults(), where, "minorFaults"),
                MemoryLimits.count(budget.majorFaults(), where, "majorFaults"),
                MemoryLimits.count(budget.minorFaultsPerCall(), where, "minorFaultsPerCall"),
                MemoryLimits.count(budget.majorFaultsPerCall(), where, "majorFaultsPerCall"),
                MemoryLimits.count(budget.blockedMillis(), where, "blockedMillis"),
                budget.requireAgent());
        if (limits.minorFaults < 0 && limits.majorFaults < 0 && limits.minorFaultsPerCall < 0
                && limits.majorFaultsPerCall < 0 && limits.blockedMillis < 0) {
            throw new ExtensionConfigurationException(where + "no limit set (set minorFaults, majorFaults,"
                    + " minorFaultsPerCall, majorFaultsPerCall or blockedMillis)");
        }
        return limits;
    }

    boolean limitsPerCall() {
        return minorFaultsPerCall >= 0 || majorFaultsPerCall >= 0;
    }
}
