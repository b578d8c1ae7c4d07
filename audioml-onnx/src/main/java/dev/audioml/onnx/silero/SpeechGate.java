package dev.audioml.onnx.silero;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.resample.Resampler;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Lets any model's labels fire only while Silero VAD hears speech: the pipeline's windows (whatever the model's rate,
 * window, hop or features) are also fed, new samples only, to a Silero stream at 16 kHz, and a window's scores are
 * zeroed unless some 512-sample VAD chunk overlapping it scored at least the threshold. For the openWakeWord presets
 * use {@link VadGatedClassifier}, which keeps openWakeWord's own look-back rule.
 *
 * <p>Use: wrap the model's extractor with {@link #watch(FeatureExtractor)} (it sees each window's audio before the
 * classifier runs) and its classifier with {@link #gate(Classifier)}, and give both to one pipeline:
 * <pre>{@code
 * SpeechGate gate = new SpeechGate(vad, 0.5f);
 * Pipeline.builder().features(gate.watch(model.newExtractor())).classifier(gate.gate(model.newClassifier()))...
 * }</pre>
 * The gated classifier owns the gate (closing it closes the VAD); the watching extractor owns the extractor it wraps.
 *
 * <p>Allocates nothing per window after the first. Not thread-safe: one pipeline thread.
 *
 * @since 0.1
 */
public final class SpeechGate implements AutoCloseable {
    /** VAD chunks remembered: 2 s at 32 ms, more than any window this gate is meant for. */
    private static final int HISTORY = 64;

    private final SileroVad vad;
    private final float threshold;
    private final int chunk;
    private final float[] pending;
    private final long[] chunkStart = new long[HISTORY];
    private final long[] chunkEnd = new long[HISTORY];
    private final float[] chunkScore = new float[HISTORY];
    private Resampler resampler;
    private float[] resampled = new float[0];
    private int rateHz;
    private int pendingLength;
    /** Stream position (pipeline-rate samples) of the next sample the VAD has not been given. */
    private long fedUntil = -1;
    /** Pipeline-rate position of pending[0]. */
    private double pendingStart;
    private long chunks;
    private boolean speech;
    private boolean closed;

    /**
     * @param vad a fresh Silero stream at 16 kHz; owned from now on
     * @param threshold VAD score in (0, 1) a window needs somewhere in it for its labels to fire
     * @throws IllegalArgumentException if the threshold is out of range (the VAD is then closed)
     */
    public SpeechGate(SileroVad vad, float threshold) {
        this.vad = Objects.requireNonNull(vad, "vad");
        if (!(threshold > 0 && threshold < 1)) {
            vad.close();
            throw new IllegalArgumentException("vad threshold must be in (0, 1), got " + threshold);
        }
        this.threshold = threshold;
        this.chunk = vad.chunkSamples();
        this.pending = new float[chunk];
    }

    /**
     * @param inner the model's extractor; owned by the returned one
     * @return an extractor that passes windows to {@code inner} and measures their speech on the way
     */
    public FeatureExtractor watch(FeatureExtractor inner) {
        Objects.requireNonNull(inner, "inner");
        return new FeatureExtractor() {
            @Override
            public int sampleRateHz() {
                return inner.sampleRateHz();
            }

            @Override
            public int[] outputShape(int windowSamples) {
                return inner.outputShape(windowSamples);
            }

            @Override
            public void extract(AudioBlock window, FeatureFrame out) {
                listen(window);
                inner.extract(window, out);
            }

            @Override
            public void reset() {
                inner.reset();
                restart();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    /**
     * @param inner the model's classifier; owned by the returned one, which also owns this gate
     * @return a classifier whose scores are zero for windows without speech
     */
    public Classifier gate(Classifier inner) {
        Objects.requireNonNull(inner, "inner");
        return new Classifier() {
            @Override
            public List<String> labels() {
                return inner.labels();
            }

            @Override
            public void classify(FeatureFrame features, float[] scores) {
                inner.classify(features, scores);
                if (!speech) {
                    Arrays.fill(scores, 0f);
                }
            }

            @Override
            public void reset() {
                inner.reset();
            }

            @Override
            public void close() {
                try {
                    inner.close();
                } finally {
                    SpeechGate.this.close();
                }
            }
        };
    }

    /** @return whether the last window watched held speech */
    public boolean speech() {
        return speech;
    }

    /** Feeds the window's new samples to the VAD and decides whether the window holds speech. */
    private void listen(AudioBlock window) {
        if (closed) {
            throw new IllegalStateException("SpeechGate is closed");
        }
        if (window.sampleRateHz() != rateHz) { // the first window, or a new rate
            rateHz = window.sampleRateHz();
            resampler = rateHz == vad.sampleRateHz() ? null : new Resampler(rateHz, vad.sampleRateHz());
            restart();
        }
        long start = window.startSample();
        long end = start + window.length();
        if (fedUntil < 0 || start > fedUntil || end < fedUntil) {
            restart(); // a gap (dropped audio) or a new stream: the VAD starts again at this window
            fedUntil = start;
            pendingStart = start;
        }
        int from = (int) (fedUntil - start);
        feed(window.samples(), from, window.length() - from);
        fedUntil = end;
        speech = false;
        for (int i = 0; i < Math.min(chunks, HISTORY); i++) {
            if (chunkEnd[i] > start && chunkStart[i] < end && chunkScore[i] >= threshold) {
                speech = true;
                break;
            }
        }
    }

    private void feed(float[] samples, int offset, int length) {
        float[] in = samples;
        int inOffset = offset;
        int n = length;
        if (resampler != null) {
            int room = resampler.maxOutputSamples(length);
            if (resampled.length < room) {
                resampled = new float[room]; // grows to the window's size once
            }
            n = resampler.process(samples, offset, length, resampled, 0);
            in = resampled;
            inOffset = 0;
        }
        double pipelinePerVad = (double) rateHz / vad.sampleRateHz();
        for (int i = 0; i < n; ) {
            int k = Math.min(chunk - pendingLength, n - i);
            System.arraycopy(in, inOffset + i, pending, pendingLength, k);
            pendingLength += k;
            i += k;
            if (pendingLength == chunk) {
                int slot = (int) (chunks % HISTORY);
                chunkStart[slot] = (long) Math.floor(pendingStart);
                pendingStart += chunk * pipelinePerVad;
                chunkEnd[slot] = (long) Math.ceil(pendingStart);
                chunkScore[slot] = vad.speechProbability(pending, 0);
                chunks++;
                pendingLength = 0;
            }
        }
    }

    private void restart() {
        vad.reset();
        if (resampler != null) {
            resampler.reset();
        }
        pendingLength = 0;
        chunks = 0;
        fedUntil = -1;
        speech = false;
    }

    /** Closes the VAD. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            vad.close();
        }
    }
}
