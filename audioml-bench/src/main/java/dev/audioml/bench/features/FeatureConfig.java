package dev.audioml.bench.features;

import java.util.HashMap;
import java.util.Map;

/**
 * The common feature configurations the suite measures, as feature specs (librosa's names). They are named
 * configurations rather than a {@code fftSize x hopSamples x melBands} grid because only these combinations are used in
 * practice: a grid would spend most of the run on shapes nobody uses. The peers ({@code audioml-bench/peers/}) run the
 * same list under the same names.
 *
 * @since 0.1
 */
public enum FeatureConfig {
    /** Log-mel at 16 kHz, n_fft 512, hop 160, 64 mels, dB without top_db (speech models). */
    LOGMEL_16K_512_160_64(16_000, 512, 160, 64, "melspectrogram", true),
    /** Mel power (no dB) at 16 kHz, 512/160/64: torchaudio's {@code MelSpectrogram} default output. */
    MEL_16K_512_160_64(16_000, 512, 160, 64, "melspectrogram", false),
    /** STFT power at 16 kHz, n_fft 512, hop 160 (257 bins). */
    STFT_16K_512_160(16_000, 512, 160, 0, "stft", false),
    /** 20 MFCC from 64 mels at 16 kHz, 512/160 (dB without top_db, so that it streams). */
    MFCC_16K_512_160_64(16_000, 512, 160, 64, "mfcc", true),
    /** Kaldi fbank at 16 kHz: 25 ms (400 samples) frames, 10 ms (160) shift, 80 bins, log (wav2vec/Whisper-style). */
    FBANK_16K_400_160_80(16_000, 400, 160, 80, "kaldi_fbank", true),
    /** Log-mel at 22.05 kHz, n_fft 2048, hop 512, 128 mels (librosa's defaults, music). */
    LOGMEL_22K_2048_512_128(22_050, 2048, 512, 128, "melspectrogram", true),
    /** Log-mel at 22.05 kHz, n_fft 1024, hop 128, 224 mels (the workshop's 224-pixel spectrogram images). */
    LOGMEL_22K_1024_128_224(22_050, 1024, 128, 224, "melspectrogram", true);

    private final int sampleRateHz;
    private final int fftSize;
    private final int hopSamples;
    private final int melBands;
    private final String feature;
    private final boolean log;

    FeatureConfig(int sampleRateHz, int fftSize, int hopSamples, int melBands, String feature, boolean log) {
        this.sampleRateHz = sampleRateHz;
        this.fftSize = fftSize;
        this.hopSamples = hopSamples;
        this.melBands = melBands;
        this.feature = feature;
        this.log = log;
    }

    /** @return the input rate in Hz */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** @return FFT (or Kaldi frame) size in samples */
    public int fftSize() {
        return fftSize;
    }

    /** @return hop in samples */
    public int hopSamples() {
        return hopSamples;
    }

    /** @return mel bands (0 for a plain STFT) */
    public int melBands() {
        return melBands;
    }

    /** @return the spec for {@code FeaturePipeline.fromSpec} */
    public Map<String, Object> spec() {
        Map<String, Object> spec = new HashMap<>();
        spec.put("feature", feature);
        if (feature.equals("kaldi_fbank")) {
            spec.put("sample_frequency", sampleRateHz);
            spec.put("frame_length", 1000.0 * fftSize / sampleRateHz);
            spec.put("frame_shift", 1000.0 * hopSamples / sampleRateHz);
            spec.put("num_mel_bins", melBands);
            return spec;
        }
        spec.put("sr", sampleRateHz);
        spec.put("n_fft", fftSize);
        spec.put("hop_length", hopSamples);
        if (feature.equals("stft")) {
            spec.put("power", 2.0);
        } else {
            spec.put("n_mels", melBands);
        }
        if (log) {
            Map<String, Object> db = new HashMap<>();
            db.put("top_db", null); // streaming needs a per-frame dB (top_db clips against the whole clip's max)
            spec.put("to_db", db);
        }
        return spec;
    }
}
