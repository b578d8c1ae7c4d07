package dev.audioml.features.spectral;

import dev.audioml.features.FrameFeature;
import dev.audioml.features.stft.Spectrum;
import java.util.List;

/**
 * Per-frame spectral descriptors with librosa's definitions, one column each, in the order given:
 * <ul>
 *   <li>{@code spectral_centroid}: {@code sum f S / sum S} on the magnitude spectrum ({@code librosa.feature.spectral_centroid};
 *       0 for a silent frame, as {@code librosa.util.normalize} leaves a zero column at zero).</li>
 *   <li>{@code spectral_bandwidth}: {@code (sum (S / sum S) |f - centroid|^p)^(1/p)}.</li>
 *   <li>{@code spectral_rolloff}: the lowest bin frequency where the cumulative magnitude reaches
 *       {@code roll_percent} of the total.</li>
 *   <li>{@code spectral_flatness}: geometric over arithmetic mean of {@code max(amin, S^power)}.</li>
 *   <li>{@code zero_crossing_rate}: sign changes ({@code signbit}, values within 1e-10 of 0 count as 0) over the
 *       frame length, on frames edge-padded with {@code center} ({@code librosa.feature.zero_crossing_rate}).</li>
 *   <li>{@code rms}: {@code sqrt(mean(x^2))} of the unwindowed frame ({@code librosa.feature.rms}).</li>
 * </ul>
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class SpectralDescriptors implements FrameFeature {
    /** The descriptor names, librosa's function names. */
    public static final List<String> NAMES = List.of("spectral_centroid", "spectral_bandwidth", "spectral_rolloff",
            "spectral_flatness", "zero_crossing_rate", "rms");
    /** librosa's {@code zero_crossings} threshold. */
    public static final double ZCR_THRESHOLD = 1e-10;

    private final int[] kinds;
    private final Spectrum spectrum;
    private final double[] magnitude;
    private final double[] freqs;
    private final double rollPercent;
    private final double p;
    private final double flatnessAmin;
    private final double flatnessPower;

    /**
     * @param descriptors names from {@link #NAMES}, at least one
     * @param sampleRateHz sample rate in Hz
     * @param window the centred STFT window of {@code n_fft} points
     * @param rollPercent {@code roll_percent}, in (0, 1)
     * @param p bandwidth exponent, positive
     * @param flatnessAmin flatness floor, positive
     * @param flatnessPower flatness exponent, positive
     */
    public SpectralDescriptors(List<String> descriptors, double sampleRateHz, double[] window, double rollPercent,
            double p, double flatnessAmin, double flatnessPower) {
        if (descriptors.isEmpty()) {
            throw new IllegalArgumentException("descriptors must name at least one of " + NAMES);
        }
        if (!(rollPercent > 0 && rollPercent < 1)) {
            throw new IllegalArgumentException("roll_percent must be in (0, 1), got " + rollPercent);
        }
        if (!(p > 0)) {
            throw new IllegalArgumentException("p must be > 0, got " + p);
        }
        if (!(flatnessAmin > 0) || !(flatnessPower > 0)) {
            throw new IllegalArgumentException("spectral_flatness amin and power must be > 0, got amin="
                    + flatnessAmin + ", power=" + flatnessPower);
        }
        this.kinds = new int[descriptors.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = NAMES.indexOf(descriptors.get(i));
            if (kinds[i] < 0) {
                throw new IllegalArgumentException("descriptors must be from " + NAMES + ", got \""
                        + descriptors.get(i) + "\"");
            }
        }
        this.spectrum = new Spectrum(window.length, window, 1.0);
        this.magnitude = new double[spectrum.bins()];
        this.freqs = new double[spectrum.bins()];
        for (int k = 0; k < freqs.length; k++) {
            freqs[k] = k * sampleRateHz / window.length;
        }
        this.rollPercent = rollPercent;
        this.p = p;
        this.flatnessAmin = flatnessAmin;
        this.flatnessPower = flatnessPower;
    }

    @Override
    public int bins() {
        return kinds.length;
    }

    @Override
    public void compute(double[] frame, int leftPadSamples, int rightPadSamples, double[] row) {
        boolean needSpectrum = false;
        for (int kind : kinds) {
            needSpectrum |= kind < 4;
        }
        if (needSpectrum) {
            spectrum.compute(frame, frame.length, magnitude);
        }
        for (int i = 0; i < kinds.length; i++) {
            switch (kinds[i]) {
                case 0:
                    row[i] = centroid();
                    break;
                case 1:
                    row[i] = bandwidth(centroid());
                    break;
                case 2:
                    row[i] = rolloff();
                    break;
                case 3:
                    row[i] = flatness();
                    break;
                case 4:
                    row[i] = zeroCrossingRate(frame, leftPadSamples, rightPadSamples);
                    break;
                default:
                    row[i] = rms(frame);
                    break;
            }
        }
    }

    /** {@code librosa.util.normalize(S, norm=1)}'s divisor: a sum below float32's tiny leaves the column as is. */
    private double l1() {
        double sum = 0;
        for (double m : magnitude) {
            sum += Math.abs(m);
        }
        return sum < Float.MIN_NORMAL ? 1.0 : sum;
    }

    private double centroid() {
        double norm = l1();
        double sum = 0;
        for (int k = 0; k < magnitude.length; k++) {
            sum += freqs[k] * magnitude[k] / norm;
        }
        return sum;
    }

    private double bandwidth(double centroid) {
        double norm = l1();
        double sum = 0;
        for (int k = 0; k < magnitude.length; k++) {
            sum += magnitude[k] / norm * Math.pow(Math.abs(freqs[k] - centroid), p);
        }
        return Math.pow(sum, 1.0 / p);
    }

    private double rolloff() {
        double total = 0;
        for (double m : magnitude) {
            total += m;
        }
        double threshold = rollPercent * total;
        double cumulative = 0;
        for (int k = 0; k < magnitude.length; k++) {
            cumulative += magnitude[k];
            if (!(cumulative < threshold)) {
                return freqs[k];
            }
        }
        return freqs[freqs.length - 1];
    }

    private double flatness() {
        double logSum = 0;
        double sum = 0;
        for (double m : magnitude) {
            double v = Math.max(flatnessAmin, Math.pow(m, flatnessPower));
            logSum += Math.log(v);
            sum += v;
        }
        int n = magnitude.length;
        return Math.exp(logSum / n) / (sum / n);
    }

    private static double zeroCrossingRate(double[] frame, int leftPad, int rightPad) {
        int n = frame.length;
        double first = frame[Math.min(leftPad, n - 1)];
        double last = frame[Math.max(0, n - 1 - rightPad)];
        int crossings = 0;
        boolean previous = signBit(edgeSample(frame, 0, leftPad, rightPad, first, last));
        for (int i = 1; i < n; i++) {
            boolean current = signBit(edgeSample(frame, i, leftPad, rightPad, first, last));
            if (current != previous) {
                crossings++;
            }
            previous = current;
        }
        return (double) crossings / n;
    }

    private static double edgeSample(double[] frame, int i, int leftPad, int rightPad, double first, double last) {
        double x = i < leftPad ? first : i >= frame.length - rightPad ? last : frame[i];
        return Math.abs(x) <= ZCR_THRESHOLD ? 0.0 : x;
    }

    private static boolean signBit(double x) {
        return (Double.doubleToRawLongBits(x) & Long.MIN_VALUE) != 0;
    }

    private static double rms(double[] frame) {
        double sum = 0;
        for (double x : frame) {
            sum += x * x;
        }
        return Math.sqrt(sum / frame.length);
    }
}
