package dev.faultline.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * What the mapping tracker adds to a direct buffer's life, against the same without the
 * agent: {@code ByteBuffer.allocateDirect} and, at once, the JDK's own free
 * ({@code Unsafe.invokeCleaner}). An 8 KiB buffer is tracked (the hook, a stack walk for
 * its origin, a table entry and a phantom reference, then the free hook's lookup); a
 * 2 KiB one is below the tracker's one-page threshold (both hooks, the size check and
 * the lookup only). Freeing at once keeps the table, the heap and native memory steady.
 * No JFR recording runs. Run from the repository root after {@code mvn package}: the
 * forks load {@code agent/target/faultline-agent.jar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MappingBenchmark {
    private static final String AGENT = "-javaagent:agent/target/faultline-agent.jar=sink=stderr,jfr=false";

    /** {@code sun.misc.Unsafe.invokeCleaner}, bound to the instance (looked up reflectively: no compile-time use). */
    private MethodHandle invokeCleaner;

    @Setup
    public void findInvokeCleaner() throws ReflectiveOperationException {
        Class<?> type = Class.forName("sun.misc.Unsafe");
        Field field = type.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        invokeCleaner = MethodHandles.lookup()
                .findVirtual(type, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                .bindTo(field.get(null));
    }

    private int allocateAndFree(int capacity) throws Throwable {
        ByteBuffer buffer = ByteBuffer.allocateDirect(capacity);
        int value = buffer.get(0);
        invokeCleaner.invokeExact(buffer);
        return value;
    }

    @Benchmark
    @Fork(1)
    public int direct8KiB() throws Throwable {
        return allocateAndFree(8192);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = AGENT)
    public int direct8KiBWithAgent() throws Throwable {
        return allocateAndFree(8192);
    }

    @Benchmark
    @Fork(1)
    public int direct2KiB() throws Throwable {
        return allocateAndFree(2048);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = AGENT)
    public int direct2KiBWithAgent() throws Throwable {
        return allocateAndFree(2048);
    }
}
