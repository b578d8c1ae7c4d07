package dev.audioml.core.pipeline;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size log-linear histogram of durations in nanoseconds: every power-of-two range is split into
 * {@value #SUB_BUCKETS} equal buckets, so a percentile read back (the upper edge of its bucket) is at most 12.5 %
 * above the recorded value. Recording allocates nothing.
 *
 * <p>Thread-safe: one writer and any number of readers.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 3;
    static final int SUB_BUCKETS = 1 << SUB_BITS;
    private final AtomicLongArray counts = new AtomicLongArray(SUB_BUCKETS * (64 - SUB_BITS + 1));

    void record(long nanos) {
        int i = index(Math.max(0, nanos));
        counts.lazySet(i, counts.get(i) + 1);
    }

    static int index(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int log2 = 63 - Long.numberOfLeadingZeros(value);
        int sub = (int) (value >>> (log2 - SUB_BITS)) & (SUB_BUCKETS - 1);
        return SUB_BUCKETS * (log2 - SUB_BITS + 1) + sub;
    }

    /** The largest value that falls in bucket {@code i}. */
    static long upperEdge(int i) {
        if (i < SUB_BUCKETS) {
            return i;
        }
        int log2 = i / SUB_BUCKETS + SUB_BITS - 1;
        long width = 1L << (log2 - SUB_BITS);
        long lower = (long) (SUB_BUCKETS + i % SUB_BUCKETS) << (log2 - SUB_BITS);
        return lower + width - 1;
    }

    /** @return how many values were recorded */
    long count() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** @return count and p50/p99/p99.9 */
    StageLatency snapshot() {
        return new StageLatency(count(), percentile(0.5), percentile(0.99), percentile(0.999));
    }

    /**
     * @param quantile in (0, 1]
     * @return the upper edge of the bucket holding that quantile, or 0 when nothing was recorded
     */
    long percentile(double quantile) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return upperEdge(i);
            }
        }
        return upperEdge(counts.length() - 1);
    }
}
