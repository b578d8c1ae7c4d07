package dev.audioml.onnx.internal;

/**
 * Sees every model run of a {@code StreamBatcher}, on its inference thread, for the benchmark harness: where a window's
 * latency goes (the batch wait, the runs before it, the thread waking late, the run itself). Set with
 * {@link Batchers#observe}; the batcher calls nothing while none is set.
 *
 * <p>Internal: not API. Both methods run on the batcher's inference thread between a batch's forming and its
 * deliveries: they must return quickly and must not block or throw.
 */
public interface BatchObserver {
    /** Called just before a batch's model run (e.g. to read the thread's CPU clock). */
    void runStarting();

    /**
     * Called after a batch's scores were delivered to its streams.
     *
     * @param oldestSubmitNanos {@link System#nanoTime()} at which the batch's oldest window was submitted
     * @param newestSubmitNanos the same for its newest window
     * @param runStartNanos just before the model run
     * @param runEndNanos just after it
     * @param deliveredNanos after the last stream's listener returned
     * @param windows the batch size
     * @param stillQueued windows left waiting for a later batch
     */
    void runEnded(long oldestSubmitNanos, long newestSubmitNanos, long runStartNanos, long runEndNanos,
            long deliveredNanos, int windows, int stillQueued);
}
