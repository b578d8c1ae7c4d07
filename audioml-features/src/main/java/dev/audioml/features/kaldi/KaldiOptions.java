package dev.audioml.features.kaldi;

import dev.audioml.features.internal.SpecLimits;
import dev.audioml.features.internal.SpecReader;

/**
 * The options of {@code torchaudio.compliance.kaldi.fbank}, with torchaudio's names and defaults, except
 * {@code dither}, which defaults to 0 here too (torchaudio's default is also 0.0; Kaldi's binary uses 1.0).
 *
 * @param sampleFrequency sample rate in Hz ({@code sample_frequency}, or the spec's {@code sr})
 * @param frameLengthMs frame length in ms ({@code frame_length}, 25)
 * @param frameShiftMs frame shift in ms ({@code frame_shift}, 10)
 * @param numMelBins number of mel bins ({@code num_mel_bins}, 23), more than 3
 * @param windowType {@code window_type}: povey (default), hamming, hanning, rectangular, blackman
 * @param blackmanCoeff {@code blackman_coeff} (0.42)
 * @param preemphasisCoefficient {@code preemphasis_coefficient} (0.97)
 * @param removeDcOffset {@code remove_dc_offset} (true)
 * @param snipEdges {@code snip_edges} (true)
 * @param roundToPowerOfTwo {@code round_to_power_of_two} (true)
 * @param useEnergy {@code use_energy} (false)
 * @param useLogFbank {@code use_log_fbank} (true)
 * @param usePower {@code use_power} (true)
 * @param rawEnergy {@code raw_energy} (true)
 * @param htkCompat {@code htk_compat} (false): energy last instead of first
 * @param energyFloor {@code energy_floor} (1.0)
 * @param lowFreq {@code low_freq} in Hz (20)
 * @param highFreq {@code high_freq} in Hz, already resolved: a value {@code <= 0} in the spec is added to Nyquist
 * @param dither {@code dither} (0.0)
 * @param subtractMean {@code subtract_mean} (false): subtract each column's mean over the whole matrix
 * @since 0.1
 */
