package dev.audioml.cli;

import dev.audioml.features.mel.MelFilterBank;
import dev.audioml.plot.FrequencyAxis;
import java.util.Map;

/**
 * The axes of a spectrogram figure from the feature spec, with the defaults the features module applies (librosa's;
 * torchaudio's for kaldi_fbank): seconds per frame, the rows' frequencies and scale, whether values are dB.
 *
 * @param frameSeconds time between frames in seconds
 * @param frequencyAxis the rows
 * @param decibels whether the values are decibels (a {@code to_db} step)
 * @param description what the figure shows, for its title
 */
record SpectrogramAxes(double frameSeconds, FrequencyAxis frequencyAxis, boolean decibels, String description) {

    /**
     * @param spec the feature spec as given
     * @param sampleRateHz the rate the features were computed at
     * @param bins the matrix's bins (rows)
     */
    static SpectrogramAxes of(Map<String, Object> spec, int sampleRateHz, int bins) {
        String feature = String.valueOf(spec.getOrDefault("feature", "melspectrogram"));
        boolean db = spec.get("to_db") != null;
        double nyquist = sampleRateHz / 2.0;
        switch (feature) {
            case "melspectrogram": {
                double fmax = spec.get("fmax") == null ? nyquist : num(spec, "fmax", nyquist);
                FrequencyAxis axis = FrequencyAxis.mel(bins, num(spec, "fmin", 0), fmax,
                        Boolean.TRUE.equals(spec.get("htk")));
                return new SpectrogramAxes(hop(spec, sampleRateHz), axis, db, db ? "log-mel spectrogram"
                        : "mel spectrogram");
            }
            case "stft": {
                int nFft = (int) num(spec, "n_fft", 2048);
                FrequencyAxis axis = bins == nFft / 2 + 1 ? FrequencyAxis.linear(sampleRateHz, nFft)
                        : FrequencyAxis.rows("bin");
                // librosa.stft's hop default: win_length // 4 (win_length defaults to n_fft)
                double hop = num(spec, "hop_length", Math.floor(num(spec, "win_length", nFft) / 4)) / sampleRateHz;
                return new SpectrogramAxes(hop, axis, db, db ? "spectrogram (dB)"
                        : "spectrogram");
            }
            case "kaldi_fbank": {
                // torchaudio.compliance.kaldi.get_mel_banks: centres evenly spaced in (HTK) mel between the edges
                double low = num(spec, "low_freq", 20);
                double high = num(spec, "high_freq", 0);
                high = high <= 0 ? nyquist + high : high;
                double melLow = MelFilterBank.hzToMel(low, true);
                double delta = (MelFilterBank.hzToMel(high, true) - melLow) / (bins + 1);
                double[] hz = new double[bins];
                for (int i = 0; i < bins; i++) {
                    hz[i] = MelFilterBank.melToHz(melLow + (i + 1) * delta, true);
                }
                double shiftSeconds = num(spec, "frame_shift", 10) / 1000;
                return new SpectrogramAxes(shiftSeconds, new FrequencyAxis(FrequencyAxis.Scale.MEL, hz, "Hz"), false,
                        "Kaldi log-mel filter bank");
            }
            default:
                return new SpectrogramAxes(hop(spec, sampleRateHz), FrequencyAxis.rows(feature), db, feature);
        }
    }

    private static double hop(Map<String, Object> spec, int sampleRateHz) {
        return num(spec, "hop_length", 512) / sampleRateHz;
    }

    private static double num(Map<String, Object> spec, String key, double fallback) {
        Object v = spec.get(key);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }
}
