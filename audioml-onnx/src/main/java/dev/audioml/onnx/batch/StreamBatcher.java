package dev.audioml.onnx.batch;

import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.internal.BatchKernel;
import dev.audioml.onnx.internal.BatchObserver;
import dev.audioml.onnx.internal.Batchers;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the windows of many concurrent streams of one model through one ONNX Runtime call per batch: each stream gets
 * a {@link BatchedStream} (a {@code Classifier}) whose windows the batcher's inference thread gathers, stacks along the
 * model's batch axis (with each stream's recurrent state: Silero's {@code state}, openWakeWord's mel and embedding
 * buffers) and scores together.
 *
 * <p>Made by the models: {@code SileroVadModel.newBatcher}, {@code WakeWordModel.newBatcher},
 * {@code OnnxModel.newBatcher}. Results equal those of one per-stream classifier per stream (tested within 1e-5 on
 * the real models).
 *
 * <p><b>When a batch runs</b> ({@link BatchPolicy}): as soon as {@code maxBatch} windows are pending, or every open
 * stream has one pending, or {@code maxWaitNanos} (default 2 ms) after the oldest pending window was submitted,
 * whichever is first (and never before the previous batch's run and deliveries end: one inference thread). Windows
 * are taken oldest first; each stream has at most one window in flight, so its windows are scored in order and its
 * state advances one window at a time. A window therefore waits at most {@code maxWaitNanos} plus the run of the batch
 * before it when the thread keeps up, then its own batch's run.
 *
 * <p><b>Threads</b>: one inference thread per batcher ({@code audioml-batcher-<name>}, a daemon) runs every model
 * call. A stream's own thread either calls {@link BatchedStream#classify} (the synchronous {@code Classifier}
 * contract: it waits, parked, until its window is scored: the wait plus at most two runs) or
 * {@link BatchedStream#submit} (never blocks: copies the window, returns {@code false} if the previous one is still
 * in flight, and the scores arrive on the inference thread). Use {@code classify} on a pipeline's processing thread
 * (which is not the audio thread: capture hands blocks over a queue) and {@code submit} where no wait is allowed.
 * After warm-up (one set of tensors per batch size, made on first use) neither path allocates Java objects.
 *
 * <p>Thread-safe. Closing the batcher stops and joins its thread, fails waiting callers with
 * {@link IllegalStateException}, closes every stream and the batcher's tensors; the model stays open (its owner
 * closes it after the batcher).
 *
 * <pre>{@code
 * try (SileroVadModel model = Presets.sileroVad(cache);
 *      StreamBatcher batcher = model.newBatcher(16_000, BatchPolicy.defaults())) {
 *     BatchedStream call1 = batcher.newStream(), call2 = batcher.newStream();   // one per stream, any thread each
 *     call1.classify(frame1, scores1);                                          // waits <= 2 ms + two batch runs
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class StreamBatcher implements AutoCloseable {
    private static final BatchedStream[] NO_STREAMS = new BatchedStream[0];
    /** Longest park of the inference thread when idle, so a missed wake-up costs at most this, in ns. */
    private static final long IDLE_PARK_NANOS = 50_000_000L;

    private final BatchKernel kernel;
    private final BatchPolicy policy;
    private final String name;
    private final Thread thread;
    /** Windows submitted and not yet taken into a batch; a producer that makes it 1 or the target wakes the thread. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Streams that submitted since the inference thread last looked, newest first (linked by their own field). */
    private final AtomicReference<BatchedStream> submittedTop = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final BatchKernel.StreamState[] states;
    private final BatchedStream[] running;
    private volatile BatchedStream[] streams = NO_STREAMS;
    /** Set when the inference thread has ended (closed, or killed by an Error): nobody will score a window any more. */
    private volatile boolean stopped;
    private volatile long batches;
    private volatile long windows;
    private volatile long runNanos;
    /** Sees each run, for benchmarks ({@code Batchers.observe}); null (the default) costs one volatile read a run. */
    private volatile BatchObserver observer;
    /** Inference thread only: submitted windows in submission order, a ring of a power-of-two length. */
    private BatchedStream[] queue = new BatchedStream[16];
    private int queueHead;
    private int queued;

    static {
        Batchers.register(StreamBatcher::new);
        Batchers.registerObservers((b, o) -> b.observer = o);
    }

    private StreamBatcher(BatchKernel kernel, BatchPolicy policy, String name) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.name = Objects.requireNonNull(name, "name");
        this.states = new BatchKernel.StreamState[policy.maxBatch()];
        this.running = new BatchedStream[policy.maxBatch()];
        this.thread = new Thread(this::loop, "audioml-batcher-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens a stream: fresh state (as a new per-stream classifier), sharing this batcher's model and thread.
     *
     * @return the stream, owned by the caller; closing it leaves the batcher open
     * @throws IllegalStateException if the batcher is closed
     */
    public BatchedStream newStream() {
        requireOpen();
        BatchKernel.StreamState state = kernel.newStream();
        BatchedStream s = new BatchedStream(this, state);
        synchronized (this) {
            if (closed.get()) {
                state.close();
                throw new IllegalStateException("StreamBatcher " + name + " is closed");
            }
            BatchedStream[] now = Arrays.copyOf(streams, streams.length + 1);
            now[now.length - 1] = s;
            streams = now;
        }
        return s;
    }

    /** @return the labels in model order, one score per label per window */
    public List<String> labels() {
        return kernel.labels();
    }

    /** @return the floats of one window's feature frame that each stream must pass */
    public int frameValues() {
        return kernel.frameValues();
    }

    /** @return the policy this batcher runs under */
    public BatchPolicy policy() {
        return policy;
    }

    /** @return the number of open streams */
    public int streamCount() {
        return streams.length;
    }

    /** @return model runs (batches) so far */
    public long batches() {
        return batches;
    }

    /** @return windows scored so far; {@code windows() / batches()} is the mean batch size */
    public long windows() {
        return windows;
    }

    /**
     * @return wall time the inference thread has spent in model runs so far, in ns ({@code runNanos() / batches()} is
     *     the mean run; its share of elapsed time is how busy the thread is)
     */
    public long runNanos() {
        return runNanos;
    }

    /**
     * Called by a stream after it marked its window pending: pushes it for the inference thread (lock-free, no
     * allocation: the stream is the link) and wakes that thread if this is the first pending window or the batch is
     * full. Never blocks.
     */
    void submitted(BatchedStream s) {
        BatchedStream top;
        do {
            top = submittedTop.get();
            s.nextSubmitted = top;
        } while (!submittedTop.compareAndSet(top, s));
        int p = pending.incrementAndGet();
        if (p == 1 || p >= target()) {
            LockSupport.unpark(thread);
        }
    }

    /** Removes a stream from the batch rotation (after its last window was scored). */
    synchronized void remove(BatchedStream s) {
        BatchedStream[] now = streams;
        for (int i = 0; i < now.length; i++) {
            if (now[i] == s) {
                BatchedStream[] less = new BatchedStream[now.length - 1];
                System.arraycopy(now, 0, less, 0, i);
                System.arraycopy(now, i + 1, less, i, now.length - i - 1);
                streams = less;
                return;
            }
        }
    }

    /** @return whether windows can no longer be scored: closed, or the inference thread ended */
    boolean isClosed() {
        return closed.get() || stopped;
    }

    String name() {
        return name;
    }

    private int target() {
        return Math.max(1, Math.min(policy.maxBatch(), streams.length));
    }

    private void requireOpen() {
        if (isClosed()) {
            throw new IllegalStateException("StreamBatcher " + name + " is closed");
        }
    }

    /**
     * The inference thread: wait for a first window; gather more until the batch is full or the oldest has waited
     * maxWait since its submission (at once if it already has: windows that arrived during the previous run do not
     * wait a second time); run, deliver, repeat.
     */
    private void loop() {
        try {
            loopUntilClosed();
        } finally {
            stopped = true;
            for (BatchedStream s : streams) {
                s.wakeWaiter();
            }
        }
    }

    private void loopUntilClosed() {
        while (!closed.get()) {
            drainSubmitted();
            if (queued == 0) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                continue;
            }
            long deadline = queue[queueHead].submitNanos + policy.maxWaitNanos();
            while (queued < target() && !closed.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
                drainSubmitted();
            }
            if (!closed.get()) {
                runBatch();
            }
        }
    }

    /** Moves the streams pushed by {@link #submitted} to the end of the queue, oldest first. */
    private void drainSubmitted() {
        BatchedStream s = submittedTop.getAndSet(null);
        if (s == null) {
            return;
        }
        BatchedStream oldest = null; // reverse the newest-first chain; its streams are pending, nobody relinks them
        int count = 0;
        while (s != null) {
            BatchedStream next = s.nextSubmitted;
            s.nextSubmitted = oldest;
            oldest = s;
            s = next;
            count++;
        }
        if (queued + count > queue.length) { // more streams than ever pending at once: grows while streams are added
            BatchedStream[] larger = new BatchedStream[Integer.highestOneBit(queued + count - 1) << 1];
            for (int i = 0; i < queued; i++) {
                larger[i] = queue[(queueHead + i) & (queue.length - 1)];
            }
            queue = larger;
            queueHead = 0;
        }
        for (s = oldest; s != null; ) {
            BatchedStream next = s.nextSubmitted;
            s.nextSubmitted = null;
            queue[(queueHead + queued++) & (queue.length - 1)] = s;
            s = next;
        }
    }

    private void runBatch() {
        int n = Math.min(queued, running.length);
        for (int i = 0; i < n; i++) {
            BatchedStream s = queue[queueHead];
            queue[queueHead] = null;
            queueHead = (queueHead + 1) & (queue.length - 1);
            s.markRunning();
            running[i] = s;
            states[i] = s.state();
        }
        queued -= n;
        pending.addAndGet(-n);
        if (n == 0) {
            return;
        }
        RuntimeException failure = null;
        BatchObserver o = observer;
        if (o != null) {
            o.runStarting();
        }
        long t0 = System.nanoTime();
        try {
            kernel.run(states, n);
        } catch (RuntimeException e) {
            failure = e instanceof AudioMLException ? e
                    : new AudioMLException("batched run of " + name + " failed: " + e.getMessage(), e);
        }
        long t1 = System.nanoTime();
        runNanos += t1 - t0;
        batches++;
        windows += n;
        long oldest = running[0].submitNanos;
        long newest = running[n - 1].submitNanos;
        for (int i = 0; i < n; i++) {
            running[i].complete(failure);
            running[i] = null;
            states[i] = null;
        }
        if (o != null) {
            o.runEnded(oldest, newest, t0, t1, System.nanoTime(), n, queued);
        }
    }

    /**
     * Stops the inference thread (joining it), fails waiting callers, closes every stream and the batcher's tensors.
     * The model is not closed. Idempotent and thread-safe.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
            boolean interrupted = false;
            // a listener may close the batcher from the inference thread itself: then the loop ends when it returns
            while (thread.isAlive() && Thread.currentThread() != thread) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            BatchedStream[] all;
            synchronized (this) {
                all = streams;
                streams = NO_STREAMS;
            }
            for (BatchedStream s : all) {
                s.batcherClosed();
            }
            kernel.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "StreamBatcher[" + name + ", " + streams.length + " streams, " + policy + "]";
    }
}
