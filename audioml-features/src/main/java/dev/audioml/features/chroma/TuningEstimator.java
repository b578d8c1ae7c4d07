package dev.audioml.features.chroma;

import java.util.Arrays;

/**
 * {@code librosa.estimate_tuning(S=S, sr=sr, bins_per_octave=n)} with its defaults, as {@code chroma_stft} calls it
 * when {@code tuning=None}: {@code librosa.piptrack} (fmin 150 Hz, fmax 4000 Hz, threshold 0.1 of each frame's
 * maximum; peaks of the spectrum refined by parabolic interpolation), the pitches whose magnitude is at least the
 * median, and {@code librosa.pitch_tuning} (a 100-bin histogram of their deviation from the equal-tempered grid, the
 * left edge of the fullest bin).
 *
 * <p>piptrack infers {@code n_fft = 2 * (bins - 1)} from the spectrum it is given (as librosa does, also for an odd
 * {@code n_fft}). Computes in double where librosa computes in float32: a pitch whose deviation lies within ~1e-5 of
 * a histogram edge may fall into the neighbouring bin.
 *
 * <p>Thread-safe (stateless; {@link #estimate} allocates its working arrays).
 *
 * @since 0.2
 */
public final class TuningEstimator {
    private static final double FMIN_HZ = 150.0;
    private static final double FMAX_HZ = 4000.0;
    private static final double THRESHOLD = 0.1;
    private static final int HISTOGRAM_BINS = 100; // ceil(1 / resolution), resolution 0.01

    private TuningEstimator() {
    }

    /**
     * Estimates the tuning of a spectrogram.
     *
     * @param spectra packed rows (one per frame) of {@code bins} non-negative values, read-only (chroma_stft passes
     *     the power spectrum)
     * @param frames number of rows
     * @param bins values per row
     * @param sampleRateHz sample rate in Hz
     * @param binsPerOctave {@code bins_per_octave} (chroma_stft: {@code n_chroma})
     * @return the tuning in fractions of a bin, in [-0.5, 0.5); 0.0 when no pitch is found (librosa warns then)
     */
    public static double estimate(double[] spectra, int frames, int bins, double sampleRateHz, int binsPerOctave) {
        // librosa.core.pitch.piptrack
        int nFft = 2 * (bins - 1);
        double fmax = Math.min(FMAX_HZ, sampleRateHz / 2);
        double binHz = 1.0 / (nFft * (1.0 / sampleRateHz)); // np.fft.rfftfreq
        double[] pitches = new double[Math.max(1, frames * ((bins + 1) / 2))];
        double[] mags = new double[pitches.length];
        int found = 0;
        for (int f = 0; f < frames; f++) {
            int o = f * bins;
            double max = 0;
            for (int k = 0; k < bins; k++) {
                max = Math.max(max, spectra[o + k]);
            }
            double ref = THRESHOLD * max;
            for (int k = 1; k < bins; k++) {
                double freq = k * binHz;
                if (!(FMIN_HZ <= freq && freq < fmax)) {
                    continue;
                }
                double x = gated(spectra, o + k, ref);
                boolean localMax = k == bins - 1 ? x > gated(spectra, o + k - 1, ref)
                        : x > gated(spectra, o + k - 1, ref) && x >= gated(spectra, o + k + 1, ref);
                if (!localMax) {
                    continue;
                }
                // _parabolic_interpolation (0 at both ends) and np.gradient (one-sided at the ends)
                double s = spectra[o + k];
                double shift = 0;
                double avg;
                if (k == bins - 1) {
                    avg = s - spectra[o + k - 1];
                } else {
                    double up = spectra[o + k + 1];
                    double down = spectra[o + k - 1];
                    avg = (up - down) / 2;
                    double a = up + down - 2 * s;
                    double b = (up - down) / 2;
                    shift = Math.abs(b) >= Math.abs(a) ? 0 : -b / a;
                }
                pitches[found] = (k + shift) * sampleRateHz / nFft;
                mags[found] = s + 0.5 * avg * shift;
                found++;
            }
        }
        // estimate_tuning: pitches > 0 with magnitude >= their median
        int positive = 0;
        for (int i = 0; i < found; i++) {
            if (pitches[i] > 0) {
                pitches[positive] = pitches[i];
                mags[positive] = mags[i];
                positive++;
            }
        }
        if (positive == 0) {
            return 0.0;
        }
        double[] sorted = Arrays.copyOf(mags, positive);
        Arrays.sort(sorted);
        double median = positive % 2 == 1 ? sorted[positive / 2]
                : (sorted[positive / 2 - 1] + sorted[positive / 2]) / 2;
        // pitch_tuning: residual = mod(bins_per_octave * hz_to_octs(f), 1.0) in [-0.5, 0.5), histogram over
        // np.linspace(-0.5, 0.5, 101), the left edge of the first fullest bin
        int[] counts = new int[HISTOGRAM_BINS];
        double[] edges = new double[HISTOGRAM_BINS + 1];
        for (int i = 0; i < HISTOGRAM_BINS; i++) {
            edges[i] = i * (1.0 / HISTOGRAM_BINS) + -0.5;
        }
        edges[HISTOGRAM_BINS] = 0.5;
        int used = 0;
        for (int i = 0; i < positive; i++) {
            if (!(mags[i] >= median)) {
                continue;
            }
            double octs = Math.log(pitches[i] / (440.0 / 16)) / Math.log(2.0);
            double residual = (binsPerOctave * octs) % 1.0;
            if (residual < 0) {
                residual += 1.0;
            }
            if (residual >= 0.5) {
                residual -= 1.0;
            }
            int bin = Arrays.binarySearch(edges, residual);
            bin = bin >= 0 ? Math.min(bin, HISTOGRAM_BINS - 1) : -bin - 2;
            if (bin >= 0 && bin < HISTOGRAM_BINS) {
                counts[bin]++;
                used++;
            }
        }
        if (used == 0) {
            return 0.0;
        }
        int best = 0;
        for (int i = 1; i < HISTOGRAM_BINS; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return edges[best];
    }

    /** {@code S * (S > ref_value)}: the spectrum where it exceeds the frame's threshold, else 0. */
    private static double gated(double[] s, int i, double ref) {
        return s[i] > ref ? s[i] : 0.0;
    }
}
