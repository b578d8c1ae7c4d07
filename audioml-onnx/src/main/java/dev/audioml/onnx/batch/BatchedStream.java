package dev.audioml.onnx.batch;

import dev.audioml.core.AudioMLException;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.internal.BatchKernel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One stream of a {@link StreamBatcher}: a stateful {@link Classifier} whose windows are scored in the batcher's
 * shared model runs. Scores equal those of the model's own per-stream classifier on the same windows.
 *
 * <p>Two ways to score a window, one window in flight at a time (so the stream's state advances in order):
 * {@link #classify} waits for the scores (the {@code Classifier} contract; while the batcher keeps up, at most its wait
 * plus the run of the batch in progress and its own); {@link #submit} never blocks and delivers the scores to a
 * {@link ScoresListener} on the batcher's thread.
 *
 * <p>Not thread-safe: confine to one thread (the stream's). The scores reach that thread through a volatile
 * hand-over; the listener runs on the batcher's inference thread.
 *
 * @since 0.1
 */
public final class BatchedStream implements Classifier {
    private static final int IDLE = 0;
    private static final int PENDING = 1;
    private static final int RUNNING = 2;
    /** Longest park of a waiting {@link #classify} between checks that the batcher is still open, in ns. */
    private static final long WAIT_PARK_NANOS = 10_000_000L;

    /**
     * Receives the scores of a window given to {@link #submit}.
     *
     * @since 0.1
     */
    @FunctionalInterface
    public interface ScoresListener {
        /**
         * Called on the batcher's inference thread once the window is scored. Must return quickly (every stream of
         * the batch waits for it) and must not block.
         *
         * @param stream the stream the window came from
         * @param scores one score per label; valid only during this call (copy what you keep)
         */
        void onScores(BatchedStream stream, float[] scores);

        /**
         * Called on the inference thread instead of {@link #onScores} when the batch's model run failed; the failure
         * is also thrown by the stream's next {@code submit} or {@code classify}.
         *
         * @param stream the stream the window came from
         * @param failure the cause
         */
        default void onFailure(BatchedStream stream, RuntimeException failure) {
        }
    }

    private final StreamBatcher batcher;
    private final BatchKernel.StreamState state;
    private final AtomicInteger phase = new AtomicInteger(IDLE);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread waiter;
    private volatile ScoresListener listener;
    private volatile RuntimeException failure;
    private final AtomicBoolean resetRequested = new AtomicBoolean();
    /** When the window in flight was submitted ({@link System#nanoTime()}); the batcher's wait counts from it. */
    long submitNanos;
    /** The batcher's link to the stream that submitted before this one; only set while this stream is pending. */
    BatchedStream nextSubmitted;

    BatchedStream(StreamBatcher batcher, BatchKernel.StreamState state) {
        this.batcher = batcher;
        this.state = state;
    }

    @Override
    public List<String> labels() {
        return batcher.labels();
    }

    /**
     * Scores the stream's next window, waiting (parked) until the batcher has run it: while the batcher keeps up, at
     * most the batch policy's wait plus the run of the batch in progress and its own.
     *
     * @param features the window; its data must hold {@link StreamBatcher#frameValues()} floats; read-only, copied
     * @param scores destination of length {@code labels().size()}
     * @throws IllegalStateException if the stream or its batcher is closed (also while waiting), or a window given to
     *     {@link #submit} is still in flight
     * @throws AudioMLException if the batch's model run failed
     */
    @Override
    public void classify(FeatureFrame features, float[] scores) {
        if (scores.length != state.scores.length) {
            throw new IllegalArgumentException("scores must have length " + state.scores.length + " (labels), got " + scores.length);
        }
        waiter = Thread.currentThread();
        try {
            start(features, null);
            while (phase.get() != IDLE) {
                if (batcher.isClosed()) {
                    throw new IllegalStateException("StreamBatcher " + batcher.name() + " closed (or its inference thread ended) while a window was waiting");
                }
                LockSupport.parkNanos(this, WAIT_PARK_NANOS);
            }
        } finally {
            waiter = null;
        }
        throwFailure();
        System.arraycopy(state.scores, 0, scores, 0, scores.length);
    }

    /**
     * Hands the stream's next window to the batcher without waiting.
     *
     * @param features the window; its data must hold {@link StreamBatcher#frameValues()} floats; read-only, copied
     *     before this returns
     * @param onScores receives the scores on the batcher's thread
     * @return {@code true} if taken; {@code false} (and nothing done) if this stream's previous window is still in
     *     flight: the caller counts or queues it, the stream never buffers more than one window
     * @throws IllegalStateException if the stream or its batcher is closed
     * @throws AudioMLException if the model run of the stream's previous window failed
     */
    public boolean submit(FeatureFrame features, ScoresListener onScores) {
        if (onScores == null) {
            throw new IllegalArgumentException("onScores must not be null");
        }
        if (phase.get() != IDLE) {
            requireOpen();
            return false;
        }
        start(features, onScores);
        return true;
    }

    /** @return whether a window of this stream is waiting or being scored */
    public boolean isInFlight() {
        return phase.get() != IDLE;
    }

    private void start(FeatureFrame features, ScoresListener onScores) {
        requireOpen();
        throwFailure();
        float[] data = features.data();
        if (data.length != state.input.length) {
            throw new IllegalArgumentException("batcher " + batcher.name() + " needs frames of " + state.input.length
                    + " values, got " + data.length + " (shape " + Arrays.toString(features.shape()) + ")");
        }
        if (phase.get() != IDLE) {
            throw new IllegalStateException("BatchedStream has a window in flight: one window at a time per stream");
        }
        System.arraycopy(data, 0, state.input, 0, data.length);
        listener = onScores;
        submitNanos = System.nanoTime();
        phase.set(PENDING);
        batcher.submitted(this);
    }

    private void throwFailure() {
        RuntimeException f = failure;
        if (f != null) {
            failure = null;
            throw new AudioMLException("batcher " + batcher.name() + ": " + f.getMessage(), f);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("BatchedStream is closed");
        }
        if (batcher.isClosed()) {
            throw new IllegalStateException("StreamBatcher " + batcher.name() + " is closed");
        }
    }

    /** Inference thread: the pending window joins the batch being formed. */
    void markRunning() {
        phase.set(RUNNING);
    }

    BatchKernel.StreamState state() {
        return state;
    }

    /**
     * Inference thread: the window is scored (or its batch failed). The stream is idle again before the listener runs,
     * so the listener (or the thread it wakes) may submit the stream's next window at once; that window is run in a
     * later batch, by this same thread, so the scores passed to the listener stay intact during the call.
     */
    void complete(RuntimeException runFailure) {
        ScoresListener l = listener;
        listener = null;
        if (runFailure != null) {
            failure = runFailure;
        }
        if (resetRequested.compareAndSet(true, false)) {
            state.reset();
        }
        phase.set(IDLE);
        wakeWaiter();
        if (l == null) {
            return;
        }
        try {
            if (runFailure == null) {
                l.onScores(this, state.scores);
            } else {
                l.onFailure(this, runFailure);
            }
        } catch (RuntimeException e) {
            if (runFailure == null) {
                failure = e;
            }
        }
    }

    /**
     * Forgets the stream's state (recurrent state, context, buffers), ready for a new stream. Never blocks: with a
     * window in flight, the reset happens right after it is scored.
     */
    @Override
    public void reset() {
        requireOpen();
        resetRequested.set(true);
        // whoever clears the flag resets: the inference thread before it hands the window back, or this thread when idle
        if (phase.get() == IDLE && resetRequested.compareAndSet(true, false)) {
            state.reset();
        }
    }

    /** Batcher closing: release the state; waiting callers see the closed batcher. */
    void batcherClosed() {
        if (closed.compareAndSet(false, true)) {
            state.close();
        }
        wakeWaiter();
    }

    /** Unparks a caller waiting in {@link #classify}, if any, so it rechecks the batcher. */
    void wakeWaiter() {
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /**
     * Leaves the batcher (after the window in flight, if any, is scored) and frees the stream's buffers. Idempotent;
     * may wait for one batch run.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            while (phase.get() != IDLE && !batcher.isClosed()) {
                LockSupport.parkNanos(this, WAIT_PARK_NANOS / 10);
            }
            batcher.remove(this);
            state.close();
        }
    }
}
