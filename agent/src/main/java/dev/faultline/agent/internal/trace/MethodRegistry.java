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
    private volatile Listener listener;

    /**
     * Told of each method registered after it is set. It is called inside a class
     * transformation (where methods are registered): it must return at once, take no lock
     * and load no class; waking a thread of the agent's own is what it is for.
     */
    public interface Listener {
        void registered(MethodState method);
    }

    /** The id of this method, registering it the first time (a retransformed class keeps its ids). */
    public int register(String className, String methodName, String descriptor, ClassLoader loader,
                        MethodOptions options) {
        String key = className + "#" + methodName + descriptor;
        MethodState existing = byKey.get(key);
        if (existing != null) {
            return existing.id;
        }
        MethodState state;
        synchronized (this) {
            existing = byKey.get(key);
            if (existing != null) {
                return existing.id;
            }
            int id = next++;
            state = new MethodState(id, className, methodName, descriptor, loader, options);
            MethodState[] array = byId;
            if (id >= array.length) {
                MethodState[] grown = new MethodState[array.length * 2];
                System.arraycopy(array, 0, grown, 0, array.length);
                array = grown;
            }
            array[id] = state;
            byId = array;
            byKey.put(key, state);
        }
        Listener told = listener;
        if (told != null) {
            told.registered(state);
        }
        return state.id;
    }

    /** Sets the one listener ({@code null}: none); methods registered before are not told of. */
    public void listener(Listener listener) {
        this.listener = listener;
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
