package dev.audioml.core.testing;

import java.util.SplittableRandom;

/**
 * Deterministic test signals (shared with other modules' tests through the core test-jar): sines, impulses,
 * seeded noise, sweeps.
 */
public final class Signals {
    private Signals() {
    }

    /**
     * @param frequencyHz tone frequency in Hz
     * @param sampleRateHz sample rate in Hz
     * @param samples length in samples
     * @param amplitude peak amplitude in [0, 1]
     * @return {@code amplitude * sin(2 pi f n / sr)}
     */
    public static float[] sine(double frequencyHz, int sampleRateHz, int samples, double amplitude) {
        float[] out = new float[samples];
        for (int n = 0; n < samples; n++) {
            out[n] = (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * n / sampleRateHz));
        }
        return out;
    }

    /**
     * @param samples length in samples
     * @param amplitude peak amplitude
     * @param seed random seed
     * @return uniform white noise in {@code [-amplitude, amplitude)}
     */
    public static float[] noise(int samples, double amplitude, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[samples];
        for (int n = 0; n < samples; n++) {
            out[n] = (float) (amplitude * (2 * random.nextDouble() - 1));
        }
        return out;
    }

    /**
     * @param samples length in samples
     * @param position index of the single non-zero sample
     * @return a unit impulse
     */
    public static float[] impulse(int samples, int position) {
        float[] out = new float[samples];
        out[position] = 1f;
        return out;
    }

    /**
     * @param startHz start frequency in Hz
     * @param endHz end frequency in Hz
     * @param sampleRateHz sample rate in Hz
     * @param samples length in samples
     * @param amplitude peak amplitude
     * @return a linear sine sweep
     */
    public static float[] sweep(double startHz, double endHz, int sampleRateHz, int samples, double amplitude) {
        float[] out = new float[samples];
        double duration = (double) samples / sampleRateHz;
        for (int n = 0; n < samples; n++) {
            double t = (double) n / sampleRateHz;
            double phase = 2 * Math.PI * (startHz * t + (endHz - startHz) * t * t / (2 * duration));
            out[n] = (float) (amplitude * Math.sin(phase));
        }
        return out;
    }
}
