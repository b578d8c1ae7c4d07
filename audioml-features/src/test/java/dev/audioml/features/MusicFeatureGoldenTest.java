package dev.audioml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * chroma_stft, spectral_contrast, onset_strength, onset_detect, cqt, chroma_cqt and tonnetz of audio loaded as the REAL {@code librosa.load}
 * loads it (librosa 0.11.0, soxr_hq; goldens from {@code tools/golden/make_music_goldens.py}): a 0.6 s melody tuned
 * to A = 442 Hz in 16-bit WAV files at 8, 16, 22.05, 44.1 and 48 kHz, loaded at librosa's default 22050 Hz (and a few
 * variants at 16, 44.1 and 48 kHz and the file's own rate).
 */
class MusicFeatureGoldenTest {
    /** chroma_stft, onset_strength, linear spectral_contrast: largest difference relative to the golden's largest. */
    static final double MUSIC_RELATIVE_TOLERANCE = 1e-4;
    /** spectral_contrast in dB (power_to_db(peak) - power_to_db(valley)): largest difference in dB. */
    static final double CONTRAST_DB_TOLERANCE = 0.01;
    /**
     * spectral_contrast bands whose valley lies at the float32 noise floor of the resampled audio (the golden's
     * {@code float32_limited_bands}: librosa's own value moves by more than 0.01 dB when 1e-8 noise is added), dB.
     * Measured: at most 3.4 dB (8 kHz file upsampled, band 3.2-6.4 kHz).
     */
    static final double CONTRAST_FLOAT32_FLOOR_DB_TOLERANCE = 6.0;

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> cases() throws IOException {
        try (InputStream in = MusicFeatureGoldenTest.class.getResourceAsStream("/golden/music/cases.json")) {
            return ((List<Map<String, Object>>) new ObjectMapper().readValue(in, Map.class).get("cases")).stream();
        }
    }

