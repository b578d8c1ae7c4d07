package dev.audioml.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares every configuration of {@code golden/manifest.json} with this module, batch and streamed. The goldens are
 * the real librosa 0.11's output ({@code tools/golden/make_goldens.py}: {@code librosa.stft}, {@code
 * librosa.feature.*}, {@code librosa.power_to_db}, computed in float32 as librosa does on {@code librosa.load}'s
 * float32 audio) and torchaudio's own {@code compliance.kaldi.fbank} ({@code tools/golden/make_kaldi_goldens.py}).
 */
class GoldenParityTest {
    /** dB outputs: absolute, in dB. */
    static final double DB_TOLERANCE = 0.01;
    /** MFCC (and their deltas): absolute. */
    static final double MFCC_TOLERANCE = 1e-3;
    /** Natural-log Kaldi fbank: absolute. */
    static final double LOG_TOLERANCE = 1e-3;
    /** Linear outputs: relative to the matrix maximum. */
    static final double LINEAR_TOLERANCE = 1e-5;
    /** Streamed vs batch, relative to the matrix maximum magnitude. */
    static final double STREAM_TOLERANCE = 1e-6;

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> configs() throws IOException {
        try (InputStream in = GoldenParityTest.class.getResourceAsStream("/golden/manifest.json")) {
            Map<String, Object> manifest = new ObjectMapper().readValue(in, Map.class);
            return ((List<Map<String, Object>>) manifest.get("configs")).stream();
        }
    }

    static FeatureMatrix load(String name) throws IOException {
        try (InputStream in = GoldenParityTest.class.getResourceAsStream("/golden/" + name)) {
            return Npy.read(in);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    @DisplayName("batch features equal the real librosa's (torchaudio's for kaldi_fbank)")
    @SuppressWarnings("unchecked")
    void batchMatchesGolden(Map<String, Object> config) throws IOException {
        FeatureMatrix input = load((String) config.get("input"));
        FeatureMatrix expected = load(config.get("name") + ".npy");
        FeaturePipeline pipeline = FeaturePipeline.fromSpec((Map<String, Object>) config.get("spec"));
        FeatureMatrix actual = pipeline.compute(input.data());
        assertThat(actual.frames()).as("frames").isEqualTo(expected.frames());
        assertThat(actual.bins()).as("bins").isEqualTo(expected.bins());
        String compare = (String) config.get("compare");
        if (compare.equals("columns")) {
            double worstRelative = 0;
            for (int b = 0; b < expected.bins(); b++) {
                double scale = Math.max(1e-12, maxAbs(expected, b));
                worstRelative = Math.max(worstRelative, worst(actual, expected, b) / scale);
                assertClose(actual, expected, b, LINEAR_TOLERANCE * scale, config);
            }
            System.out.printf("PARITY | %s | %s | %.2e (relative to column max) |%n", config.get("name"), compare,
                    worstRelative);
            return;
        }
        double tolerance = switch (compare) {
            case "db" -> DB_TOLERANCE;
            case "mfcc" -> MFCC_TOLERANCE;
            case "log" -> LOG_TOLERANCE;
            default -> LINEAR_TOLERANCE * maxAbs(expected, -1);
        };
        double worst = worst(actual, expected, -1);
        System.out.printf("PARITY | %s | %s | %.2e%s |%n", config.get("name"), compare,
                compare.equals("linear") ? worst / maxAbs(expected, -1) : worst,
                compare.equals("linear") ? " (relative to max)" : compare.equals("db") ? " dB" : "");
        assertClose(actual, expected, -1, tolerance, config);
    }

    static double worst(FeatureMatrix actual, FeatureMatrix expected, int column) {
        double worst = 0;
        for (int f = 0; f < expected.frames(); f++) {
            for (int b = 0; b < expected.bins(); b++) {
                if (column < 0 || b == column) {
                    worst = Math.max(worst, Math.abs(actual.get(f, b) - expected.get(f, b)));
                }
            }
        }
        return worst;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    @DisplayName("streamed in odd-sized blocks equals batch, including the end-of-stream frames")
    @SuppressWarnings("unchecked")
    void streamedEqualsBatch(Map<String, Object> config) throws IOException {
        FeaturePipeline pipeline = FeaturePipeline.fromSpec((Map<String, Object>) config.get("spec"));
        // ref="max"/top_db/subtract_mean stream in two passes (bit for bit equal to batch, which the golden test
        // holds to librosa); the whole-clip stages (constant-Q, chroma tuning, onset_detect) report as skipped
        Assumptions.assumeTrue(pipeline.streamingPasses() > 0, "not streamable (needs the whole clip at once)");
        float[] clip = load((String) config.get("input")).data();
        FeatureMatrix batch = pipeline.compute(clip);
        StreamingFeatures s = pipeline.streamingInPasses();
        FeatureMatrix streamed = null;
        for (int pass = 1; pass <= s.passes(); pass++) {
            streamed = StreamingTest.stream(s, clip, new int[] {1, 7, 160, 513, 3});
        }
        assertThat(streamed.frames()).isEqualTo(batch.frames());
        if (s.passes() > 1) {
            assertThat(streamed.data()).as("%s in %d passes", config.get("name"), s.passes())
                    .containsExactly(batch.data());
        } else {
            assertClose(streamed, batch, -1, STREAM_TOLERANCE * maxAbs(batch, -1), config);
        }
    }

    static double maxAbs(FeatureMatrix m, int column) {
        double max = 0;
        for (int f = 0; f < m.frames(); f++) {
            for (int b = 0; b < m.bins(); b++) {
                if (column < 0 || b == column) {
                    max = Math.max(max, Math.abs(m.get(f, b)));
                }
            }
        }
        return max;
    }

    static void assertClose(FeatureMatrix actual, FeatureMatrix expected, int column, double tolerance, Object what) {
        double worst = 0;
        int worstFrame = -1;
        int worstBin = -1;
        for (int f = 0; f < expected.frames(); f++) {
            for (int b = 0; b < expected.bins(); b++) {
                if (column >= 0 && b != column) {
                    continue;
                }
                double d = Math.abs(actual.get(f, b) - expected.get(f, b));
                if (!(d <= worst)) {
                    worst = d;
                    worstFrame = f;
                    worstBin = b;
                }
            }
        }
        assertThat(worst).as("max |difference| at [%d, %d] (actual %s, expected %s) for %s", worstFrame, worstBin,
                worstFrame < 0 ? "-" : actual.get(worstFrame, worstBin),
                worstFrame < 0 ? "-" : expected.get(worstFrame, worstBin), what).isLessThanOrEqualTo(tolerance);
    }
}
