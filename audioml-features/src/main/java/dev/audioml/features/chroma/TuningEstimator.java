package dev.audioml.features.chroma;

import java.util.Arrays;
import java.util.Map;

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
    /** np.linspace(-0.5, 0.5, 101): the histogram's edges. */
    private static final double[] EDGES = new double[HISTOGRAM_BINS + 1];

    static {
        for (int i = 0; i < HISTOGRAM_BINS; i++) {
            EDGES[i] = i * (1.0 / HISTOGRAM_BINS) + -0.5;
        }
        EDGES[HISTOGRAM_BINS] = 0.5;
    }

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
        double[] pitches = new double[Math.max(1, frames * ((bins + 1) / 2))];
        double[] mags = new double[pitches.length];
        int found = 0;
        for (int f = 0; f < frames; f++) {
            found = peaks(spectra, f * bins, bins, sampleRateHz, pitches, mags, found);
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
        double median = median(sorted[(positive - 1) / 2], sorted[positive / 2]);
        int[] counts = new int[HISTOGRAM_BINS + 1];
        for (int i = 0; i < positive; i++) {
            if (mags[i] >= median) {
                counts[residualBin(pitches[i], binsPerOctave)]++;
            }
        }
        return fullestBin(counts);
    }

    /**
     * librosa.core.pitch.piptrack on one frame: appends its peaks' pitches (Hz) and magnitudes.
     *
     * @return {@code at} plus the number of peaks appended (at most {@code (bins + 1) / 2})
     */
    private static int peaks(double[] spectra, int o, int bins, double sampleRateHz, double[] pitches, double[] mags,
            int at) {
        int nFft = 2 * (bins - 1);
        double fmax = Math.min(FMAX_HZ, sampleRateHz / 2);
        double binHz = 1.0 / (nFft * (1.0 / sampleRateHz)); // np.fft.rfftfreq
        int found = at;
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
        return found;
    }

    /** np.median of a sorted array from its middle values (the same two for an odd count). */
    private static double median(double lower, double upper) {
        return lower == upper ? lower : (lower + upper) / 2;
    }

    /**
     * pitch_tuning's histogram bin of a pitch: residual = mod(bins_per_octave * hz_to_octs(f), 1.0) in [-0.5, 0.5),
     * over np.linspace(-0.5, 0.5, 101); {@link #HISTOGRAM_BINS} when it falls outside.
     */
    private static int residualBin(double pitch, int binsPerOctave) {
        double octs = Math.log(pitch / (440.0 / 16)) / Math.log(2.0);
        double residual = (binsPerOctave * octs) % 1.0;
        if (residual < 0) {
            residual += 1.0;
        }
        if (residual >= 0.5) {
            residual -= 1.0;
        }
        int bin = Arrays.binarySearch(EDGES, residual);
        bin = bin >= 0 ? Math.min(bin, HISTOGRAM_BINS - 1) : -bin - 2;
        return bin >= 0 && bin < HISTOGRAM_BINS ? bin : HISTOGRAM_BINS;
    }

    /** The left edge of the first fullest bin; 0.0 when no pitch fell into a bin. */
    private static double fullestBin(int[] counts) {
        int best = 0;
        for (int i = 1; i < HISTOGRAM_BINS; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return counts[best] == 0 ? 0.0 : EDGES[best];
    }

    /**
     * The same estimate over a stream of spectra seen {@value #GATHERING_PASSES} times, in memory independent of the
     * stream's length, equal to {@link #estimate} on the whole matrix bit for bit. The median of the peak magnitudes
     * is found by radix selection on their IEEE 754 bits (librosa takes {@code np.median} of the whole set): pass 1
     * counts them by their top 16 bits, pass 2 the bucket holding the middle ones by the next 16, pass 3 keeps the
     * magnitudes within those 32-bit buckets (one entry per distinct value: a relative width of 2^-20 around the
     * median) and counts the histogram of every pitch above them; the median and the rest of the histogram follow.
     *
     * <p>Not thread-safe: confine to one stream.
     *
     * @since 0.3
     */
    public static final class Streamed {
        /** Gathering passes over the stream. */
        public static final int GATHERING_PASSES = 3;
        private final double sampleRateHz;
        private final int binsPerOctave;
        private double[] pitches = new double[0];
        private double[] mags = new double[0];
        private final long[] top = new long[1 << 16];
        private final long[][] next = new long[2][1 << 16];
        /** Order statistics of the middle: {@code (count - 1) / 2} and {@code count / 2}. */
        private final long[] rank = new long[2];
        private final long[] prefix = new long[2];
        private final int[] counts = new int[HISTOGRAM_BINS + 1];
        /** Pass 3: magnitude key (unsigned order) to its pitches per histogram bin. */
        private final java.util.TreeMap<Long, int[]> middle = new java.util.TreeMap<>(Long::compareUnsigned);
        private int pass;
        private long count;
        private double tuning;

        /**
         * @param sampleRateHz sample rate in Hz
         * @param binsPerOctave {@code bins_per_octave} (chroma_stft: {@code n_chroma})
         */
        public Streamed(double sampleRateHz, int binsPerOctave) {
            this.sampleRateHz = sampleRateHz;
            this.binsPerOctave = binsPerOctave;
        }

        /** Forgets the stream: the next frame starts pass 1. */
        public void begin() {
            pass = 0;
            count = 0;
            tuning = 0.0;
            Arrays.fill(top, 0);
            Arrays.fill(next[0], 0);
            Arrays.fill(next[1], 0);
            Arrays.fill(counts, 0);
            middle.clear();
        }

        /**
         * Takes one frame of the pass under way.
         *
         * @param spectrum the frame's {@code bins} non-negative values from {@code offset}; read-only
         * @param offset first value
         * @param bins values in the frame
         */
        public void observe(double[] spectrum, int offset, int bins) {
            if (pass >= GATHERING_PASSES || (pass > 0 && count == 0)) {
                return;
            }
            int most = (bins + 1) / 2;
            if (pitches.length < most) {
                pitches = new double[most];
                mags = new double[most];
            }
            int found = peaks(spectrum, offset, bins, sampleRateHz, pitches, mags, 0);
            for (int i = 0; i < found; i++) {
                if (!(pitches[i] > 0)) {
                    continue;
                }
                long key = key(mags[i]);
                if (pass == 0) {
                    top[(int) (key >>> 48)]++;
                    count++;
                } else if (pass == 1) {
                    for (int t = 0; t < 2; t++) {
                        if (key >>> 48 == prefix[t]) {
                            next[t][(int) (key >>> 32) & 0xFFFF]++;
                        }
                    }
                } else if (Long.compareUnsigned(key >>> 32, prefix[1]) > 0) {
                    counts[residualBin(pitches[i], binsPerOctave)]++; // above both middle values
                } else if (key >>> 32 == prefix[0] || key >>> 32 == prefix[1]) {
                    middle.computeIfAbsent(key, k -> new int[HISTOGRAM_BINS + 1])[residualBin(pitches[i],
                            binsPerOctave)]++;
                }
            }
        }

        /** Ends the pass under way; after the last, {@link #tuning()} is final. */
        public void endPass() {
            if (pass == 0 && count > 0) {
                rank[0] = (count - 1) / 2;
                rank[1] = count / 2;
                for (int t = 0; t < 2; t++) {
                    prefix[t] = select(top, t);
                }
            } else if (pass == 1 && count > 0) {
                for (int t = 0; t < 2; t++) {
                    prefix[t] = prefix[t] << 16 | select(next[t], t);
                }
            } else if (pass == 2 && count > 0) {
                // the kept values in key order: the lower middle value's bucket, then the upper one's (or the same);
                // rank[t] is the value's place within its bucket
                double[] middleValues = new double[2];
                long bucket = -1;
                long seen = 0;
                for (Map.Entry<Long, int[]> e : middle.entrySet()) {
                    long b = e.getKey() >>> 32;
                    if (b != bucket) {
                        bucket = b;
                        seen = 0;
                    }
                    long n = 0;
                    for (int c : e.getValue()) {
                        n += c;
                    }
                    for (int t = 0; t < 2; t++) {
                        if (b == prefix[t] && rank[t] >= seen && rank[t] < seen + n) {
                            middleValues[t] = value(e.getKey());
                        }
                    }
                    seen += n;
                }
                double median = median(middleValues[0], middleValues[1]);
                for (Map.Entry<Long, int[]> e : middle.entrySet()) {
                    if (value(e.getKey()) >= median) {
                        for (int b = 0; b < counts.length; b++) {
                            counts[b] += e.getValue()[b];
                        }
                    }
                }
                tuning = fullestBin(counts);
                middle.clear();
            }
            pass++;
        }

        /** @return the tuning in fractions of a bin, in [-0.5, 0.5), once the last gathering pass has ended */
        public double tuning() {
            return tuning;
        }

        /** Finds the digit whose bucket holds order statistic {@code t}; leaves its rank within the bucket. */
        private long select(long[] histogram, int t) {
            long before = 0;
            for (int d = 0; d < histogram.length; d++) {
                if (rank[t] < before + histogram[d]) {
                    rank[t] -= before;
                    return d;
                }
                before += histogram[d];
            }
            throw new IllegalStateException("the stream changed between passes (fewer pitch peaks than pass 1)");
        }
    }

    /** A double's bits in an order that compares, unsigned, as {@link Double#compare} does. */
    private static long key(double v) {
        long bits = Double.doubleToRawLongBits(v);
        return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    }

    private static double value(long key) {
        return Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
    }

    /** {@code S * (S > ref_value)}: the spectrum where it exceeds the frame's threshold, else 0. */
    private static double gated(double[] s, int i, double ref) {
        return s[i] > ref ? s[i] : 0.0;
    }
}
