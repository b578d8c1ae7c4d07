package dev.audioml.features.chroma;

/**
 * {@code librosa.filters.chroma}: Gaussian bumps that map the {@code 1 + n_fft / 2} STFT bins onto {@code n_chroma}
 * pitch classes (Ellis' chromagram), each bin's column L2-normalised, weighted by a Gaussian over octaves
 * ({@code ctroct}, {@code octwidth}) and rolled to start at C ({@code base_c}). Follows librosa 0.11's code line by line
 * (including {@code np.remainder}'s sign convention); librosa stores the result as float32, this class keeps double.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class ChromaFilterBank {
    private final int nChroma;
    private final int bins;
    /** weights[c * bins + k]. */
    private final double[] weights;
    private final double tuning;

    /**
     * @param sampleRateHz sample rate in Hz
     * @param nFft FFT length in samples
     * @param nChroma number of pitch classes ({@code n_chroma}, 12)
     * @param tuning deviation from A440 in fractions of a chroma bin ({@code tuning}, in [-0.5, 0.5))
     * @param ctroct centre of the octave weighting, in octaves on librosa's {@code hz_to_octs} scale ({@code ctroct}, 5.0)
     * @param octwidth width of the octave weighting in octaves, or {@code NaN} for none ({@code octwidth}, 2)
     * @param baseC whether row 0 is C ({@code base_c}, true) rather than A
     */
    public ChromaFilterBank(double sampleRateHz, int nFft, int nChroma, double tuning, double ctroct, double octwidth,
            boolean baseC) {
        if (nFft < 2) {
            throw new IllegalArgumentException("n_fft must be >= 2 for chroma, got " + nFft);
        }
        if (nChroma < 1) {
            throw new IllegalArgumentException("n_chroma must be >= 1, got " + nChroma);
        }
        this.nChroma = nChroma;
        this.bins = 1 + nFft / 2;
        this.tuning = tuning;
        // frequencies = np.linspace(0, sr, n_fft, endpoint=False)[1:]; frqbins = n_chroma * hz_to_octs(...)
        double a440 = 440.0 * Math.pow(2.0, tuning / nChroma);
        double[] frqbins = new double[nFft];
        double step = sampleRateHz / nFft;
        for (int i = 1; i < nFft; i++) {
            frqbins[i] = nChroma * log2(i * step / (a440 / 16));
        }
        frqbins[0] = frqbins[1] - 1.5 * nChroma;
        double[] binwidth = new double[nFft];
        for (int i = 0; i < nFft - 1; i++) {
            binwidth[i] = Math.max(frqbins[i + 1] - frqbins[i], 1.0);
        }
        binwidth[nFft - 1] = 1;
        double half = Math.rint(nChroma / 2.0);
        double[][] w = new double[nChroma][nFft];
        for (int i = 0; i < nFft; i++) {
            double norm = 0;
            for (int c = 0; c < nChroma; c++) {
                double d = remainder(frqbins[i] - c + half + 10.0 * nChroma, nChroma) - half;
                double x = 2 * d / binwidth[i];
                w[c][i] = Math.exp(-0.5 * x * x);
                norm += w[c][i] * w[c][i];
            }
            // util.normalize(wts, norm=2, axis=0), threshold tiny(float64)
            norm = Math.sqrt(norm);
            if (norm < Double.MIN_NORMAL) {
                norm = 1.0;
            }
            double oct = Double.isNaN(octwidth) ? 1.0
                    : Math.exp(-0.5 * square((frqbins[i] / nChroma - ctroct) / octwidth));
            for (int c = 0; c < nChroma; c++) {
                w[c][i] = w[c][i] / norm * oct;
            }
        }
        int roll = baseC ? 3 * (nChroma / 12) : 0; // np.roll(wts, -roll, axis=0)
        this.weights = new double[nChroma * bins];
        for (int c = 0; c < nChroma; c++) {
            double[] src = w[Math.floorMod(c + roll, nChroma)];
            System.arraycopy(src, 0, weights, c * bins, bins);
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2.0);
    }

    private static double square(double x) {
        return x * x;
    }

    /** {@code np.remainder}: the result has the divisor's sign. */
    private static double remainder(double a, double b) {
        double m = a % b;
        if (m != 0 && (b < 0) != (m < 0)) {
            m += b;
        }
        return m;
    }

    /** @return the number of pitch classes */
    public int chromaBins() {
        return nChroma;
    }

    /** @return the number of STFT bins it takes, {@code 1 + n_fft / 2} */
    public int fftBins() {
        return bins;
    }

    /** @return the tuning it was built for, in fractions of a chroma bin */
    public double tuning() {
        return tuning;
    }

    /**
     * Projects one power spectrum onto the pitch classes ({@code chromafb @ S}).
     *
     * @param spectrum {@link #fftBins()} values, read-only
     * @param spectrumOffset index of the first value
     * @param out destination of {@link #chromaBins()} values
     */
    public void apply(double[] spectrum, int spectrumOffset, double[] out) {
        for (int c = 0; c < nChroma; c++) {
            double s = 0;
            int base = c * bins;
            for (int k = 0; k < bins; k++) {
                s += weights[base + k] * spectrum[spectrumOffset + k];
            }
            out[c] = s;
        }
    }

    /**
     * {@code librosa.util.normalize(x, norm=norm)} of one vector in place, with librosa's default threshold (the
     * smallest normal float32, as for librosa's float32 arrays): vectors whose norm is below it are left unchanged.
     *
     * @param x the vector
     * @param n its length
     * @param norm {@code Double.POSITIVE_INFINITY} (max-abs), {@code NEGATIVE_INFINITY} (min-abs), a positive
     *     p-norm, or {@code NaN} for no normalisation
     */
    public static void normalize(double[] x, int n, double norm) {
        if (Double.isNaN(norm)) {
            return;
        }
        double length;
        if (norm == Double.POSITIVE_INFINITY) {
            length = 0;
            for (int i = 0; i < n; i++) {
                length = Math.max(length, Math.abs(x[i]));
            }
        } else if (norm == Double.NEGATIVE_INFINITY) {
            length = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                length = Math.min(length, Math.abs(x[i]));
            }
        } else {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.pow(Math.abs(x[i]), norm);
            }
            length = Math.pow(s, 1.0 / norm);
        }
        if (length < Float.MIN_NORMAL) {
            return;
        }
        for (int i = 0; i < n; i++) {
            x[i] /= length;
        }
    }
}
