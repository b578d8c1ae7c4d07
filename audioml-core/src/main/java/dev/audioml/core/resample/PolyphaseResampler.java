package dev.audioml.core.resample;

import java.util.Objects;

/**
 * {@code librosa.resample(res_type="polyphase")}: {@code scipy.signal.resample_poly(y, up, down)} with its default
 * window ({@code ('kaiser', 5.0)}) and zero padding, for integer rates. Follows scipy's {@code resample_poly}
 * ({@code scipy/signal/_signaltools.py}): {@code up/down} reduced by their gcd, a {@code firwin(2 * half_len + 1,
 * 1 / max(up, down))} low-pass ({@code half_len = 10 * max(up, down)}, normalised to unit DC gain, times {@code up}),
 * applied so that output {@code m} is centred on input time {@code m * down / up}; {@code ceil(n * up / down)} outputs.
 * scipy computes in float32 for float32 input; this class in double (differences of float rounding only).
 *
 * <p>Immutable and thread-safe (static methods only).
 *
 * @since 0.2
 */
public final class PolyphaseResampler {
    /** scipy's default window shape parameter, {@code ('kaiser', 5.0)}. */
    public static final double KAISER_BETA = 5.0;

    private PolyphaseResampler() {
    }

    /**
     * Resamples a whole clip.
     *
     * @param in the clip; not modified
     * @param fromHz its rate in Hz, at least 1
     * @param toHz the wanted rate in Hz, at least 1
     * @return {@code ceil(in.length * up / down)} samples (librosa then fixes the length to
     *     {@code ceil(n * (toHz / fromHz))}, which is the same number except for double rounding; this method applies
     *     librosa's length)
     */
    public static float[] resample(float[] in, int fromHz, int toHz) {
        Objects.requireNonNull(in, "in");
        if (fromHz < 1 || toHz < 1) {
            throw new IllegalArgumentException("rates must be >= 1 Hz, got " + fromHz + " -> " + toHz);
        }
        if (fromHz == toHz) {
            return in.clone();
        }
        long g = gcd(fromHz, toHz);
        int up = (int) (toHz / g);
        int down = (int) (fromHz / g);
        int maxRate = Math.max(up, down);
        int halfLen = 10 * maxRate;
        int taps = 2 * halfLen + 1;
        double fc = 1.0 / maxRate;
        double[] h = new double[taps];
        double alpha = 0.5 * (taps - 1);
        double i0Beta = Resampler.besselI0(KAISER_BETA);
        double sum = 0;
        for (int n = 0; n < taps; n++) {
            double m = n - alpha;
            double x = fc * m;
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double r = m / alpha;
            double w = Resampler.besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            h[n] = fc * sinc * w;
            sum += h[n];
        }
        for (int n = 0; n < taps; n++) {
            h[n] = (float) (h[n] / sum); // scipy casts the design to the input's float32
            h[n] = (float) (h[n] * up);
        }
        int outLength = (int) Math.ceil(in.length * ((double) toHz / fromHz));
        float[] out = new float[outLength];
        long nOut = ((long) in.length * up + down - 1) / down;
        for (int m = 0; m < Math.min(outLength, nOut); m++) {
            long p = (long) m * down + halfLen; // y[m] = sum_k x[k] h[p - k up]
            long kMax = Math.min(in.length - 1, p / up);
            long kMin = Math.max(0, (p - 2L * halfLen + up - 1) / up);
            double acc = 0;
            for (long k = kMin; k <= kMax; k++) {
                acc += in[(int) k] * h[(int) (p - k * up)];
            }
            out[m] = (float) acc;
        }
        return out;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
