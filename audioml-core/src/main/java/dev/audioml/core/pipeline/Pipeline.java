package dev.audioml.core.pipeline;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.AudioMLException;
import dev.audioml.core.Classification;
import dev.audioml.core.Classifier;
import dev.audioml.core.Event;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.Sink;
import dev.audioml.core.Source;
import dev.audioml.core.framing.Framer;
import dev.audioml.core.framing.LastWindow;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.core.resample.Resampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
 * <p><b>Ownership.</b> The pipeline owns its source, classifier and sinks: {@link #close()} closes each exactly once
 * (source and classifier can be borrowed instead: {@link Builder#closeSource}, {@link Builder#closeClassifier}). The
 * extractor and post-processor hold no resources and are used by this pipeline only.
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
    private final boolean closeSource;
    private final Classifier classifier;
    private final boolean closeClassifier;
    private final FeatureExtractor extractor;
    private final PostProcessor post;
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
    private final int padBeforeSamples;
    private final int padAfterSamples;

    // Processing state, confined to the processing thread.
    private final Resampler resampler;
    private final float[] resampled;
    private final Framer framer;
    private final FeatureFrame frame;
    private final float[] scores;
    private final Sink fanOut = new FanOut();
    private final Framer.WindowConsumer windowConsumer = this::onWindow;
    private long expectedSourceSample;
    /** Samples of the source pushed into the framer so far, at the pipeline rate (padding not counted). */
    private long streamSamples;

    // Cross-thread state.
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicLong blocksIn = new AtomicLong();
    private final AtomicLong blocksDropped = new AtomicLong();
    private final AtomicLong samplesDropped = new AtomicLong();
    private final AtomicLong windowsProcessed = new AtomicLong();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LatencyHistogram[] stageLatency = newStageHistograms();
    private long currentBlockNanos;
    private long sinkNanos;
    private volatile boolean stopRequested;
    private volatile BlockQueue queue;
    private volatile Thread processingThread;
    private volatile boolean ownsProcessingThread;
    private volatile Thread captureThread;
    private volatile Throwable failure;
    private volatile Throwable captureFailure;
    private volatile boolean failureThrown;

    private Pipeline(Builder b, int rateHz, int window, int hop) {
        this.source = b.source;
        this.closeSource = b.closeSource;
        this.classifier = b.classifier;
        this.closeClassifier = b.closeClassifier;
        this.extractor = b.extractor != null ? b.extractor : new IdentityExtractor(rateHz);
        this.post = b.post;
        this.sinks = List.copyOf(b.sinks);
        this.labels = List.copyOf(classifier.labels());
        this.outputLabels = post == null ? labels : post.outputLabels(labels);
        this.sampleRateHz = rateHz;
        this.windowSamples = window;
        this.hopSamples = hop;
        this.blockSamples = b.blockSamples;
        this.queueBlocks = b.queueBlocks;
        this.dropPolicy = b.dropPolicy;
        this.shutdownPolicy = b.shutdownPolicy;
        this.padBeforeSamples = b.padBeforeSamples;
        this.padAfterSamples = b.padAfterSamples;
        int sourceRate = source.sampleRateHz();
        this.resampler = sourceRate == rateHz ? null : new Resampler(sourceRate, rateHz);
        this.resampled = resampler == null ? null
                : new float[Math.max(resampler.maxOutputSamples(blockSamples), resampler.maxFlushSamples())];
        this.framer = new Framer(window, hop, rateHz, b.lastWindow);
        this.frame = new FeatureFrame(extractor.outputShape(window));
        this.scores = new float[labels.size()];
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
        Map<Stage, StageLatency> stages = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            stages.put(stage, stageLatency[stage.ordinal()].snapshot());
        }
        return new PipelineStats(blocksIn.get(), blocksDropped.get(), samplesDropped.get(), windowsProcessed.get(),
                latency.percentile(0.5), latency.percentile(0.99), stages);
    }

    /**
     * Stops (as the {@link ShutdownPolicy} says), waits for the processing and capture threads to end, then closes the
     * sinks, and the source and classifier unless borrowed, each once. Idempotent.
     *
     * @throws AudioMLException if a {@link #start() started} pipeline failed (the cause), or closing a part failed
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
        for (Sink sink : sinks) {
            closeQuietly(sink::close, errors);
        }
        if (closeSource) {
            closeQuietly(source::close, errors);
        }
        if (closeClassifier) {
            closeQuietly(classifier::close, errors);
        }
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

    private void closeSourceToUnblock() {
        try {
            source.close();
        } catch (IOException | RuntimeException e) {
            // the read it interrupts reports the failure if it matters
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
            for (Sink sink : sinks) {
                sink.open(outputLabels);
            }
            extractor.reset();
            classifier.reset();
            pushZeros(padBeforeSamples);
            boolean ended = source.isLive() ? processLive() : processDirect();
            if (ended || shutdownPolicy == ShutdownPolicy.DRAIN) {
                endOfStream();
            } else if (post != null) {
                post.finish(fanOut);
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
            block.set(n, position).capturedNanos(System.nanoTime());
            position += n;
            onBlock(block);
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
            record(Stage.CAPTURE_BUFFERING, b.capturedNanos());
            onBlock(b);
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
                block.set(n, position).capturedNanos(System.nanoTime());
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

    private void onBlock(AudioBlock block) {
        if (block.startSample() != expectedSourceSample) {
            restartAt(block.startSample());
        }
        expectedSourceSample = block.endSample();
        currentBlockNanos = block.capturedNanos();
        if (resampler == null) {
            streamSamples += block.length();
            framer.push(block.samples(), 0, block.length(), windowConsumer);
        } else {
            long t0 = System.nanoTime();
            int n = resampler.process(block.samples(), 0, block.length(), resampled, 0);
            record(Stage.RESAMPLING, t0);
            streamSamples += n;
            framer.push(resampled, 0, n, windowConsumer);
        }
    }

    /** Pushes {@code n} zeros into the framer (stream padding), in pieces of at most one block. */
    private void pushZeros(int n) {
        if (n == 0) {
            return;
        }
        float[] zeros = new float[Math.min(n, blockSamples)];
        for (int left = n; left > 0; left -= zeros.length) {
            framer.push(zeros, 0, Math.min(left, zeros.length), windowConsumer);
        }
    }

    /** Maps a framer time (padded stream) to the source's time, clipped to the source samples seen so far. */
    private long sourceTime(long framerSample) {
        return Math.max(0, Math.min(framerSample - padBeforeSamples, streamSamples));
    }

    /** A gap in the source (dropped blocks): restart resampling, framing and features at the block's time. */
    private void restartAt(long sourceSample) {
        long at = Math.round((double) sourceSample * sampleRateHz / source.sampleRateHz());
        if (resampler != null) {
            resampler.reset();
        }
        streamSamples = at;
        framer.reset(at + padBeforeSamples);
        extractor.reset();
    }

    private void endOfStream() {
        if (resampler != null) {
            int n = resampler.flush(resampled, 0);
            streamSamples += n;
            framer.push(resampled, 0, n, windowConsumer);
        }
        pushZeros(padAfterSamples);
        framer.finish(windowConsumer);
        if (post != null) {
            post.finish(fanOut);
        }
    }

    private void onWindow(AudioBlock window, int validSamples) {
        long t0 = System.nanoTime();
        long start = window.startSample();
        frame.span(start, start + validSamples, sampleRateHz);
        extractor.extract(window, frame);
        long t1 = record(Stage.FEATURES, t0);
        classifier.classify(frame, scores);
        long t2 = record(Stage.INFERENCE, t1);
        Classification c = padBeforeSamples == 0 && padAfterSamples == 0
                ? new Classification(start, start + validSamples, sampleRateHz, labels, scores)
                : new Classification(sourceTime(start), sourceTime(start + validSamples), sampleRateHz, labels, scores);
        sinkNanos = 0;
        if (post != null) {
            post.accept(c, fanOut);
        } else {
            fanOut.onClassification(c);
        }
        long t3 = System.nanoTime();
        if (post != null) {
            stageLatency[Stage.POST_PROCESSING.ordinal()].record(t3 - t2 - sinkNanos);
        }
        stageLatency[Stage.SINK_DELIVERY.ordinal()].record(sinkNanos);
        windowsProcessed.incrementAndGet();
        latency.record(t3 - t0);
        if (currentBlockNanos != 0) {
            stageLatency[Stage.END_TO_END.ordinal()].record(t3 - currentBlockNanos);
        }
    }

    /** Records the time since {@code sinceNanos} for {@code stage}; returns now. */
    private long record(Stage stage, long sinceNanos) {
        long now = System.nanoTime();
        stageLatency[stage.ordinal()].record(now - sinceNanos);
        return now;
    }

    private static LatencyHistogram[] newStageHistograms() {
        LatencyHistogram[] h = new LatencyHistogram[Stage.values().length];
        for (int i = 0; i < h.length; i++) {
            h[i] = new LatencyHistogram();
        }
        return h;
    }

    /** Delivers to every sink in order. */
    private final class FanOut implements Sink {
        @Override
        public void onClassification(Classification classification) {
            long t0 = System.nanoTime();
            for (Sink sink : sinks) {
                sink.onClassification(classification);
            }
            sinkNanos += System.nanoTime() - t0;
        }

        @Override
        public void onEvent(Event event) {
            long t0 = System.nanoTime();
            for (Sink sink : sinks) {
                sink.onEvent(event);
            }
            sinkNanos += System.nanoTime() - t0;
        }
    }

    private interface Closer {
        void close() throws Exception;
    }

    private static void closeQuietly(Closer closer, List<Throwable> errors) {
        try {
            closer.close();
        } catch (Exception e) {
            errors.add(e);
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

    /**
     * Configures a {@link Pipeline} in data-flow order. {@link #build()} checks everything.
     *
     * <p>Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private Source source;
        private boolean closeSource = true;
        private int resampleToHz;
        private int windowSamples;
        private int hopSamples;
        private double windowSeconds;
        private double hopSeconds;
        private LastWindow lastWindow = LastWindow.ZERO_PAD;
        private FeatureExtractor extractor;
        private Classifier classifier;
        private boolean closeClassifier = true;
        private PostProcessor post;
        private final List<Sink> sinks = new ArrayList<>();
        private int blockSamples = DEFAULT_BLOCK_SAMPLES;
        private int queueBlocks = DEFAULT_QUEUE_BLOCKS;
        private DropPolicy dropPolicy = DropPolicy.DROP_OLDEST;
        private ShutdownPolicy shutdownPolicy = ShutdownPolicy.DRAIN;
        private int padBeforeSamples;
        private int padAfterSamples;

        private Builder() {
        }

        /**
         * @param source where audio comes from; owned by the pipeline (closed by {@link Pipeline#close()}) unless
         *     {@link #closeSource closeSource(false)}
         * @return this builder
         */
        public Builder source(Source source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * @param close whether {@link Pipeline#close()} closes the source (default true)
         * @return this builder
         */
        public Builder closeSource(boolean close) {
            this.closeSource = close;
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
         *     {@link FeatureExtractor#sampleRateHz()} sets the pipeline rate; used by this pipeline only
         * @return this builder
         */
        public Builder features(FeatureExtractor extractor) {
            this.extractor = Objects.requireNonNull(extractor, "extractor");
            return this;
        }

        /**
         * @param classifier scores each window; owned by the pipeline unless {@link #closeClassifier
         *     closeClassifier(false)}
         * @return this builder
         */
        public Builder classifier(Classifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        /**
         * @param close whether {@link Pipeline#close()} closes the classifier (default true)
         * @return this builder
         */
        public Builder closeClassifier(boolean close) {
            this.closeClassifier = close;
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
         * @param sink receives results, after the sinks added before it; owned (closed once by the pipeline)
         * @return this builder
         */
        public Builder sink(Sink sink) {
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
         * @return the pipeline
         * @throws IllegalArgumentException if the source, window or classifier is missing, the resample rate
         *     contradicts the extractor, the window is too short for the extractor, or a post-processing label is
         *     unknown
         */
        public Pipeline build() {
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
            if (classifier.labels().isEmpty()) {
                throw new IllegalArgumentException("classifier " + classifier + " has no labels");
            }
            return new Pipeline(this, rate, window, hop);
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
