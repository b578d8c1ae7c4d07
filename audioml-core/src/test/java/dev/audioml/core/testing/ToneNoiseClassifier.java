package dev.audioml.core.testing;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real (tiny) DSP classifier for tests, on raw-audio frames ({@code IdentityExtractor}): labels
 * {@code [silence, tone, noise]}. The level is the RMS relative to {@link #FULL_LEVEL_RMS}; the tonality is the
 * normalised lag-1 autocorrelation (near 1 for a low tone, near 0 for white noise); scores are
 * {@code silence = 1 - level}, {@code tone = level * tonality}, {@code noise = level * (1 - tonality)}, summing to 1.
 * Counts its calls and closes.
 */
public final class ToneNoiseClassifier implements Classifier {
    /** RMS at and above which a window counts as fully "not silent". */
    public static final double FULL_LEVEL_RMS = 0.05;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();

    @Override
    public List<String> labels() {
        return List.of("silence", "tone", "noise");
    }

    @Override
    public void classify(FeatureFrame features, float[] scores) {
        calls.incrementAndGet();
        float[] x = features.data();
        double energy = 0;
        double lag1 = 0;
        for (int i = 0; i < x.length; i++) {
            energy += (double) x[i] * x[i];
            if (i > 0) {
                lag1 += (double) x[i] * x[i - 1];
            }
        }
        double rms = Math.sqrt(energy / x.length);
        double level = Math.min(1, rms / FULL_LEVEL_RMS);
        double tonality = energy == 0 ? 0 : Math.max(0, Math.min(1, lag1 / energy));
        scores[0] = (float) (1 - level);
        scores[1] = (float) (level * tonality);
        scores[2] = (float) (level * (1 - tonality));
    }

    /** @return how many windows were classified */
    public int calls() {
        return calls.get();
    }

    /** @return how many times {@link #close()} was called */
    public int closes() {
        return closes.get();
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
