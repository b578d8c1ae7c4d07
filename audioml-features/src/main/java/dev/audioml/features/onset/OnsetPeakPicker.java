package dev.audioml.features.onset;

/**
 * {@code librosa.onset.onset_detect(onset_envelope=env, sr=sr, hop_length=hop)} on a whole envelope (librosa 0.11):
 * optionally normalised to [0, 1] ({@code normalize=True}: minus its minimum, divided by its maximum plus the
 * smallest normal float32), peaks picked by {@code librosa.util.peak_pick} and, with {@code backtrack=True}, moved
 * back to the preceding local minimum of the envelope ({@code onset_backtrack}). The peak-picking windows default to
 * librosa's: {@code pre_max = 0.03 * sr // hop}, {@code post_max = 0.00 * sr // hop + 1},
 * {@code pre_avg = 0.10 * sr // hop}, {@code post_avg = 0.10 * sr // hop + 1}, {@code wait = 0.03 * sr // hop}
 * frames (Python's float floor division), {@code delta = 0.07}; every window is rounded up to whole frames.
 *
 * <p>Whole-clip only: the normalisation needs the envelope's extremes. Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class OnsetPeakPicker {
    private final int preMax;
    private final int postMax;
    private final int preAvg;
    private final int postAvg;
    private final int wait;
    private final double delta;
    private final boolean normalize;
    private final boolean backtrack;

    /**
     * @param preMax frames before n in the maximum window, at least 0
     * @param postMax frames after n (inclusive of n) in the maximum window, at least 1
     * @param preAvg frames before n in the mean window, at least 0
     * @param postAvg frames after n (inclusive of n) in the mean window, at least 1
     * @param delta how far above the local mean a peak must be, at least 0
     * @param wait frames to skip after a peak, at least 0
     * @param normalize {@code normalize}
     * @param backtrack {@code backtrack}
     */
    public OnsetPeakPicker(double preMax, double postMax, double preAvg, double postAvg, double delta, double wait,
            boolean normalize, boolean backtrack) {
        if (!(preMax >= 0) || !(preAvg >= 0) || !(delta >= 0) || !(wait >= 0)) {
            throw new IllegalArgumentException("pre_max, pre_avg, delta and wait must be >= 0, got " + preMax + ", "
                    + preAvg + ", " + delta + ", " + wait);
        }
        if (!(postMax > 0) || !(postAvg > 0)) {
            throw new IllegalArgumentException("post_max and post_avg must be > 0, got " + postMax + ", " + postAvg);
        }
        this.preMax = (int) Math.ceil(preMax);
        this.postMax = (int) Math.ceil(postMax);
        this.preAvg = (int) Math.ceil(preAvg);
        this.postAvg = (int) Math.ceil(postAvg);
        this.wait = (int) Math.ceil(wait);
        this.delta = delta;
        this.normalize = normalize;
        this.backtrack = backtrack;
    }

    /**
     * librosa's default window for a duration: {@code seconds * sr // hop_length} with Python's float floor
     * division.
     *
     * @param seconds the duration in seconds
     * @param sampleRateHz sample rate in Hz
     * @param hopSamples hop in samples
     * @return the window in frames (a whole number, as a double)
     */
    public static double defaultFrames(double seconds, double sampleRateHz, int hopSamples) {
        double a = seconds * sampleRateHz;
        double b = hopSamples;
        // CPython float_floor_div: div = (a - fmod(a, b)) / b, floored, rounded up if within 0.5 of the next
        double mod = a % b;
        double div = (a - mod) / b;
        double floor = Math.floor(div);
        if (div - floor > 0.5) {
            floor += 1.0;
        }
        return a == 0 ? 0.0 : floor;
    }

    /**
     * Replaces the envelope by onset flags: 1 at each detected onset frame, 0 elsewhere.
     *
     * @param envelope one value per frame, overwritten
     * @param offset first frame
     * @param frames number of frames
     * @param stride distance between consecutive frames' values
     */
    public void detect(float[] envelope, int offset, int frames, int stride) {
        double[] x = new double[frames];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean finite = true;
        for (int i = 0; i < frames; i++) {
            x[i] = envelope[offset + i * stride];
            min = Math.min(min, x[i]);
            finite &= Double.isFinite(x[i]);
        }
        if (normalize && finite) {
            for (int i = 0; i < frames; i++) {
                x[i] -= min;
                max = Math.max(max, x[i]);
            }
            double scale = max + Float.MIN_NORMAL;
            for (int i = 0; i < frames; i++) {
                x[i] /= scale;
            }
        }
        boolean any = false;
        for (int i = 0; i < frames; i++) {
            any |= x[i] != 0;
        }
        boolean[] peaks = new boolean[frames];
        if (any && finite && frames > 0) {
            pick(x, peaks);
            if (backtrack) {
                peaks = backtrack(x, peaks);
            }
        }
        for (int i = 0; i < frames; i++) {
            envelope[offset + i * stride] = peaks[i] ? 1f : 0f;
        }
    }

    /** {@code librosa.util.utils.__peak_pick}. */
    private void pick(double[] x, boolean[] peaks) {
        int n0 = x.length;
        peaks[0] = x[0] >= max(x, 0, Math.min(postMax, n0)) && x[0] >= mean(x, 0, Math.min(postAvg, n0)) + delta;
        int n = peaks[0] ? wait + 1 : 1;
        while (n < n0) {
            double maxn = max(x, Math.max(0, n - preMax), Math.min(n + postMax, n0));
            if (x[n] != maxn) {
                n++;
                continue;
            }
            double avgn = mean(x, Math.max(0, n - preAvg), Math.min(n + postAvg, n0));
            if (!(x[n] >= avgn + delta)) {
                n++;
                continue;
            }
            peaks[n] = true;
            n += wait + 1;
        }
    }

    /** {@code librosa.onset.onset_backtrack(onsets, energy=x)}: each onset moves to the nearest minimum before it. */
    private static boolean[] backtrack(double[] x, boolean[] peaks) {
        int n = x.length;
        // minima = flatnonzero((e[1:-1] <= e[:-2]) & (e[1:-1] < e[2:])) + 1, then fix_frames(x_min=0): 0 added
        int[] minima = new int[n + 1];
        int count = 0;
        minima[count++] = 0;
        for (int i = 1; i + 1 < n; i++) {
            if (x[i] <= x[i - 1] && x[i] < x[i + 1]) {
                minima[count++] = i;
            }
        }
        boolean[] out = new boolean[n];
        for (int e = 0; e < n; e++) {
            if (!peaks[e]) {
                continue;
            }
            // util.match_events(events, minima, right=False): the nearest minimum at or before the event
            int best = 0;
            for (int j = 0; j < count && minima[j] <= e; j++) {
                best = minima[j];
            }
            out[best] = true;
        }
        return out;
    }

    private static double max(double[] x, int from, int to) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            m = Math.max(m, x[i]);
        }
        return m;
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }
}
