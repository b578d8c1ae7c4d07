package dev.audioml.features;

import static dev.audioml.features.StreamingTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureExtractors;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecValidationTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = ';', value = {
        "n_fft; 0; n_fft must be in [1, 65536], got 0",
        "hop_length; -160; hop_length must be in [1, 1048576], got -160",
        "win_length; 4096; win_length must be in [1, 2048] (n_fft), got 4096",
        "fmin; 12000.0; fmax must be > fmin (12000.0), got 11025.0",
        "power; 0.0; power must be > 0, got 0.0",
        "n_mels; 0; n_mels must be in [1, 4096], got 0",
        "n_fft; 2000000000; n_fft must be in [1, 65536], got 2000000000",
        "hop_length; 2000000000; hop_length must be in [1, 1048576], got 2000000000",
        "sr; 2000000000; sr must be a whole number of Hz in [1, 1000000], or null (the audio's own rate), got 2.0E9",
        "n_mels; 2000000000; n_mels must be in [1, 4096], got 2000000000",
        "window; \"kaiser\"; window must be one of",
        "pad_mode; \"wrap\"; pad_mode must be one of [constant, reflect], got \"wrap\"",
        "center; \"yes\"; center must be true or false, got \"yes\"",
        "nfft; 512; unknown key \"nfft\"",
        "res_type; \"soxr_best\"; res_type must be one of [soxr_vhq, soxr_hq, soxr_mq, soxr_lq, soxr_qq, polyphase, "
            + "fft, scipy], got \"soxr_best\"",
        "res_type; \"kaiser_best\"; which AudioML does not port",
        "res_type; 3; res_type must be one of",
        "mono; false; mono must be true",
        "offset; -1.0; offset must be a number of seconds >= 0, got -1.0",
        "duration; -0.5; duration must be a number of seconds >= 0, or null, got -0.5",
        "sr; 0; sr must be a whole number of Hz in [1, 1000000], or null",
    })
    void impossibleValuesAndUnknownKeysNameKeyAndValue(String key, String json, String message) throws Exception {
        Object value = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Object.class);
        Map<String, Object> s = spec("feature", "melspectrogram", key, value);
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void sizesPastTheLimitsAreUsageErrorsNotOutOfMemory() {
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "melspectrogram", "n_fft", 65536,
                "n_mels", 4096))).hasMessageContaining("n_mels must be at most 511 with n_fft 65536");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "kaldi_fbank", "frame_length", 2e9)))
                .hasMessageContaining("frame_length must be at most 65536 samples");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "kaldi_fbank", "frame_shift", 2e9)))
                .hasMessageContaining("frame_shift must be at most 1048576 samples");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "kaldi_fbank", "sr", 2e9)))
                .hasMessageContaining("sr must be <= 1000000 Hz, got 2.0E9");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "kaldi_fbank", "num_mel_bins", 100000)))
                .hasMessageContaining("num_mel_bins must be in [4, 4096], got 100000");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "mfcc", "delta", spec("width", 99999))))
                .hasMessageContaining("width must be an odd integer in [3, 1001], got 99999");
    }

    @Test
    void aHugeValueIsShortenedInTheMessage() {
        String huge = "x".repeat(10_000_000);
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "melspectrogram", "window", huge)))
                .hasMessageContaining("povey], got \"xxx")
                .hasMessageEndingWith("... (10000002 characters)")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "melspectrogram", huge, 1)))
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(800));
    }

    @Test
    void nestedAndFeatureSpecificErrors() {
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "melspectrogram", "to_db",
                spec("ref", "min")))).hasMessageContaining("ref must be a positive number or \"max\", got \"min\"");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "mfcc", "n_mfcc", 200)))
                .hasMessageContaining("n_mfcc must be in [1, 128] (n_mels), got 200");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "kaldi_fbank", "low_freq", 9000.0)))
                .hasMessageContaining("low_freq must be in [0, 8000.0) (Nyquist), got 9000.0");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "kaldi_fbank", "n_mels", 40)))
                .hasMessageContaining("unknown key \"n_mels\"");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "spectral_centroid", "roll_percent", 0.9)))
                .hasMessageContaining("unknown key \"roll_percent\"");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "vqt")))
                .hasMessageContaining("feature must be one of").hasMessageContaining("\"vqt\"");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "mfcc", "delta", spec("width", 4))))
                .hasMessageContaining("delta width must be an odd integer >= 3, got 4");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "melspectrogram", "n_mels", 2,
                "cmvn", spec("mean", List.of(0.0), "std", List.of(1.0)))))
                .hasMessageContaining("2 values");
    }

    @Test
    void tooShortInputsAreClearErrors() {
        FeaturePipeline noCenter = FeaturePipeline.fromSpec(spec("feature", "stft", "n_fft", 512, "center", false));
        assertThatThrownBy(() -> noCenter.compute(new float[100])).hasMessageContaining("100 samples give no frame");
        FeaturePipeline deltas = FeaturePipeline.fromSpec(spec("feature", "mfcc", "hop_length", 512,
                "delta", spec("width", 9)));
        assertThatThrownBy(() -> deltas.compute(new float[2048])).hasMessageContaining("delta width 9");
    }

    @Test
    void serviceLoaderFindsTheProvider() {
        FeatureExtractor e = FeatureExtractors.fromSpec(spec("feature", "mfcc", "sr", 16000, "n_mfcc", 13));
        assertThat(e.sampleRateHz()).isEqualTo(16000);
        assertThat(e.outputShape(16000)).containsExactly(32, 13);
    }

    @Test
    void fmaxAboveNyquistWarnsOnceAndKeepsEmptyFilters() {
        Logger logger = Logger.getLogger(FeaturePlan.class.getName());
        List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(h);
        try {
            FeaturePipeline p = FeaturePipeline.fromSpec(spec("feature", "melspectrogram", "sr", 16000, "n_fft", 512,
                    "n_mels", 40, "fmax", 11000.0));
            FeatureMatrix m = p.compute(dev.audioml.core.testing.Signals.noise(8000, 0.5, 1));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).getMessage()).contains("Empty filters detected");
            assertThat(m.get(5, 39)).isZero();
            assertThat(m.get(5, 0)).isPositive();
        } finally {
            logger.removeHandler(h);
        }
    }

    @Test
    void srFollowsLibrosaLoadAbsentIs22050NullIsTheAudiosRate() {
        assertThat(FeaturePipeline.fromSpec(spec("feature", "melspectrogram"), 44_100).sampleRateHz()).isEqualTo(22_050);
        Map<String, Object> nativeRate = new java.util.HashMap<>(spec("feature", "melspectrogram"));
        nativeRate.put("sr", null);
        assertThat(FeaturePipeline.fromSpec(nativeRate, 44_100).sampleRateHz()).isEqualTo(44_100);
        assertThat(FeaturePipeline.fromSpec(nativeRate).sampleRateHz()).isEqualTo(22_050);
        assertThat(FeaturePipeline.fromSpec(spec("feature", "mfcc", "sr", 16000), 44_100).sampleRateHz())
                .isEqualTo(16_000);
        FeaturePipeline p = FeaturePipeline.fromSpec(spec("feature", "stft", "res_type", "polyphase", "offset", 0.5,
                "duration", 1.0, "mono", true));
        assertThat(p.loadOptions()).isEqualTo(new LoadOptions("polyphase", 0.5, 1.0));
        assertThat(FeaturePipeline.fromSpec(spec("feature", "stft")).loadOptions()).isEqualTo(LoadOptions.DEFAULT);
    }

    @Test
    void offsetAndDurationSelectFramesAsSoundfileSeekAndRead() {
        float[] x = new float[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        // librosa: seek(int(offset * sr)), read(int(duration * sr)) frames, clipped at the end
        assertThat(new LoadOptions("soxr_hq", 0.255, 0.1).trim(x, 100)).containsExactly(25, 26, 27, 28, 29, 30, 31,
                32, 33, 34);
        assertThat(new LoadOptions("soxr_hq", 0.95, 1.0).trim(x, 100)).containsExactly(95, 96, 97, 98, 99);
        assertThat(new LoadOptions("soxr_hq", 2.0, null).trim(x, 100)).isEmpty();
        assertThat(new LoadOptions("soxr_hq", 0, null).trim(x, 100)).isSameAs(x);
    }
}
