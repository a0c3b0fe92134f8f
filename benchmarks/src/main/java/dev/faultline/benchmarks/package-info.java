/**
 * JMH benchmarks. Build with {@code mvn -B -DskipTests package}, run with
 * {@code java -cp 'benchmarks/target/faultline-benchmarks.jar:benchmarks/target/lib/*' org.openjdk.jmh.Main}.
 * Each benchmark compares against a baseline measured in the same run.
 */
package dev.faultline.benchmarks;