public record KaldiOptions(double sampleFrequency, double frameLengthMs, double frameShiftMs, int numMelBins,
        String windowType, double blackmanCoeff, double preemphasisCoefficient, boolean removeDcOffset,
        boolean snipEdges, boolean roundToPowerOfTwo, boolean useEnergy, boolean useLogFbank, boolean usePower,
        boolean rawEnergy, boolean htkCompat, double energyFloor, double lowFreq, double highFreq, double dither,
        boolean subtractMean) {

    /** Checks the cross-field rules torchaudio asserts. */
    public KaldiOptions {
        if (!(sampleFrequency > 0)) {
            throw new IllegalArgumentException("sample_frequency must be > 0, got " + sampleFrequency);
        }
        if (numMelBins <= 3) {
            throw new IllegalArgumentException("num_mel_bins must be > 3, got " + numMelBins);
        }
        double nyquist = sampleFrequency / 2;
        if (!(lowFreq >= 0 && lowFreq < nyquist)) {
            throw new IllegalArgumentException("low_freq must be in [0, " + nyquist + ") (Nyquist), got " + lowFreq);
        }
        if (!(highFreq > lowFreq && highFreq <= nyquist)) {
            throw new IllegalArgumentException("high_freq must resolve to (" + lowFreq + ", " + nyquist
                    + "] (low_freq, Nyquist], got " + highFreq);
        }
        if (!(energyFloor >= 0)) {
            throw new IllegalArgumentException("energy_floor must be >= 0, got " + energyFloor);
        }
        if (!(dither >= 0)) {
            throw new IllegalArgumentException("dither must be >= 0, got " + dither);
        }
        int window = (int) (sampleFrequency * frameLengthMs * 0.001);
        int shift = (int) (sampleFrequency * frameShiftMs * 0.001);
        if (window < 2) {
            throw new IllegalArgumentException("frame_length must give >= 2 samples at " + sampleFrequency
                    + " Hz, got " + frameLengthMs + " ms");
        }
        if (shift < 1) {
            throw new IllegalArgumentException("frame_shift must give >= 1 sample at " + sampleFrequency
                    + " Hz, got " + frameShiftMs + " ms");
        }
        KaldiFbank.kaldiWindow(windowType, 2, blackmanCoeff);
    }

    /** @return {@code window_size = int(sample_frequency * frame_length * 0.001)} */
    public int windowSamples() {
        return (int) (sampleFrequency * frameLengthMs * 0.001);
    }

    /** @return {@code window_shift = int(sample_frequency * frame_shift * 0.001)} */
    public int shiftSamples() {
        return (int) (sampleFrequency * frameShiftMs * 0.001);
    }

    /** @return the FFT size: the window size, or the next power of two with {@code round_to_power_of_two} */
    public int paddedWindowSamples() {
        int w = windowSamples();
        return roundToPowerOfTwo ? Integer.highestOneBit(w - 1) << 1 : w;
    }

    /**
     * Reads the options from a {@code kaldi_fbank} spec.
     *
     * @param r the spec reader (keys are marked known)
     * @param defaultRateHz the rate when neither {@code sr} nor {@code sample_frequency} is given
     * @return validated options
     */
    public static KaldiOptions read(SpecReader r, double defaultRateHz) {
        Double sr = r.optionalNumber("sr");
        Double sf = r.optionalNumber("sample_frequency");
        if (sr != null && sf != null && !sr.equals(sf)) {
            throw r.bad("sample_frequency", sf, "equal to sr (" + sr + ") when both are given");
        }
        double rate = sf != null ? sf : sr != null ? sr : defaultRateHz;
        if (rate > SpecLimits.MAX_SAMPLE_RATE_HZ) {
            throw r.bad(sf != null ? "sample_frequency" : "sr", rate, "<= " + SpecLimits.MAX_SAMPLE_RATE_HZ + " Hz");
        }
        double frameLengthMs = r.number("frame_length", 25.0);
        double frameShiftMs = r.number("frame_shift", 10.0);
        if (frameLengthMs * rate / 1000 > SpecLimits.MAX_FFT_SAMPLES) {
            throw r.bad("frame_length", frameLengthMs, "at most " + SpecLimits.MAX_FFT_SAMPLES + " samples ("
                    + 1000.0 * SpecLimits.MAX_FFT_SAMPLES / rate + " ms at " + rate + " Hz)");
        }
        if (frameShiftMs * rate / 1000 > SpecLimits.MAX_HOP_SAMPLES) {
            throw r.bad("frame_shift", frameShiftMs, "at most " + SpecLimits.MAX_HOP_SAMPLES + " samples ("
                    + 1000.0 * SpecLimits.MAX_HOP_SAMPLES / rate + " ms at " + rate + " Hz)");
        }
        int numMelBins = r.integer("num_mel_bins", 23);
        if (numMelBins > SpecLimits.MAX_MEL_BANDS) {
            throw r.bad("num_mel_bins", numMelBins, "in [4, " + SpecLimits.MAX_MEL_BANDS + "]");
        }
        double high = r.number("high_freq", 0.0);
        if (r.number("vtln_warp", 1.0) != 1.0) {
            throw r.bad("vtln_warp", r.get("vtln_warp"), "1.0 (VTLN is not supported)");
        }
        r.allow("vtln_low", "vtln_high", "min_duration", "channel");
        if (r.number("min_duration", 0.0) != 0.0) {
            throw r.bad("min_duration", r.get("min_duration"), "0.0");
        }
        String windowType = r.choice("window_type", "povey", "povey", "hamming", "hanning", "rectangular",
                "blackman");
        if (windowType == null) {
            throw r.bad("window_type", null, "one of [povey, hamming, hanning, rectangular, blackman]");
        }
        return new KaldiOptions(rate, frameLengthMs, frameShiftMs, numMelBins,
                windowType,
                r.number("blackman_coeff", 0.42), r.number("preemphasis_coefficient", 0.97),
                r.bool("remove_dc_offset", true), r.bool("snip_edges", true), r.bool("round_to_power_of_two", true),
                r.bool("use_energy", false), r.bool("use_log_fbank", true), r.bool("use_power", true),
                r.bool("raw_energy", true), r.bool("htk_compat", false), r.number("energy_floor", 1.0),
                r.number("low_freq", 20.0), high <= 0 ? high + rate / 2 : high, r.number("dither", 0.0),
                r.bool("subtract_mean", false));
    }
}
