package dev.faultline.agent.internal.jmx;

import dev.faultline.agent.internal.mapping.MappingTracking;
import dev.faultline.agent.internal.mapping.TrackedMapping;

import java.util.List;

/** The Mappings MXBean over the running {@link MappingTracking}. */
public final class MappingsBean implements MappingsMXBean {
    public static final String NAME = "dev.faultline:type=Mappings";
    /** Rows in {@link #getTopMappings()}. */
    static final int TOP = 20;

    private final MappingTracking tracking;

    public MappingsBean(MappingTracking tracking) {
        this.tracking = tracking;
    }

    /** Registers the bean in the platform MBean server (replacing one left by an earlier attach). */
    public void register() throws Exception {
        PlatformBeans.register(this, MappingsMXBean.class, NAME);
    }

    /** Unregisters the bean, if registered. */
    public static void unregister() {
        PlatformBeans.unregister(NAME);
    }

    @Override
    public MappingRow[] getTopMappings() {
        List<TrackedMapping> top = tracking.topForReader(TOP);
        MappingRow[] rows = new MappingRow[top.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = MappingRow.of(top.get(i));
        }
        return rows;
    }

    @Override
    public long getTrackedCount() {
        return tracking.tracker().trackedCount();
    }

    @Override
    public long getDroppedCount() {
        return tracking.tracker().droppedCount();
    }

    @Override
    public long getTrackedBytes() {
        return tracking.tracker().trackedBytes();
    }
}
