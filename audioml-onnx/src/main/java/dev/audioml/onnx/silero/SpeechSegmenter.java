package dev.audioml.onnx.silero;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import dev.audioml.core.post.EventDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns per-chunk speech probabilities into speech segments exactly as Silero's
 * {@code silero_vad/utils_vad.py} {@code get_speech_timestamps} does: a segment starts at the first chunk with
 * probability {@code >= threshold}, ends at the first chunk below the negative threshold once the probability has
 * stayed below it for at least the minimum silence, is kept only if longer than the minimum speech, and is finally
 * padded by the speech pad on both sides (half the gap each when two segments are closer than twice the pad). A
 * segment still open at the end of the audio ends there. Times fall on chunk boundaries.
 *
 * <p>The optional {@code max_speech_duration_s} splitting of the reference is not implemented (its default, infinity,
 * is what this class does).
 *
 * <p>Batch ({@link #segments}) and streaming ({@link #newStream}) share one state machine, so they give the same
 * segments; the stream emits each segment as soon as its padding is decided (at most {@code 2 * speechPad} after its
 * end).
 *
 * <p>As a {@link EventDetector} it is the events step of a {@code PostProcessor} for Silero's {@code "speech"} score
 * ({@code PostProcessor.builder().events(segmenter)}): the windows must be back-to-back chunks from sample 0, and the
 * stream's length is the last window's end.
 *
 * <p>Immutable and thread-safe; each {@link Stream} is not thread-safe.
 *
 * @since 0.1
 */
public final class SpeechSegmenter implements EventDetector {
    /** Default speech threshold (probability). */
    public static final float DEFAULT_THRESHOLD = 0.5f;
    /** The default negative threshold is the threshold minus this. */
    public static final float NEGATIVE_THRESHOLD_OFFSET = 0.15f;

    private final float threshold;
    private final float negativeThreshold;
    private final int sampleRateHz;
    private final int chunkSamples;
    private final double minSpeechSamples;
    private final double minSilenceSamples;
    private final double speechPadSamples;
    private final int minSpeechMs;
    private final int minSilenceMs;
    private final int speechPadMs;

    private SpeechSegmenter(Builder b) {
        this.threshold = b.threshold;
        this.negativeThreshold = Float.isNaN(b.negativeThreshold)
                ? Math.max(b.threshold - NEGATIVE_THRESHOLD_OFFSET, 0.01f) : b.negativeThreshold;
        this.sampleRateHz = b.sampleRateHz;
        this.chunkSamples = b.sampleRateHz == 16_000 ? 512 : 256;
        this.minSpeechMs = b.minSpeechMs;
        this.minSilenceMs = b.minSilenceMs;
        this.speechPadMs = b.speechPadMs;
        this.minSpeechSamples = sampleRateHz * b.minSpeechMs / 1000.0;
        this.minSilenceSamples = sampleRateHz * b.minSilenceMs / 1000.0;
        this.speechPadSamples = sampleRateHz * b.speechPadMs / 1000.0;
    }

    /** @return a builder with Silero's defaults (threshold 0.5, min speech 250 ms, min silence 100 ms, pad 30 ms, 16 kHz) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the speech threshold (probability) */
    public float threshold() {
        return threshold;
    }

    /** @return the negative (exit) threshold (probability) */
    public float negativeThreshold() {
        return negativeThreshold;
    }

    /** @return samples per probability: 512 at 16 kHz, 256 at 8 kHz */
    public int chunkSamples() {
        return chunkSamples;
    }

    /** @return the sample rate in Hz that the segments count in */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** @return the minimum speech duration in ms */
    public int minSpeechMs() {
        return minSpeechMs;
    }

    /** @return the minimum silence duration in ms */
    public int minSilenceMs() {
        return minSilenceMs;
    }

    /** @return the speech pad in ms */
    public int speechPadMs() {
        return speechPadMs;
    }

    /**
     * Segments a whole clip's probabilities (batch form of {@code get_speech_timestamps}).
     *
     * @param probabilities one speech probability per chunk of {@link #chunkSamples()}, from the clip's start
     * @param audioLengthSamples the clip length in samples (the last chunk may be partial)
     * @return the segments in time order, label {@code "speech"}, times in samples at {@link #sampleRateHz()}
     */
    public List<Event> segments(float[] probabilities, long audioLengthSamples) {
        List<Event> out = new ArrayList<>();
        Stream stream = newStream(out::add);
        for (float p : probabilities) {
            stream.accept(p);
        }
        stream.finish(audioLengthSamples);
        return out;
    }

    /**
     * @param sink receives each segment once decided, on the calling thread
     * @return a new streaming segmenter starting at sample 0
     */
    public Stream newStream(Consumer<Event> sink) {
        return new Stream(Objects.requireNonNull(sink, "sink"));
    }

    /**
     * The segmenter as the events step of a post-processor: each label's scores become segments of that label.
     *
     * @param label the label (Silero's {@code "speech"})
     * @return per-stream state; not thread-safe
     * @since 0.1
     */
    @Override
    public LabelDetector newLabel(String label) {
        return new LabelDetector() {
            private Consumer<Event> out;
            private final Stream stream = newStream(e -> out.accept(
                    new Event(label, e.startSample(), e.endSample(), e.sampleRateHz(), e.peakScore())));
            private long nextStart;
            private long lastEnd;

            @Override
            public void accept(Classification window, float score, Consumer<Event> events) {
                if (window.startSample() != nextStart || window.endSample() - window.startSample() > chunkSamples
                        || window.sampleRateHz() != sampleRateHz) {
                    throw new IllegalStateException("the speech segmenter needs back-to-back windows of " + chunkSamples
                            + " samples at " + sampleRateHz + " Hz; got [" + window.startSample() + ", "
                            + window.endSample() + ") at " + window.sampleRateHz() + " Hz after sample " + nextStart);
                }
                out = events;
                stream.accept(score);
                nextStart = window.startSample() + chunkSamples;
                lastEnd = window.endSample();
            }

            @Override
            public void finish(Consumer<Event> events) {
                out = events;
                stream.finish(lastEnd);
            }
        };
    }

    /**
     * The streaming form as a pipeline {@link Sink}: reads the {@code "speech"} score of each window (the pipeline must
     * run Silero with window = hop = {@link #chunkSamples()}), and on {@link Sink#close()} ends the stream at the last
     * window's end (the true end of the audio: a zero-padded last window's span ends at its last real sample).
     *
     * @param events receives each segment once decided, on the pipeline's processing thread
     * @return a sink; not thread-safe (the pipeline calls it from one thread)
     */
    public Sink sink(Consumer<Event> events) {
        Stream stream = newStream(events);
        return new Sink() {
            private int speechIndex = -1;
            private long nextStart;
            private long lastEnd;
            private boolean closed;

            @Override
            public void open(List<String> labels) {
                speechIndex = labels.indexOf(SileroVad.LABEL);
                if (speechIndex < 0) {
                    throw new IllegalArgumentException("the speech segmenter needs a \"" + SileroVad.LABEL
                            + "\" score; the pipeline's labels are " + labels);
                }
            }

            @Override
            public void onClassification(Classification c) {
                if (c.startSample() != nextStart || c.endSample() - c.startSample() > chunkSamples) {
                    throw new IllegalStateException("the speech segmenter needs back-to-back windows of " + chunkSamples
                            + " samples (window = hop = " + chunkSamples + "); got [" + c.startSample() + ", "
                            + c.endSample() + ") after sample " + nextStart);
                }
                if (speechIndex < 0) {
                    open(c.labels());
                }
                stream.accept(c.score(speechIndex));
                nextStart = c.startSample() + chunkSamples;
                lastEnd = c.endSample();
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    stream.finish(lastEnd);
                }
            }
        };
    }

    /**
     * Streaming form: feed one probability per chunk, in order, then {@link #finish}.
     *
     * <p>Not thread-safe: confine to one pipeline thread.
     */
    public final class Stream {
        private final Consumer<Event> sink;
        private long chunkIndex;
        private boolean triggered;
        private long start;
        private long tempEnd;
        private float peak;
        private boolean emittedAny;
        private boolean hasPending;
        private long pendingStart;
        private long pendingEnd;
        private float pendingPeak;

        private Stream(Consumer<Event> sink) {
            this.sink = sink;
        }

        /**
         * Consumes the next chunk's probability.
         *
         * @param probability the speech probability of the chunk, in [0, 1]
         */
        public void accept(float probability) {
            long cur = chunkSamples * chunkIndex++;
            if (probability >= threshold && tempEnd != 0) {
                tempEnd = 0;
            }
            if (probability >= threshold && !triggered) {
                triggered = true;
                start = cur;
                peak = probability;
            } else {
                if (triggered) {
                    peak = Math.max(peak, probability);
                }
                if (probability < negativeThreshold && triggered) {
                    if (tempEnd == 0) {
                        tempEnd = cur;
                    }
                    if (cur - tempEnd >= minSilenceSamples) {
                        if (tempEnd - start > minSpeechSamples) {
                            accepted(start, tempEnd, peak);
                        }
                        tempEnd = 0;
                        triggered = false;
                    }
                }
            }
            flushIfDecided(cur + chunkSamples);
        }

        /**
         * Ends the stream: closes a segment still open and emits the last one.
         *
         * @param audioLengthSamples the total number of samples of the stream
         */
        public void finish(long audioLengthSamples) {
            if (triggered && audioLengthSamples - start > minSpeechSamples) {
                accepted(start, audioLengthSamples, peak);
            }
            triggered = false;
            if (hasPending) {
                emit(pendingStart, (long) Math.min(audioLengthSamples, pendingEnd + speechPadSamples));
            }
        }

        /** Forgets everything, ready for a new stream starting at sample 0 (undecided segments are dropped). */
        public void reset() {
            chunkIndex = 0;
            triggered = false;
            start = 0;
            tempEnd = 0;
            peak = 0;
            emittedAny = false;
            hasPending = false;
        }

        /** The padding loop of get_speech_timestamps, applied pairwise as segments are accepted. */
        private void accepted(long segStart, long segEnd, float segPeak) {
            long s;
            if (hasPending) {
                long gap = segStart - pendingEnd;
                if (gap < 2 * speechPadSamples) {
                    emit(pendingStart, pendingEnd + gap / 2);
                    s = Math.max(0, segStart - gap / 2);
                } else {
                    emit(pendingStart, (long) (pendingEnd + speechPadSamples));
                    s = (long) Math.max(0, segStart - speechPadSamples);
                }
            } else {
                // first segment, or the previous one was emitted because no segment began within 2 * pad
                s = (long) Math.max(0, segStart - speechPadSamples);
            }
            hasPending = true;
            pendingStart = s;
            pendingEnd = segEnd;
            pendingPeak = segPeak;
        }

        /** Emits the pending segment once no later segment can start within twice the pad of its end. */
        private void flushIfDecided(long processedSamples) {
            if (!hasPending) {
                return;
            }
            double decidedAt = pendingEnd + 2 * speechPadSamples;
            boolean openCandidateNear = triggered && start < decidedAt;
            if (processedSamples >= decidedAt && !openCandidateNear) {
                emit(pendingStart, (long) (pendingEnd + speechPadSamples));
            }
        }

        private void emit(long s, long e) {
            hasPending = false;
            emittedAny = true;
            sink.accept(new Event(SileroVad.LABEL, s, e, sampleRateHz, pendingPeak));
        }

        /** @return whether any segment has been emitted since the last reset */
        public boolean hasEmitted() {
            return emittedAny;
        }
    }

    /** Builder of {@link SpeechSegmenter}; {@link #build()} checks every value. */
    public static final class Builder {
        private float threshold = DEFAULT_THRESHOLD;
        private float negativeThreshold = Float.NaN;
        private int sampleRateHz = 16_000;
        private int minSpeechMs = 250;
        private int minSilenceMs = 100;
        private int speechPadMs = 30;

        private Builder() {
        }

        /**
         * @param threshold speech threshold, in (0, 1); default 0.5
         * @return this
         */
        public Builder threshold(float threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * @param negativeThreshold exit threshold in (0, threshold]; default {@code max(threshold - 0.15, 0.01)}
         * @return this
         */
        public Builder negativeThreshold(float negativeThreshold) {
            this.negativeThreshold = negativeThreshold;
            return this;
        }

        /**
         * @param sampleRateHz 16000 (512-sample chunks) or 8000 (256-sample chunks); default 16000
         * @return this
         */
        public Builder sampleRateHz(int sampleRateHz) {
            this.sampleRateHz = sampleRateHz;
            return this;
        }

        /**
         * @param minSpeechMs segments not longer than this are dropped, in ms, at least 0; default 250
         * @return this
         */
        public Builder minSpeechMs(int minSpeechMs) {
            this.minSpeechMs = minSpeechMs;
            return this;
        }

        /**
         * @param minSilenceMs silence needed to end a segment, in ms, at least 0; default 100
         * @return this
         */
        public Builder minSilenceMs(int minSilenceMs) {
            this.minSilenceMs = minSilenceMs;
            return this;
        }

        /**
         * @param speechPadMs padding added on each side of a segment, in ms, at least 0; default 30
         * @return this
         */
        public Builder speechPadMs(int speechPadMs) {
            this.speechPadMs = speechPadMs;
            return this;
        }

        /** @return the segmenter */
        public SpeechSegmenter build() {
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
            }
            if (!Float.isNaN(negativeThreshold) && !(negativeThreshold > 0 && negativeThreshold <= threshold)) {
                throw new IllegalArgumentException("negativeThreshold must be in (0, " + threshold + "] (threshold), got "
                        + negativeThreshold);
            }
            if (sampleRateHz != 16_000 && sampleRateHz != 8_000) {
                throw new IllegalArgumentException("sampleRateHz must be 16000 or 8000, got " + sampleRateHz);
            }
            requireNonNegative("minSpeechMs", minSpeechMs);
            requireNonNegative("minSilenceMs", minSilenceMs);
            requireNonNegative("speechPadMs", speechPadMs);
            return new SpeechSegmenter(this);
        }

        private static void requireNonNegative(String name, int value) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must be >= 0, got " + value);
            }
        }
    }
}
