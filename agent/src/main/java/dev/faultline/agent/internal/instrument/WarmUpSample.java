package dev.faultline.agent.internal.instrument;

/**
 * What the transformer weaves once before it is installed ({@link TraceTransformer#warmUp()}):
 * a small class whose methods hold what the weaver handles (returns of each kind, a throw,
 * a try/catch, a loop, wide locals, stack map frames), so that every class the weaving
 * path needs is loaded, at a fraction of the cost of weaving a large class. Never run.
 */
final class WarmUpSample {
    private final long seed;

    WarmUpSample(long seed) {
        this.seed = seed < 0 ? -seed : seed;
    }

    long sum(int n, double scale, Object[] values) {
        long sum = seed;
        try {
            for (int i = 0; i < n; i++) {
                if (values[i] instanceof String) {
                    sum += ((String) values[i]).length();
                    continue;
                }
                sum ^= (long) (scale * i);
            }
        } catch (RuntimeException e) {
            return -1;
        }
        if (sum < 0) {
            throw new IllegalStateException("negative: " + sum);
        }
        return sum;
    }

    static double ratio(float a, double b) {
        return b == 0 ? a : a / b;
    }

    static Object pick(boolean first, Object a, Object b) {
        synchronized (WarmUpSample.class) {
            return first ? a : b;
        }
    }

    static void nothing() {
    }
}
