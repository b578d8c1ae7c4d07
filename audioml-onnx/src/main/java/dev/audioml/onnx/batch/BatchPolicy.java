package dev.audioml.onnx.batch;

/**
 * When a {@link StreamBatcher} runs its model: as soon as {@code maxBatch} windows are pending, or every open stream
 * has a window pending, or {@code maxWaitNanos} after the oldest pending window was submitted, whichever comes first
 * (and once the previous batch is done). Pending windows are taken oldest first.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxBatch the most windows per model run, in [1, 4096]; more pending windows wait for the next run
 * @param maxWaitNanos the longest a window waits, from its submission, for others to join its batch, in ns, in
 *     [0, 1 s]; 0 runs whatever is pending at once. A window's added latency is at most this plus the run of the batch
 *     before it (if the thread was busy) and its own batch's run
 * @since 0.1
 */
public record BatchPolicy(int maxBatch, long maxWaitNanos) {
    /** Default {@link #maxBatch}: 32 windows. */
    public static final int DEFAULT_MAX_BATCH = 32;
    /** Default {@link #maxWaitNanos}: 2 ms. */
    public static final long DEFAULT_MAX_WAIT_NANOS = 2_000_000L;
    private static final int MAX_BATCH_LIMIT = 4096;
    private static final long MAX_WAIT_LIMIT_NANOS = 1_000_000_000L;

    /** Validates. */
    public BatchPolicy {
        if (maxBatch < 1 || maxBatch > MAX_BATCH_LIMIT) {
            throw new IllegalArgumentException("maxBatch must be in [1, " + MAX_BATCH_LIMIT + "], got " + maxBatch);
        }
        if (maxWaitNanos < 0 || maxWaitNanos > MAX_WAIT_LIMIT_NANOS) {
            throw new IllegalArgumentException("maxWaitNanos must be in [0, " + MAX_WAIT_LIMIT_NANOS + "], got " + maxWaitNanos);
        }
    }

    /** @return 32 windows, 2 ms */
    public static BatchPolicy defaults() {
        return new BatchPolicy(DEFAULT_MAX_BATCH, DEFAULT_MAX_WAIT_NANOS);
    }
}
