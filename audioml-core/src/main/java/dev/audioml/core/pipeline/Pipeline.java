package dev.audioml.core.pipeline;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.AudioMLException;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.Sink;
import dev.audioml.core.Source;
import dev.audioml.core.framing.LastWindow;
import dev.audioml.core.post.PostProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs audio from a {@link Source} through resampling, framing, a {@link FeatureExtractor}, a {@link Classifier},
 * an optional {@link PostProcessor} and into {@link Sink}s:
 *
 * <pre>{@code
 * try (Pipeline p = Pipeline.builder()
 *         .source(Sources.fromArray(samples, 44_100))
 *         .resampleTo(16_000)                 // optional: defaults to the extractor's rate
 *         .windowSeconds(1.0, 0.5)
 *         .features(new IdentityExtractor(16_000))
 *         .classifier(classifier)
 *         .postProcess(PostProcessor.builder().movingAverage(3).build())
 *         .sink(new ConsoleSink(System.out))
 *         .build()) {
 *     p.run();
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> {@link #run()} processes on the calling thread until the source ends or {@link #stop()} is
 * called; {@link #start()} does the same on a new thread named {@code audioml-processing-N}. A non-live source is
 * read on the processing thread as fast as it delivers. A live source ({@link Source#isLive()}) is read on a capture
 * thread ({@code audioml-capture-N}) into a pool of preallocated blocks handed over a bounded queue; when the queue is
 * full the {@link DropPolicy} applies (default {@link DropPolicy#DROP_OLDEST}), so a slow model costs counted drops,
 * never unbounded memory, and the capture thread never waits (unless the policy is {@link DropPolicy#BLOCK}). Sinks
 * and the post-processor are called on the processing thread, in window order.
 *
 * <p><b>Time.</b> Timestamps are sample indices at the pipeline's rate ({@link #sampleRateHz()}), counted from the
 * source's first sample, also when the stream is {@linkplain Builder#padding padded} with zeros (a window reaching into
 * the padding is reported clipped to the source's span: one wholly inside the leading padding as {@code [0, 0)}).
 * After dropped blocks the stream resumes at the next block's true time (mapped to the
 * pipeline rate, to within one sample); the resampler, framer and feature extractor restart there, so no window
 * spans a gap.
 *
 * <p><b>Ownership.</b> The pipeline owns the source, extractor, classifier and sinks it was given:
 * {@link #close()} closes each exactly once; {@link Builder#build()} closes them if the configuration is wrong. Parts
 * given with the builder's {@code borrow...} methods are used, never closed. The post-processor holds no resources.
 *
 * <p><b>Structure.</b> The pipeline runs threads and hand-over; the per-block path (resampling, framing, features,
 * inference, post-processing, delivery) is a separate class timed by the injected {@link Builder#clock NanoClock}.
 *
 * <p><b>Errors.</b> A failure of any stage (or of the source) stops the pipeline; it is thrown by {@link #run()}, or,
 * for a {@link #start() started} pipeline, by {@link #close()} (as an {@link AudioMLException} whose cause is the
 * failure).
 *
 * <p>Thread-safe: {@link #stop()}, {@link #close()}, {@link #stats()} and {@link #isRunning()} may be called from any
 * thread; {@link #run()} or {@link #start()} may be called once.
 *
 * @since 0.1
 */
public final class Pipeline implements AutoCloseable {
    /** Samples per source read unless configured: 1024. */
    public static final int DEFAULT_BLOCK_SAMPLES = 1024;
    /** Blocks the live hand-over queue holds unless configured: 32. */
    public static final int DEFAULT_QUEUE_BLOCKS = 32;
    /** How long {@link #close()} waits for the threads to notice a stop before closing the source to unblock a read. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final Source source;
    private final Ownership owned;
    private final List<Sink> sinks;
    private final List<String> labels;
    private final List<String> outputLabels;
    private final int sampleRateHz;
    private final int windowSamples;
    private final int hopSamples;
    private final int blockSamples;
    private final int queueBlocks;
    private final DropPolicy dropPolicy;
    private final ShutdownPolicy shutdownPolicy;
    private final NanoClock clock;
    private final WindowProcessor processor;

    // Cross-thread state.
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicLong blocksIn = new AtomicLong();
    private final AtomicLong blocksDropped = new AtomicLong();
    private final AtomicLong samplesDropped = new AtomicLong();
    private volatile boolean stopRequested;
    private volatile BlockQueue queue;
    private volatile Thread processingThread;
    private volatile boolean ownsProcessingThread;
    private volatile Thread captureThread;
    private volatile Throwable failure;
    private volatile Throwable captureFailure;
    private volatile boolean failureThrown;
    private volatile Exception unblockFailure;

    private Pipeline(Builder b, Validated v) {
        this.source = b.source;
        this.owned = b.ownership();
        this.sinks = List.copyOf(b.sinks);
        this.labels = v.labels;
        this.outputLabels = v.outputLabels;
        this.sampleRateHz = v.rateHz;
        this.windowSamples = v.window;
        this.hopSamples = v.hop;
        this.blockSamples = b.blockSamples;
        this.queueBlocks = b.queueBlocks;
        this.dropPolicy = b.dropPolicy;
        this.shutdownPolicy = b.shutdownPolicy;
        this.clock = b.clock;
        this.processor = new WindowProcessor(source.sampleRateHz(), v.rateHz, v.window, v.hop, b.lastWindow,
                b.blockSamples, b.padBeforeSamples, b.padAfterSamples, v.extractor, v.frameShape, b.classifier,
                v.labels, b.post, v.outputLabels, sinks, b.clock);
    }

    /** @return a builder; {@code source}, {@code window} and {@code classifier} are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the rate the pipeline's windows and timestamps count at, in Hz */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** @return the window length in samples at {@link #sampleRateHz()} */
    public int windowSamples() {
        return windowSamples;
    }

    /** @return the hop between window starts in samples at {@link #sampleRateHz()} */
    public int hopSamples() {
        return hopSamples;
    }

    /** @return the labels the sinks receive (the classifier's, filtered by the post-processor), in model order */
    public List<String> labels() {
        return outputLabels;
    }

    /**
     * Processes the whole source on the calling thread (a live source is captured on its own thread meanwhile) and
     * returns when it ends, or after {@link #stop()} as the {@link ShutdownPolicy} says.
     *
     * @throws IllegalStateException if the pipeline was already run or started, or is closed
     * @throws RuntimeException the failure of any stage, unchanged ({@link UncheckedIOException} for source I/O)
     */
    public void run() {
        claim();
        processingThread = Thread.currentThread();
        process();
        Throwable t = failure;
        if (t != null) {
            failureThrown = true;
            throw asUnchecked(t);
        }
    }

    /**
     * Starts processing on a new thread and returns at once; {@link #close()} waits for it and throws its failure.
     *
     * @throws IllegalStateException if the pipeline was already run or started, or is closed
     */
    public void start() {
        claim();
        Thread t = new Thread(this::process, "audioml-processing-" + THREAD_IDS.incrementAndGet());
        t.setDaemon(true);
        processingThread = t;
        ownsProcessingThread = true;
        t.start();
    }

    /**
     * Asks the pipeline to stop; returns at once. Callable from any thread, any number of times, also before
     * {@link #run()} (which then ends at once).
     */
    public void stop() {
        stopRequested = true;
        BlockQueue q = queue;
        if (q != null && shutdownPolicy == ShutdownPolicy.DROP) {
            q.abort();
        }
    }

    /** @return whether the pipeline was started and has not finished */
    public boolean isRunning() {
        return started.get() && done.getCount() > 0;
    }

    /**
     * Waits until processing ends (source ended, stopped or failed).
     *
     * @param timeout the longest wait
     * @return whether processing has ended
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return !started.get() || done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return a snapshot of the counters; callable from any thread, also after close */
    public PipelineStats stats() {
        return new PipelineStats(blocksIn.get(), blocksDropped.get(), samplesDropped.get(),
                processor.windowsProcessed(), processor.latency().percentile(0.5), processor.latency().percentile(0.99),
                processor.stageLatency());
    }

    /**
     * Stops (as the {@link ShutdownPolicy} says), waits for the processing and capture threads to end, then closes
     * every part the pipeline owns (sinks, source, extractor, classifier; not those {@linkplain Builder borrowed}),
     * each once, even when one fails. Idempotent.
     *
     * @throws AudioMLException if a {@link #start() started} pipeline failed (the cause; close failures suppressed), or
     *     closing a part failed (the first failure the cause, the others suppressed)
     * @throws IllegalStateException if called on the pipeline's own processing thread while it runs (use
     *     {@link #stop()} there)
     */
    @Override
    public void close() {
        if (Thread.currentThread() == processingThread && isRunning()) {
            throw new IllegalStateException("Pipeline.close() called on its own processing thread (from a sink, "
                    + "post-processor or classifier); call stop() there, and close() once run() has returned");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Throwable> errors = new ArrayList<>();
        stop();
        try {
            awaitThreads();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add(e);
        }
        if (unblockFailure != null) {
            errors.add(unblockFailure);
        }
        owned.closeAll(errors);
        Throwable t = failure;
        if (t != null && !failureThrown) {
            failureThrown = true;
            AudioMLException e = new AudioMLException("pipeline failed: " + t, t);
            errors.forEach(e::addSuppressed);
            throw e;
        }
        if (!errors.isEmpty()) {
            AudioMLException e = new AudioMLException("closing the pipeline failed: " + errors.get(0), errors.get(0));
            errors.subList(1, errors.size()).forEach(e::addSuppressed);
            throw e;
        }
    }

    private void awaitThreads() throws InterruptedException {
        Thread processing = processingThread;
        if (started.get() && processing != Thread.currentThread()) {
            if (!done.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                closeSourceToUnblock();
                done.await();
            }
        }
        Thread capture = captureThread;
        if (capture != null && capture != Thread.currentThread()) {
            capture.join(STOP_GRACE.toMillis());
            if (capture.isAlive()) {
                closeSourceToUnblock();
                capture.join();
            }
        }
        if (ownsProcessingThread && processing != Thread.currentThread()) {
            processing.join();
        }
    }

    /** Closes the source (owned or not) to end a read that ignores the stop; its failure is kept for close(). */
    private void closeSourceToUnblock() {
        try {
            source.close();
        } catch (IOException | RuntimeException e) {
            unblockFailure = e;
        }
    }

    private void claim() {
        if (closed.get()) {
            throw new IllegalStateException("Pipeline is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("Pipeline has already been run; build a new one");
        }
    }

    /** The processing thread's body: never throws; records the failure. */
    private void process() {
        try {
            processor.open();
            boolean ended = source.isLive() ? processLive() : processDirect();
            if (ended || shutdownPolicy == ShutdownPolicy.DRAIN) {
                processor.endOfStream();
            } else {
                processor.finishPostProcessing();
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            stopCapture();
            joinCapture();
            done.countDown();
        }
    }

    /** Gives the capture thread a grace period to notice the stop (close() joins it for good). */
    private void joinCapture() {
        Thread capture = captureThread;
        if (capture != null) {
            try {
                capture.join(STOP_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads the source on this thread. Returns whether it ended (rather than being stopped). */
    private boolean processDirect() {
        AudioBlock block = new AudioBlock(blockSamples, source.sampleRateHz());
        long position = 0;
        while (!stopRequested) {
            int n;
            try {
                n = source.read(block.samples(), 0, blockSamples);
            } catch (IOException e) {
                throw readFailure(e);
            }
            if (n < 0) {
                return true;
            }
            blocksIn.incrementAndGet();
            block.set(n, position).capturedNanos(clock.nanoTime());
            position += n;
            processor.onBlock(block);
        }
        return false;
    }

    /** Processes blocks captured on the capture thread. Returns whether the source ended. */
    private boolean processLive() throws InterruptedException {
        BlockQueue q = new BlockQueue(queueBlocks, blockSamples, source.sampleRateHz(), dropPolicy, blocksDropped,
                samplesDropped);
        queue = q;
        Thread capture = new Thread(() -> capture(q), "audioml-capture-" + THREAD_IDS.incrementAndGet());
        capture.setDaemon(true);
        captureThread = capture;
        capture.start();
        if (stopRequested && shutdownPolicy == ShutdownPolicy.DROP) {
            q.abort();
        }
        AudioBlock mine = new AudioBlock(blockSamples, source.sampleRateHz());
        for (AudioBlock b; (b = q.take(mine)) != null; mine = b) {
            processor.record(Stage.CAPTURE_BUFFERING, b.capturedNanos());
            processor.onBlock(b);
        }
        Throwable t = captureFailure;
        if (t != null) {
            throw t instanceof IOException io ? readFailure(io) : asUnchecked(t);
        }
        return !stopRequested;
    }

    private UncheckedIOException readFailure(IOException e) {
        return new UncheckedIOException("reading " + source.description() + " failed: " + e.getMessage(), e);
    }

    /** The capture thread's body: read, stamp, hand over; never allocates per block. */
    private void capture(BlockQueue q) {
        AudioBlock block = new AudioBlock(blockSamples, source.sampleRateHz());
        long position = 0;
        try {
            while (!stopRequested) {
                int n = source.read(block.samples(), 0, blockSamples);
                if (n < 0) {
                    break;
                }
                blocksIn.incrementAndGet();
                block.set(n, position).capturedNanos(clock.nanoTime());
                position += n;
                block = q.put(block);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            if (!stopRequested) {
                captureFailure = t;
            }
        } finally {
            q.end();
        }
    }

    private void stopCapture() {
        stopRequested = true;
        BlockQueue q = queue;
        if (q != null) {
            q.abort();
        }
    }

    private static RuntimeException asUnchecked(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof IOException io) {
            return new UncheckedIOException(io.getMessage(), io);
        }
        return new AudioMLException(t.toString(), t);
    }

    @Override
    public String toString() {
        return "Pipeline[" + source.description() + " -> " + sampleRateHz + " Hz, window " + windowSamples + "/hop "
                + hopSamples + " samples, " + labels.size() + " labels, " + sinks.size() + " sinks]";
    }

    /** The parts a pipeline closes, in order: sinks (in the order added), source, extractor, classifier. */
    private static final class Ownership {
        private final List<AutoCloseable> parts;

        Ownership(List<AutoCloseable> parts) {
            this.parts = List.copyOf(parts);
        }

        /** Closes every part once, each even when an earlier one fails; adds failures to {@code errors}. */
        void closeAll(List<Throwable> errors) {
            for (AutoCloseable part : parts) {
                try {
                    part.close();
                } catch (Exception e) {
                    errors.add(e);
                }
            }
        }
    }

    /** What {@link Builder#build()} worked out before constructing anything. */
    private record Validated(int rateHz, int window, int hop, FeatureExtractor extractor, int[] frameShape,
            List<String> labels, List<String> outputLabels) {
    }

    /**
     * Configures a {@link Pipeline} in data-flow order. {@link #build()} checks everything before the pipeline takes
     * anything over.
     *
     * <p><b>Ownership.</b> {@link #source}, {@link #features}, {@link #classifier} and {@link #sink} hand the part to
     * the pipeline, which closes it in {@link Pipeline#close()} — and {@link #build()} closes them if it fails, so
     * {@code .source(AudioFiles.open(path))} never leaks a file. The {@code borrow...} variants lend a part: the
     * pipeline uses it and never closes it; its owner closes it after the pipeline.
     *
     * <p>Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private Source source;
        private boolean ownSource;
        private int resampleToHz;
        private int windowSamples;
        private int hopSamples;
        private double windowSeconds;
        private double hopSeconds;
        private LastWindow lastWindow = LastWindow.ZERO_PAD;
        private FeatureExtractor extractor;
        private boolean ownExtractor;
        private Classifier classifier;
        private boolean ownClassifier;
        private PostProcessor post;
        private final List<Sink> sinks = new ArrayList<>();
        private final List<Sink> ownedSinks = new ArrayList<>();
        private int blockSamples = DEFAULT_BLOCK_SAMPLES;
        private int queueBlocks = DEFAULT_QUEUE_BLOCKS;
        private DropPolicy dropPolicy = DropPolicy.DROP_OLDEST;
        private ShutdownPolicy shutdownPolicy = ShutdownPolicy.DRAIN;
        private int padBeforeSamples;
        private int padAfterSamples;
        private NanoClock clock = NanoClock.SYSTEM;

        private Builder() {
        }

        /**
         * @param source where audio comes from; owned from now on (closed by {@link Pipeline#close()}, or by
         *     {@link #build()} if it fails). Replaces an earlier source
         * @return this builder
         */
        public Builder source(Source source) {
            this.source = Objects.requireNonNull(source, "source");
            this.ownSource = true;
            return this;
        }

        /**
         * @param source where audio comes from; borrowed: the pipeline never closes it (but may close it to end a
         *     read that ignores a stop, see {@link Pipeline#close()}). Replaces an earlier source
         * @return this builder
         */
        public Builder borrowSource(Source source) {
            this.source = Objects.requireNonNull(source, "source");
            this.ownSource = false;
            return this;
        }

        /**
         * @param sampleRateHz the rate to resample the source to, in Hz; must equal the extractor's rate if one is
         *     set. Default: the extractor's rate, or the source's rate without an extractor
         * @return this builder
         */
        public Builder resampleTo(int sampleRateHz) {
            if (sampleRateHz < 1) {
                throw new IllegalArgumentException("resampleTo sampleRateHz must be >= 1, got " + sampleRateHz);
            }
            this.resampleToHz = sampleRateHz;
            return this;
        }

        /**
         * @param windowSamples window length in samples at the pipeline rate, at least 1
         * @param hopSamples hop between window starts in samples, at least 1 (longer than the window skips audio)
         * @return this builder
         */
        public Builder window(int windowSamples, int hopSamples) {
            if (windowSamples < 1 || hopSamples < 1) {
                throw new IllegalArgumentException("window needs windowSamples >= 1 and hopSamples >= 1, got "
                        + windowSamples + " and " + hopSamples);
            }
            this.windowSamples = windowSamples;
            this.hopSamples = hopSamples;
            this.windowSeconds = 0;
            return this;
        }

        /**
         * @param windowSeconds window length in seconds, rounded to the nearest sample at the pipeline rate
         * @param hopSeconds hop in seconds, likewise
         * @return this builder
         */
        public Builder windowSeconds(double windowSeconds, double hopSeconds) {
            if (!(windowSeconds > 0 && hopSeconds > 0) || Double.isInfinite(windowSeconds + hopSeconds)) {
                throw new IllegalArgumentException("windowSeconds needs window and hop > 0 s, got " + windowSeconds
                        + " and " + hopSeconds);
            }
            this.windowSeconds = windowSeconds;
            this.hopSeconds = hopSeconds;
            return this;
        }

        /**
         * @param policy what to do with the partial window at end of stream (default {@link LastWindow#ZERO_PAD})
         * @return this builder
         */
        public Builder lastWindow(LastWindow policy) {
            this.lastWindow = Objects.requireNonNull(policy, "lastWindow");
            return this;
        }

        /**
         * Pads the stream with zeros before its first and after its last sample, as reference scorers do for whole
         * files (openWakeWord's {@code predict_clip} pads 1 s on both sides). Windows are framed on the padded stream;
         * their reported spans stay in the source's time, clipped to the source (see the class javadoc).
         *
         * @param beforeSamples zeros before the first sample, at the pipeline rate, at least 0 (default 0)
         * @param afterSamples zeros after the last sample (pushed when the source ends), at least 0 (default 0)
         * @return this builder
         * @since 0.1
         */
        public Builder padding(int beforeSamples, int afterSamples) {
            if (beforeSamples < 0 || afterSamples < 0) {
                throw new IllegalArgumentException("padding needs beforeSamples >= 0 and afterSamples >= 0, got "
                        + beforeSamples + " and " + afterSamples);
            }
            this.padBeforeSamples = beforeSamples;
            this.padAfterSamples = afterSamples;
            return this;
        }

        /**
         * @param extractor turns each window into features (default: {@link IdentityExtractor}, raw samples); its
         *     {@link FeatureExtractor#sampleRateHz()} sets the pipeline rate; owned from now on, used by this
         *     pipeline only
         * @return this builder
         */
        public Builder features(FeatureExtractor extractor) {
            this.extractor = Objects.requireNonNull(extractor, "extractor");
            this.ownExtractor = true;
            return this;
        }

        /**
         * @param extractor as {@link #features}, but borrowed: never closed by the pipeline; not to be used
         *     elsewhere while the pipeline runs
         * @return this builder
         */
        public Builder borrowFeatures(FeatureExtractor extractor) {
            this.extractor = Objects.requireNonNull(extractor, "extractor");
            this.ownExtractor = false;
            return this;
        }

        /**
         * @param classifier scores each window; owned from now on
         * @return this builder
         */
        public Builder classifier(Classifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            this.ownClassifier = true;
            return this;
        }

        /**
         * @param classifier scores each window; borrowed: never closed by the pipeline
         * @return this builder
         */
        public Builder borrowClassifier(Classifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            this.ownClassifier = false;
            return this;
        }

        /**
         * @param post post-processing between classifier and sinks (default none: every window's scores as is)
         * @return this builder
         */
        public Builder postProcess(PostProcessor post) {
            this.post = Objects.requireNonNull(post, "post");
            return this;
        }

        /**
         * @param sink receives results, after the sinks added before it; owned from now on (closed once)
         * @return this builder
         */
        public Builder sink(Sink sink) {
            sinks.add(Objects.requireNonNull(sink, "sink"));
            ownedSinks.add(sink);
            return this;
        }

        /**
         * @param sink receives results, after the sinks added before it; borrowed: never closed by the pipeline
         * @return this builder
         */
        public Builder borrowSink(Sink sink) {
            sinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        /**
         * @param samples most samples per source read (and per queued block), at least 1 (default 1024)
         * @return this builder
         */
        public Builder blockSamples(int samples) {
            if (samples < 1) {
                throw new IllegalArgumentException("blockSamples must be >= 1, got " + samples);
            }
            this.blockSamples = samples;
            return this;
        }

        /**
         * @param blocks capacity of the live hand-over queue, at least 1 (default 32)
         * @return this builder
         */
        public Builder queueBlocks(int blocks) {
            if (blocks < 1) {
                throw new IllegalArgumentException("queueBlocks must be >= 1, got " + blocks);
            }
            this.queueBlocks = blocks;
            return this;
        }

        /**
         * @param policy what the capture thread of a live source does when the queue is full (default
         *     {@link DropPolicy#DROP_OLDEST}; non-live sources are never dropped)
         * @return this builder
         */
        public Builder dropPolicy(DropPolicy policy) {
            this.dropPolicy = Objects.requireNonNull(policy, "dropPolicy");
            return this;
        }

        /**
         * @param policy what stop and close do with unprocessed audio (default {@link ShutdownPolicy#DRAIN})
         * @return this builder
         */
        public Builder shutdownPolicy(ShutdownPolicy policy) {
            this.shutdownPolicy = Objects.requireNonNull(policy, "shutdownPolicy");
            return this;
        }

        /**
         * @param clock the time source for block capture stamps and stage latencies (default {@link NanoClock#SYSTEM});
         *     tests inject one to drive time
         * @return this builder
         */
        public Builder clock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks the whole configuration, then builds the pipeline, which takes over the owned parts. If anything is
         * wrong, closes the owned parts given so far (their close failures suppressed) and throws.
         *
         * @return the pipeline
         * @throws IllegalArgumentException if the source, window or classifier is missing, the resample rate
         *     contradicts the extractor, the window is too short for the extractor, or a post-processing label is
         *     unknown
         */
        public Pipeline build() {
            try {
                return new Pipeline(this, validate());
            } catch (RuntimeException | Error e) {
                List<Throwable> errors = new ArrayList<>();
                ownership().closeAll(errors);
                errors.forEach(e::addSuppressed);
                throw e;
            }
        }

        private Validated validate() {
            if (source == null) {
                throw new IllegalArgumentException("source(...) is required");
            }
            if (classifier == null) {
                throw new IllegalArgumentException("classifier(...) is required");
            }
            if (windowSamples == 0 && windowSeconds == 0) {
                throw new IllegalArgumentException("window(windowSamples, hopSamples) or windowSeconds(...) is required");
            }
            int rate = extractor != null ? extractor.sampleRateHz()
                    : resampleToHz > 0 ? resampleToHz : source.sampleRateHz();
            if (resampleToHz > 0 && resampleToHz != rate) {
                throw new IllegalArgumentException("resampleTo(" + resampleToHz + ") contradicts the extractor's rate "
                        + rate + " Hz");
            }
            int window = windowSamples;
            int hop = hopSamples;
            if (windowSeconds > 0) {
                window = toSamples("window", windowSeconds, rate);
                hop = toSamples("hop", hopSeconds, rate);
            }
            List<String> labels = List.copyOf(classifier.labels());
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("classifier " + classifier + " has no labels");
            }
            List<String> outputLabels = post == null ? labels : post.outputLabels(labels);
            FeatureExtractor fx = extractor != null ? extractor : new IdentityExtractor(rate);
            return new Validated(rate, window, hop, fx, fx.outputShape(window), labels, outputLabels);
        }

        /** The owned parts, in the order the pipeline closes them. */
        private Ownership ownership() {
            List<AutoCloseable> parts = new ArrayList<>(ownedSinks);
            if (source != null && ownSource) {
                parts.add(source);
            }
            if (extractor != null && ownExtractor) {
                parts.add(extractor);
            }
            if (classifier != null && ownClassifier) {
                parts.add(classifier);
            }
            return new Ownership(parts);
        }

        private static int toSamples(String name, double seconds, int rateHz) {
            long samples = Math.round(seconds * rateHz);
            if (samples < 1 || samples > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " of " + seconds + " s is " + samples + " samples at " + rateHz
                        + " Hz; need 1 to " + Integer.MAX_VALUE);
            }
            return (int) samples;
        }
    }
}
