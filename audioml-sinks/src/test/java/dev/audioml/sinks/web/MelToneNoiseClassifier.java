package dev.audioml.sinks.web;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import java.util.List;

/**
 * A real DSP classifier on a mel spectrogram in dB ({@code [frames, mels]}): silence / tone / noise from the mean
 * level and the spectral flatness (geometric over arithmetic mean) of the mean mel power spectrum.
 */
final class MelToneNoiseClassifier implements Classifier {
    /** Mean mel power (dB) at and below which the window is silent. */
    static final double SILENT_DB = -60;
    /** dB above {@link #SILENT_DB} at which the window counts as fully loud. */
    static final double LOUD_RANGE_DB = 30;

    @Override
    public List<String> labels() {
        return List.of("silence", "tone", "noise");
    }

    @Override
    public void classify(FeatureFrame features, float[] scores) {
        int frames = features.frames();
        int bins = features.bins();
        double logSum = 0;
        double sum = 0;
        for (int b = 0; b < bins; b++) {
            double power = 0;
            for (int f = 0; f < frames; f++) {
                power += Math.pow(10, features.get(f, b) / 10.0);
            }
            power = power / frames + 1e-12;
            sum += power;
            logSum += Math.log(power);
        }
        double mean = sum / bins;
        double flatness = Math.exp(logSum / bins) / mean;
        double loud = Math.max(0, Math.min(1, (10 * Math.log10(mean) - SILENT_DB) / LOUD_RANGE_DB));
        scores[0] = (float) (1 - loud);
        scores[1] = (float) (loud * (1 - flatness));
        scores[2] = (float) (loud * flatness);
    }
}