    static FeatureMatrix npy(String name) throws IOException {
        try (InputStream in = MusicFeatureGoldenTest.class.getResourceAsStream("/golden/music/" + name)) {
            return Npy.read(in);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void musicFeaturesOfLoadedAudioEqualLibrosa(Map<String, Object> c) throws IOException {
        Map<String, Object> spec = (Map<String, Object>) c.get("spec");
        int fileRate = ((Number) c.get("file_rate")).intValue();
        FeaturePipeline p = FeaturePipeline.fromSpec(spec, fileRate);
        assertThat(p.sampleRateHz()).isEqualTo(((Number) c.get("sr")).intValue());
        FeatureMatrix got = p.computeLoaded(npy("decoded_" + fileRate + ".npy").data(), fileRate);
        FeatureMatrix want = npy(c.get("name") + ".npy");
        assertThat(got.frames()).as("frames").isEqualTo(want.frames());
        assertThat(got.bins()).as("bins").isEqualTo(want.bins());
        String feature = (String) spec.get("feature");
        if (feature.equals("onset_detect")) {
            assertThat(onsets(got)).as("onset frames").isEqualTo(onsets(want)).isNotEmpty();
            System.out.printf("%s: onsets at frames %s, as librosa%n", c.get("name"), onsets(want));
            return;
        }
        List<Integer> limited = (List<Integer>) c.getOrDefault("float32_limited_bands", List.of());
        double otherBands = 0;
        for (int b = 0; b < want.bins(); b++) {
            if (limited.contains(b)) {
                System.out.printf("%s band %d (valley at the float32 floor): %.3g dB%n", c.get("name"), b,
                        GoldenParityTest.worst(got, want, b));
                GoldenParityTest.assertClose(got, want, b, CONTRAST_FLOAT32_FLOOR_DB_TOLERANCE, c.get("name"));
            } else if (!limited.isEmpty()) {
                otherBands = Math.max(otherBands, GoldenParityTest.worst(got, want, b));
                GoldenParityTest.assertClose(got, want, b, CONTRAST_DB_TOLERANCE, c.get("name") + " band " + b);
            }
        }
        if (!limited.isEmpty()) {
            System.out.printf("%s other bands: max |ours - librosa| = %.3g dB%n", c.get("name"), otherBands);
            return;
        }
        double peak = GoldenParityTest.maxAbs(want, -1);
        double worst = GoldenParityTest.worst(got, want, -1);
        boolean db = feature.equals("spectral_contrast") && !Boolean.TRUE.equals(spec.get("linear"))
                || spec.containsKey("to_db");
        System.out.printf("%s: max |ours - librosa| = %.3g %s (peak %.3g)%n", c.get("name"), db ? worst : worst / peak,
                db ? "dB" : "of peak", peak);
        GoldenParityTest.assertClose(got, want, -1, db ? CONTRAST_DB_TOLERANCE : MUSIC_RELATIVE_TOLERANCE * peak,
                c.get("name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void estimatedTuningChromaAndDecibelContrastStreamedInPassesEqualBatch(Map<String, Object> c) throws IOException {
        // the librosa cases whose whole-clip statistic (estimate_tuning's median, power_to_db's top_db) now streams
        Map<String, Object> spec = (Map<String, Object>) c.get("spec");
        String feature = (String) spec.get("feature");
        boolean whole = feature.equals("chroma_stft") && spec.get("tuning") == null
                || feature.equals("spectral_contrast") && !Boolean.TRUE.equals(spec.get("linear"));
        org.junit.jupiter.api.Assumptions.assumeTrue(whole, "streams hop by hop, or not at all");
        int fileRate = ((Number) c.get("file_rate")).intValue();
        FeaturePipeline p = FeaturePipeline.fromSpec(spec, fileRate);
        float[] clip = dev.audioml.core.resample.Resampler.resample(npy("decoded_" + fileRate + ".npy").data(),
                fileRate, p.sampleRateHz());
        FeatureMatrix batch = p.compute(clip);
        StreamingFeatures s = p.streamingInPasses();
        assertThat(s.passes()).isEqualTo(feature.equals("chroma_stft") ? 4 : 2);
        FeatureMatrix streamed = null;
        for (int pass = 1; pass <= s.passes(); pass++) {
            streamed = StreamingTest.stream(s, clip, new int[] {1, 7, 160, 513, 3});
        }
        assertThat(streamed.frames()).isEqualTo(batch.frames());
        assertThat(streamed.data()).as("%s in %d passes", c.get("name"), s.passes()).containsExactly(batch.data());
    }

    private static List<Integer> onsets(FeatureMatrix flags) {
        List<Integer> out = new ArrayList<>();
        for (int f = 0; f < flags.frames(); f++) {
            if (flags.get(f, 0) != 0) {
                out.add(f);
            }
        }
        return out;
    }

    @Test
    void explicitTuningAndLinearContrastStreamHopByHopAsBatch() throws IOException {
        float[] clip = npy("decoded_22050.npy").data();
        for (Map<String, Object> spec : List.of(
                Map.<String, Object>of("feature", "chroma_stft", "sr", 22050, "tuning", 0.0, "n_fft", 1024,
                        "hop_length", 256),
                Map.<String, Object>of("feature", "spectral_contrast", "sr", 22050, "linear", true, "n_fft", 1024,
                        "hop_length", 256))) {
            FeaturePipeline p = FeaturePipeline.fromSpec(spec);
            assertThat(p.isStreamable()).as("%s", spec).isTrue();
            FeatureMatrix batch = p.compute(clip);
            FeatureMatrix streamed = StreamingTest.stream(p.streaming(), clip, new int[] {1, 7, 160, 513, 3});
            assertThat(streamed.frames()).isEqualTo(batch.frames());
            GoldenParityTest.assertClose(streamed, batch, -1,
                    GoldenParityTest.STREAM_TOLERANCE * GoldenParityTest.maxAbs(batch, -1), spec);
        }
    }

    @Test
    void librosaDefaultsThatNeedTheWholeClipRefuseToStreamAndSayWhy() {
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "chroma_stft")).streaming())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tuning");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "spectral_contrast")).streaming())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("linear");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "onset_strength")).streaming())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("top_db");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "onset_detect")).streaming())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("peak picking");
        for (String f : List.of("cqt", "chroma_cqt", "tonnetz")) {
            assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", f)).streaming())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("octave");
        }
    }

    @Test
    void impossibleMusicParametersNameTheKey() {
        Map<String, Object> bad = new HashMap<>();
        bad.put("feature", "chroma_stft");
        bad.put("tuning", 0.7);
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(bad)).hasMessageContaining("tuning")
                .hasMessageContaining("0.7");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "chroma_stft", "norm", "max")))
                .hasMessageContaining("norm").hasMessageContaining("inf");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "spectral_contrast", "sr", 8000)))
                .hasMessageContaining("Nyquist");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "spectral_contrast", "quantile", 1.5)))
                .hasMessageContaining("quantile");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "onset_strength", "lag", 0)))
                .hasMessageContaining("lag");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "onset_detect", "post_max", 0)))
                .hasMessageContaining("post_max");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "onset_strength", "aggregate", "max")))
                .hasMessageContaining("aggregate");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "cqt", "sr", 8000, "n_bins", 96)))
                .hasMessageContaining("Nyquist");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "chroma_cqt", "n_chroma", 10)))
                .hasMessageContaining("n_chroma");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(Map.of("feature", "cqt", "sparsity", 0.0)))
                .hasMessageContaining("unknown key \"sparsity\"");
    }
}
