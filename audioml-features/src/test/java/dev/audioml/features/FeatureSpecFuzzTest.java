package dev.audioml.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fuzzes the feature-spec parser with JSON text, and runs each accepted spec over a short clip. The invariant:
 * features (finite or -inf dB values aside, of the declared width), or an IllegalArgumentException of one line
 * under 1000 characters; never OutOfMemoryError under the 256 MiB fuzz heap (every size is bounded by
 * {@link dev.audioml.features.internal.SpecLimits}). Seeds and kept findings are in
 * {@code src/test/resources/dev/audioml/features/FeatureSpecFuzzTestInputs/parse/}.
 */
class FeatureSpecFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RATE_HZ = 16_000;
    private static final float[] CLIP = new float[RATE_HZ / 4];

    static {
        // Printing each warning costs most of a fuzzing run's time (warnings are checked through the API instead).
        // Only when fuzzing: that JVM runs this target alone, while regression mode shares its JVM with tests that
        // assert on log records.
        if (System.getenv("JAZZER_FUZZ") != null) {
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
        }
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < CLIP.length; i++) {
            CLIP[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / RATE_HZ) + 0.1 * (random.nextDouble() - 0.5));
        }
    }

    @FuzzTest(maxDuration = "5s")
    @SuppressWarnings("unchecked")
    void parse(byte[] data) {
        Object value;
        try {
            value = JSON.readValue(data, Object.class);
        } catch (IOException e) {
            return; // not JSON: the callers' JSON parser reports it
        }
        if (!(value instanceof Map<?, ?>)) {
            return;
        }
        try {
            FeaturePipeline pipeline = FeaturePipeline.fromSpec((Map<String, ?>) value, RATE_HZ);
            FeatureMatrix m = pipeline.compute(CLIP, RATE_HZ);
            assertThat(m.bins()).isEqualTo(pipeline.bins());
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(1000);
        }
    }
}
