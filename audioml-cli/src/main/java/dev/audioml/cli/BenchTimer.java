package dev.audioml.cli;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Times an operation on the calling thread: runs it for a warm-up time, then for a measurement time, recording each
 * call's duration; Java heap bytes allocated per call come from {@code com.sun.management.ThreadMXBean} where the JVM
 * supports it (native memory, e.g. ONNX Runtime's, is not counted). A small in-process harness for
 * {@code audioml bench}; the JMH suite in {@code audioml-bench} is the reference measurement.
 *
 * <p>Not thread-safe: one measurement at a time.
 */
final class BenchTimer {
    /** One operation to time; returns any value so that the JIT cannot drop the work. */
    @FunctionalInterface
    interface Op {
        long run() throws Exception;
    }

    /**
     * What a measurement found.
     *
     * @param ops calls measured
     * @param meanNanos mean time per call, in nanoseconds
     * @param p50Nanos median time per call, in nanoseconds
     * @param p99Nanos 99th percentile, in nanoseconds
     * @param bytesPerOp Java heap bytes allocated per call, or -1 where the JVM cannot tell
     */
    record Result(long ops, double meanNanos, long p50Nanos, long p99Nanos, double bytesPerOp) {
    }

    /** Most per-call times kept for percentiles (preallocated: 8 MiB, so that the timer allocates nothing). */
    private static final int MAX_SAMPLES = 1 << 20;

    private final long warmupNanos;
    private final long measureNanos;
    private final long[] samples = new long[MAX_SAMPLES];
    private long sink;

    /**
     * @param warmupNanos warm-up time, in nanoseconds (at least 0)
     * @param measureNanos measurement time, in nanoseconds (at least 1)
     */
    BenchTimer(long warmupNanos, long measureNanos) {
        if (warmupNanos < 0 || measureNanos < 1) {
            throw new IllegalArgumentException("warm-up must be >= 0 ns and measurement >= 1 ns, got " + warmupNanos
                    + " and " + measureNanos);
        }
        this.warmupNanos = warmupNanos;
        this.measureNanos = measureNanos;
    }

    /**
     * Warms up then measures {@code op} (at least one measured call).
     *
     * @param op the operation
     * @return the measurement
     * @throws Exception what {@code op} throws
     */
    Result measure(Op op) throws Exception {
        long end = System.nanoTime() + warmupNanos;
        do {
            sink += op.run();
        } while (System.nanoTime() < end);
        int n = 0;
        long ops = 0;
        long total = 0;
        long bytesBefore = allocatedBytes();
        long start = System.nanoTime();
        end = start + measureNanos;
        long t = start;
        do {
            sink += op.run();
            long now = System.nanoTime();
            long d = now - t;
            t = now;
            total += d;
            ops++;
            if (n < samples.length) {
                samples[n++] = d;
            }
        } while (t < end);
        long bytesAfter = allocatedBytes();
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        double bytes = bytesBefore < 0 ? -1 : Math.max(0, bytesAfter - bytesBefore) / (double) ops;
        return new Result(ops, total / (double) ops, percentile(sorted, 0.50), percentile(sorted, 0.99), bytes);
    }

    /** @return a value depending on every result, so that nothing is optimised away */
    long sink() {
        return sink;
    }

    private static long percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
                && sun.isThreadAllocatedMemoryEnabled()) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }
}
