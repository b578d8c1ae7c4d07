/**
 * JMH benchmarks of AudioML's realtime path (packages mirror the code under test) and their shared inputs: seeded
 * noise ({@link dev.audioml.bench.BenchInputs}) and the common feature configurations. Build and run:
 * {@code ./mvnw -B -pl audioml-bench -am package -DskipTests && java -jar audioml-bench/target/benchmarks.jar -rf json}.
 * See {@code docs/performance.md}.
 */
package dev.audioml.bench;
