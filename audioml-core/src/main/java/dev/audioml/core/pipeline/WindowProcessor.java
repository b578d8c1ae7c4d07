package dev.audioml.core.pipeline;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.Classification;
import dev.audioml.core.Classifier;
import dev.audioml.core.Event;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.Sink;
import dev.audioml.core.framing.LastWindow;
import dev.audioml.core.framing.WindowFramer;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.core.resample.Resampler;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-block path of a {@link Pipeline}, without threads: blocks of source audio in (in stream order, possibly
 * with gaps), then resampling, framing on the optionally padded stream, feature extraction, classification,
 * post-processing and delivery to the sinks, timing each stage with the injected {@link NanoClock}.
 *
 * <p>Allocates nothing per block or window after construction (beyond what the parts themselves allocate). Not
 * thread-safe: confined to the pipeline's processing thread; {@link #windowsProcessed()} and {@link #stageLatency()}
 * may be read from any thread. Owns nothing: the pipeline closes the parts.
 */
final class WindowProcessor {
    private final int sourceRateHz;
    private final int sampleRateHz;
    private final FeatureExtractor extractor;
    private final Classifier classifier;
    private final PostProcessor post;
    private final List<Sink> sinks;
    private final List<String> labels;
    private final List<String> outputLabels;
    private final int padBeforeSamples;
    private final int padAfterSamples;
    private final int blockSamples;
    private final NanoClock clock;

    private final Resampler resampler;
    private final float[] resampled;
    private final WindowFramer framer;
    private final FeatureFrame frame;
    private final float[] scores;
    private final Sink fanOut = new FanOut();
    private final WindowFramer.WindowConsumer windowConsumer = this::onWindow;
    private long expectedSourceSample;
    /** Samples of the source pushed into the framer so far, at the pipeline rate (padding not counted). */
    private long streamSamples;
    private long currentBlockNanos;
    private long sinkNanos;

    private final AtomicLong windowsProcessed = new AtomicLong();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final LatencyHistogram[] stageLatency = new LatencyHistogram[Stage.values().length];

    /**
     * @param frameShape the extractor's output shape for {@code windowSamples}, validated by the caller
     * @param labels the classifier's labels; {@code outputLabels} those the sinks receive
     */
    WindowProcessor(int sourceRateHz, int sampleRateHz, int windowSamples, int hopSamples, LastWindow lastWindow,
            int blockSamples, int padBeforeSamples, int padAfterSamples, FeatureExtractor extractor, int[] frameShape,
            Classifier classifier, List<String> labels, PostProcessor post, List<String> outputLabels, List<Sink> sinks,
            NanoClock clock) {
        this.sourceRateHz = sourceRateHz;
        this.sampleRateHz = sampleRateHz;
        this.extractor = extractor;
        this.classifier = classifier;
        this.post = post;
        this.sinks = sinks;
        this.labels = labels;
        this.outputLabels = outputLabels;
        this.padBeforeSamples = padBeforeSamples;
        this.padAfterSamples = padAfterSamples;
        this.blockSamples = blockSamples;
        this.clock = clock;
        this.resampler = sourceRateHz == sampleRateHz ? null : new Resampler(sourceRateHz, sampleRateHz);
        this.resampled = resampler == null ? null
                : new float[Math.max(resampler.maxOutputSamples(blockSamples), resampler.maxFlushSamples())];
        this.framer = new WindowFramer(windowSamples, hopSamples, sampleRateHz, lastWindow);
        this.frame = new FeatureFrame(frameShape);
        this.scores = new float[labels.size()];
        for (int i = 0; i < stageLatency.length; i++) {
            stageLatency[i] = new LatencyHistogram();
        }
    }

    /** Opens the sinks, resets extractor and classifier, and frames the leading padding. */
    void open() {
        for (Sink sink : sinks) {
            sink.open(outputLabels);
        }
        extractor.reset();
        classifier.reset();
        pushZeros(padBeforeSamples);
    }

    /**
     * Processes one block of source audio. A block that does not start where the previous one ended (dropped blocks)
     * restarts resampling, framing and features at its own time, so no window spans the gap.
     *
     * @param block source audio at the source rate; {@link AudioBlock#capturedNanos()} (0 = unknown) is the origin
     *     of the end-to-end latency
     */
    void onBlock(AudioBlock block) {
        if (block.startSample() != expectedSourceSample) {
            restartAt(block.startSample());
        }
        expectedSourceSample = block.endSample();
        currentBlockNanos = block.capturedNanos();
        if (resampler == null) {
            streamSamples += block.length();
            framer.push(block.samples(), 0, block.length(), windowConsumer);
        } else {
            long t0 = clock.nanoTime();
            int n = resampler.process(block.samples(), 0, block.length(), resampled, 0);
            record(Stage.RESAMPLING, t0);
            streamSamples += n;
            framer.push(resampled, 0, n, windowConsumer);
        }
    }

    /** Flushes the resampler, frames the trailing padding and the last partial window, and finishes post-processing. */
    void endOfStream() {
        if (resampler != null) {
            int n = resampler.flush(resampled, 0);
            streamSamples += n;
            framer.push(resampled, 0, n, windowConsumer);
        }
        pushZeros(padAfterSamples);
        framer.finish(windowConsumer);
        finishPostProcessing();
    }

    /** Ends what the post-processor holds (open events) without processing more audio: a stop that drops. */
    void finishPostProcessing() {
        if (post != null) {
            post.finish(fanOut);
        }
    }

    /** @return windows classified so far; callable from any thread */
    long windowsProcessed() {
        return windowsProcessed.get();
    }

    /** @return whole-window latency (features to sinks), recorded on the processing thread */
    LatencyHistogram latency() {
        return latency;
    }

    /** @return a snapshot of every stage's latency; callable from any thread */
    Map<Stage, StageLatency> stageLatency() {
        Map<Stage, StageLatency> stages = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            stages.put(stage, stageLatency[stage.ordinal()].snapshot());
        }
        return stages;
    }

    /** Records the time since {@code sinceNanos} for {@code stage}; returns now. */
    long record(Stage stage, long sinceNanos) {
        long now = clock.nanoTime();
        stageLatency[stage.ordinal()].record(now - sinceNanos);
        return now;
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
        long at = Math.round((double) sourceSample * sampleRateHz / sourceRateHz);
        if (resampler != null) {
            resampler.reset();
        }
        streamSamples = at;
        framer.reset(at + padBeforeSamples);
        extractor.reset();
    }

    private void onWindow(AudioBlock window, int validSamples) {
        long t0 = clock.nanoTime();
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
        long t3 = clock.nanoTime();
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

    /** Delivers to every sink in order, timing the delivery. */
    private final class FanOut implements Sink {
        @Override
        public void onClassification(Classification classification) {
            long t0 = clock.nanoTime();
            for (Sink sink : sinks) {
                sink.onClassification(classification);
            }
            sinkNanos += clock.nanoTime() - t0;
        }

        @Override
        public void onEvent(Event event) {
            long t0 = clock.nanoTime();
            for (Sink sink : sinks) {
                sink.onEvent(event);
            }
            sinkNanos += clock.nanoTime() - t0;
        }
    }
}
