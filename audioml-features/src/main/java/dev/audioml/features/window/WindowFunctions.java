package dev.audioml.features.window;

import java.util.Locale;

/**
 * Analysis windows exactly as {@code scipy.signal.get_window(name, length, fftbins=True)} builds them (the windows
 * {@code librosa.filters.get_window} returns), plus Kaldi's windows as {@code torchaudio.compliance.kaldi} builds them.
 *
 * <p>Periodic ({@code fftbins=True}, what librosa's STFT uses) means: the symmetric window of {@code length + 1}
 * points with its last point dropped. Symmetric means scipy's {@code sym=True}. Cosine-sum windows follow
 * {@code scipy.signal.windows.general_cosine}: {@code w[n] = sum_k a_k cos(k * x_n)} with
 * {@code x_n = linspace(-pi, pi, M)}.
 *
 * <p>Immutable and thread-safe (static methods only).
 *
 * @since 0.1
 */
public final class WindowFunctions {
    private WindowFunctions() {
    }

    /** Window shapes AudioML knows. */
    public enum Shape {
        /** Hann, {@code a = [0.5, 0.5]}. */
        HANN,
        /** Hamming, {@code a = [0.54, 0.46]}. */
        HAMMING,
        /** Blackman, {@code a = [0.42, 0.50, 0.08]}. */
        BLACKMAN,
        /** All ones (scipy's {@code boxcar}, Kaldi's {@code rectangular}). */
        RECTANGULAR,
        /**
         * Kaldi's Povey window: the symmetric Hann window raised to the power 0.85 (scipy has no such window; AudioML
         * always builds it symmetric, as Kaldi and torchaudio do).
         */
        POVEY;

        /**
         * @param name a scipy/librosa window name ({@code hann}, {@code hamming}, {@code blackman}, {@code boxcar},
         *     {@code rectangular}, {@code ones}) or {@code povey}; case-insensitive
         * @return the shape
         * @throws IllegalArgumentException for any other name
         */
        public static Shape parse(String name) {
            switch (name.toLowerCase(Locale.ROOT)) {
                case "hann":
                case "hanning":
                    return HANN;
                case "hamming":
                    return HAMMING;
                case "blackman":
                    return BLACKMAN;
                case "boxcar":
                case "rectangular":
                case "ones":
                    return RECTANGULAR;
                case "povey":
                    return POVEY;
                default:
                    throw new IllegalArgumentException("window must be one of [hann, hamming, blackman, boxcar, "
                            + "rectangular, povey], got \"" + name + "\"");
            }
        }
    }

    /**
     * Builds a window.
     *
     * @param shape the window shape
     * @param length number of points, at least 1
     * @param periodic {@code true} for scipy's {@code fftbins=True} (DFT-even), {@code false} for symmetric
     * @return a new array of {@code length} weights
     */
    public static double[] window(Shape shape, int length, boolean periodic) {
        if (length < 1) {
            throw new IllegalArgumentException("window length must be >= 1, got " + length);
        }
        switch (shape) {
            case RECTANGULAR:
                double[] ones = new double[length];
                java.util.Arrays.fill(ones, 1.0);
                return ones;
            case HANN:
                return cosineSum(new double[] {0.5, 0.5}, length, periodic);
            case HAMMING:
                return cosineSum(new double[] {0.54, 0.46}, length, periodic);
            case BLACKMAN:
                return cosineSum(new double[] {0.42, 0.50, 0.08}, length, periodic);
            case POVEY:
                double[] w = cosineSum(new double[] {0.5, 0.5}, length, false);
                for (int i = 0; i < length; i++) {
                    w[i] = Math.pow(w[i], 0.85);
                }
                return w;
            default:
                throw new AssertionError(shape);
        }
    }

    /**
     * A window of {@code winLength} points centred in {@code nFft} zeros, as {@code librosa.util.pad_center} places
     * it (left padding {@code (nFft - winLength) / 2}, rounded down).
     *
     * @param shape the window shape
     * @param winLength window length in samples, in {@code [1, nFft]}
     * @param nFft frame length in samples
     * @param periodic scipy's {@code fftbins}
     * @return a new array of {@code nFft} weights
     */
    public static double[] centered(Shape shape, int winLength, int nFft, boolean periodic) {
        if (winLength < 1 || winLength > nFft) {
            throw new IllegalArgumentException("win_length must be in [1, " + nFft + "] (n_fft), got " + winLength);
        }
        double[] w = window(shape, winLength, periodic);
        double[] out = new double[nFft];
        System.arraycopy(w, 0, out, (nFft - winLength) / 2, winLength);
        return out;
    }

    /** scipy.signal.windows.general_cosine with scipy's _extend/_truncate for the periodic case. */
    private static double[] cosineSum(double[] a, int length, boolean periodic) {
        if (length == 1 && !periodic) {
            return new double[] {1.0};
        }
        int m = periodic ? length + 1 : length;
        double[] w = new double[length];
        for (int n = 0; n < length; n++) {
            // np.linspace(-pi, pi, m)[n]
            double x = m == 1 ? -Math.PI : -Math.PI + (2 * Math.PI * n) / (m - 1);
            double sum = 0;
            for (int k = 0; k < a.length; k++) {
                sum += a[k] * Math.cos(k * x);
            }
            w[n] = sum;
        }
        return w;
    }
}
