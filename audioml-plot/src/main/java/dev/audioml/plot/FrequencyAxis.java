package dev.audioml.plot;

import dev.audioml.features.mel.MelFilterBank;
import java.util.Arrays;

/**
 * The vertical axis of a spectrogram figure: the centre frequency of each row and the scale they are spaced on, as
 * {@code librosa.display.specshow(y_axis=...)} takes it. Rows are drawn evenly (one row, one band), and ticks are
 * placed at round frequencies by interpolating between the centres: on a mel or log scale that reproduces
 * specshow's non-linear axis (ticks at 64, 128, ..., 8192 Hz as its base-2 {@code symlog}/{@code log} locator puts
 * them), on a linear scale round steps (0, 2000, 4000 ... Hz).
 *
 * @param scale how the rows are spaced in frequency
 * @param binHz centre frequency of each row in Hz, increasing (empty for {@link Scale#NONE})
 * @param label the axis label ("Hz", or for {@code NONE} what the rows are, e.g. "MFCC")
 * @since 0.1
 */
public record FrequencyAxis(Scale scale, double[] binHz, String label) {
    /** How rows are spaced. */
    public enum Scale {
        /** Mel bands (librosa {@code y_axis="mel"}). */
        MEL,
        /** Linear FFT bins (librosa {@code y_axis="linear"} / {@code "fft"}). */
        LINEAR,
        /** Log-spaced bins such as CQT (librosa {@code y_axis="cqt_hz"} / {@code "log"}). */
        LOG,
        /** Rows that are not frequencies (MFCC, chroma, descriptors): ticks at row numbers. */
        NONE
    }

    /** Validates and copies. */
    public FrequencyAxis {
        if (scale == null || label == null) {
            throw new IllegalArgumentException("scale and label must not be null");
        }
        binHz = binHz == null ? new double[0] : binHz.clone();
        if (scale != Scale.NONE && binHz.length == 0) {
            throw new IllegalArgumentException("a " + scale + " axis needs the centre frequency of every row");
        }
        for (int i = 1; i < binHz.length; i++) {
            if (!(binHz[i] > binHz[i - 1])) {
                throw new IllegalArgumentException("binHz must increase, got " + binHz[i - 1] + " then " + binHz[i]
                        + " at row " + i);
            }
        }
    }

    @Override
    public double[] binHz() {
        return binHz.clone();
    }

    /**
     * Mel bands as {@code librosa.display.__coord_mel_hz}: {@code mel_frequencies(n_mels, fmin, fmax, htk)}.
     *
     * @param melBands number of bands
     * @param fMinHz lowest frequency in Hz
     * @param fMaxHz highest frequency in Hz
     * @param htk HTK mel formula instead of Slaney's
     * @return the axis
     */
    public static FrequencyAxis mel(int melBands, double fMinHz, double fMaxHz, boolean htk) {
        if (melBands < 1) {
            throw new IllegalArgumentException("melBands must be >= 1, got " + melBands);
        }
        double[] hz = MelFilterBank.melFrequencies(melBands, fMinHz, fMaxHz, htk);
        if (melBands == 1) {
            hz = new double[] {fMinHz};
        }
        return new FrequencyAxis(Scale.MEL, hz, "Hz");
    }

    /**
     * FFT bins as {@code librosa.fft_frequencies(sr, n_fft)}: {@code k * sr / n_fft} for k in [0, n_fft / 2].
     *
     * @param sampleRateHz sample rate in Hz
     * @param nFft FFT size in samples
     * @return the axis
     */
    public static FrequencyAxis linear(double sampleRateHz, int nFft) {
        if (nFft < 2 || !(sampleRateHz > 0)) {
            throw new IllegalArgumentException("need nFft >= 2 and sampleRateHz > 0, got " + nFft + ", "
                    + sampleRateHz);
        }
        double[] hz = new double[nFft / 2 + 1];
        for (int k = 0; k < hz.length; k++) {
            hz[k] = k * sampleRateHz / nFft;
        }
        return new FrequencyAxis(Scale.LINEAR, hz, "Hz");
    }

    /**
     * Rows that are not frequencies.
     *
     * @param label what the rows are, e.g. "MFCC"
     * @return the axis
     */
    public static FrequencyAxis rows(String label) {
        return new FrequencyAxis(Scale.NONE, new double[0], label);
    }

    /**
     * @param hz a frequency in Hz
     * @return its fractional row (0 = centre of the first row), by linear interpolation between centres; NaN outside
     *     the first and last centre
     */
    double rowOf(double hz) {
        if (binHz.length == 1) {
            return hz == binHz[0] ? 0 : Double.NaN;
        }
        if (hz < binHz[0] || hz > binHz[binHz.length - 1]) {
            return Double.NaN;
        }
        int i = Arrays.binarySearch(binHz, hz);
        if (i >= 0) {
            return i;
        }
        int hi = -i - 1;
        int lo = hi - 1;
        return lo + (hz - binHz[lo]) / (binHz[hi] - binHz[lo]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrequencyAxis f && f.scale == scale && Arrays.equals(f.binHz, binHz)
                && f.label.equals(label);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * scale.hashCode() + Arrays.hashCode(binHz)) + label.hashCode();
    }

    @Override
    public String toString() {
        return "FrequencyAxis[" + scale + ", " + binHz.length + " rows, " + label + "]";
    }
}
