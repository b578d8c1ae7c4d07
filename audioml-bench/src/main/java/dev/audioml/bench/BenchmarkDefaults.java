package dev.audioml.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every benchmark of the suite shares (JMH inherits class annotations and {@code @Benchmark} methods):
 * per-thread state, average time in microseconds, 2 warm-up and 3 measurement iterations of 1 s, one fork, and the
 * empty {@link #baseline()} that shows the harness cost. A benchmark overrides a setting by annotating its own class;
 * the command line ({@code -wi -i -w -r -f}) overrides them all.
 *
 * @since 0.1
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public abstract class BenchmarkDefaults {
    /** Nothing: the harness cost. */
    @Benchmark
    public void baseline() {
    }
}
