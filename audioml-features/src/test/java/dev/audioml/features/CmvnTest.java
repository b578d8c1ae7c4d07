package dev.audioml.features;

import static dev.audioml.features.StreamingTest.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.audioml.core.testing.Signals;
import dev.audioml.features.norm.Cmvn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CmvnTest {
    /** Float32 rounding of standardised values. */
    static final double CMVN_TOLERANCE = 1e-4;

    @Test
    void statisticsFittedOnTrainingFeaturesTravelInTheSpecAndStandardise() {
        Map<String, Object> base = spec("feature", "mfcc", "sr", 16000, "n_fft", 512, "hop_length", 160,
                "n_mels", 40, "n_mfcc", 13, "to_db", spec("top_db", null));
        float[] clip = Signals.sweep(100, 7000, 16000, 32000, 0.5);
        FeatureMatrix raw = FeaturePipeline.fromSpec(base).compute(clip);
        Cmvn stats = Cmvn.fit(raw.data(), raw.frames(), raw.bins());
        Map<String, Object> withCmvn = new java.util.LinkedHashMap<>(base);
        withCmvn.put("cmvn", spec("mean", list(stats.mean()), "std", list(stats.std())));
        FeaturePipeline p = FeaturePipeline.fromSpec(withCmvn);
        FeatureMatrix normalised = p.compute(clip);
        for (int b = 0; b < 13; b++) {
            double mean = 0;
            double sq = 0;
            for (int f = 0; f < normalised.frames(); f++) {
                mean += normalised.get(f, b);
                sq += normalised.get(f, b) * normalised.get(f, b);
                assertThat((double) normalised.get(f, b)).isCloseTo((raw.get(f, b) - stats.mean()[b])
                        / stats.std()[b], within(CMVN_TOLERANCE));
            }
            mean /= normalised.frames();
            assertThat(mean).isCloseTo(0.0, within(CMVN_TOLERANCE));
            assertThat(Math.sqrt(sq / normalised.frames() - mean * mean)).isCloseTo(1.0, within(CMVN_TOLERANCE));
        }
        FeatureMatrix streamed = StreamingTest.stream(p.streaming(), clip, new int[] {37});
        assertThat(streamed.data()).containsExactly(normalised.data());
    }

    @Test
    void invalidStatisticsAreRejected() {
        assertThatThrownBy(() -> new Cmvn(new double[] {0, 0}, new double[] {1, 0}))
                .hasMessageContaining("std[1] must be a positive number, got 0.0");
        assertThatThrownBy(() -> FeaturePipeline.fromSpec(spec("feature", "rms", "cmvn", spec("mean", List.of(0.0)))))
                .hasMessageContaining("cmvn");
    }

    private static List<Double> list(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}
