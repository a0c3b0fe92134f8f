package dev.faultline.agent.internal.trace;

import dev.faultline.agent.internal.options.MethodOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The traced methods, each with an int id that the instrumented code passes to the probe
 * (no strings on the call path). Ids are dense, so a lookup is one array read.
 */
public final class MethodRegistry {
    private final ConcurrentHashMap<String, MethodState> byKey = new ConcurrentHashMap<>();
    private volatile MethodState[] byId = new MethodState[64];
    private int next = 1; // 0 is never a method

    /** The id of this method, registering it the first time (a retransformed class keeps its ids). */
    public int register(String className, String methodName, String descriptor, ClassLoader loader,
                        MethodOptions options) {
        String key = className + "#" + methodName + descriptor;
        MethodState existing = byKey.get(key);
        if (existing != null) {
            return existing.id;
        }
        synchronized (this) {
            existing = byKey.get(key);
            if (existing != null) {
                return existing.id;
            }
            int id = next++;
            MethodState state = new MethodState(id, className, methodName, descriptor, loader, options);
            MethodState[] array = byId;
            if (id >= array.length) {
                MethodState[] grown = new MethodState[array.length * 2];
                System.arraycopy(array, 0, grown, 0, array.length);
                array = grown;
            }
            array[id] = state;
            byId = array;
            byKey.put(key, state);
            return id;
        }
    }

    /** The method with this id, or {@code null}. */
    public MethodState get(int id) {
        MethodState[] array = byId;
        return id > 0 && id < array.length ? array[id] : null;
    }

    /** Every registered method, in id order. */
    public List<MethodState> all() {
        MethodState[] array = byId;
        List<MethodState> list = new ArrayList<>();
        for (MethodState state : array) {
            if (state != null) {
                list.add(state);
            }
        }
        return list;
    }
}
