package com.acme;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Works the JDK's most used corners (collections, streams and lambdas, a thread pool,
 * formatting, regular expressions, method handles, exceptions) and prints what it computed:
 * the same lines whatever traces the JDK's own methods.
 */
public final class JdkWorkoutApp {
    private JdkWorkoutApp() {
    }

    public static void main(String[] args) throws Throwable {
        Map<String, Integer> squares = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            squares.put("k" + i, i * i);
        }
        List<Integer> values = new ArrayList<>(squares.values());
        Collections.sort(values);
        System.out.println("sum of squares " + values.stream().mapToLong(Integer::longValue).sum());

        TreeMap<String, Integer> sorted = new TreeMap<>(squares);
        System.out.println("first keys " + sorted.keySet().stream().limit(3).collect(Collectors.joining(",")));

        ConcurrentHashMap<Integer, Integer> counts = new ConcurrentHashMap<>();
        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t;
            futures.add(pool.submit(() -> {
                tasks.incrementAndGet();
                int sum = 0;
                for (int i = 0; i < 1000; i++) {
                    counts.merge(i % 10, 1, Integer::sum);
                    sum += base + i;
                }
                return sum;
            }));
        }
        long total = 0;
        for (Future<Integer> future : futures) {
            total += future.get();
        }
        pool.shutdown();
        System.out.println("pool total " + total + " tasks " + tasks.get() + " buckets " + new TreeMap<>(counts));

        System.out.println(String.format("formatted %05d %.2f %s", 42, Math.PI, Objects.requireNonNull("x")));

        Matcher matcher = Pattern.compile("([a-z]+)(\\d+)").matcher("abc123 de45");
        StringBuilder found = new StringBuilder();
        while (matcher.find()) {
            found.append(matcher.group(1)).append('=').append(Integer.parseInt(matcher.group(2))).append(' ');
        }
        System.out.println("regex " + found.toString().trim());

        MethodHandle concat = MethodHandles.lookup().findVirtual(String.class, "concat",
                MethodType.methodType(String.class, String.class));
        System.out.println("handle " + (String) concat.invokeExact("meth", "od"));

        try {
            Objects.requireNonNull(null, "nothing here");
        } catch (NullPointerException e) {
            System.out.println("caught " + e.getMessage());
        }
        System.out.println("done");
    }
}
