package dev.audioml.features;

import static dev.audioml.features.StreamingTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureExtractors;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.source.Sources;
import dev.audioml.core.testing.Signals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core pipeline, given an extractor built from a spec through the SPI, gets each window's batch features. */
class PipelineIntegrationTest {

    @Test
    void pipelineWindowsCarryTheSameFeaturesAsComputingEachWindow() {
        float[] audio = Signals.sweep(200, 6000, 16_000, 2 * 16_000, 0.6);
        List<float[]> seen = new ArrayList<>();
        Classifier capture = new Classifier() {
            @Override
            public List<String> labels() {
                return List.of("x");
            }

            @Override
            public void classify(FeatureFrame features, float[] scores) {
                seen.add(features.data().clone());
                scores[0] = 1f;
            }
        };
        var specMap = spec("feature", "melspectrogram", "sr", 16000, "n_fft", 512, "hop_length", 160, "n_mels", 40,
                "to_db", spec("ref", "max"));
        try (Pipeline p = Pipeline.builder().source(Sources.fromArray(audio, 16_000)).window(8000, 8000)
                .features(FeatureExtractors.fromSpec(specMap)).classifier(capture).build()) {
            p.run();
        }
        FeaturePipeline reference = FeaturePipeline.fromSpec(specMap);
        assertThat(seen).hasSize(4);
        for (int w = 0; w < 4; w++) {
            float[] window = Arrays.copyOfRange(audio, w * 8000, (w + 1) * 8000);
            assertThat(seen.get(w)).containsExactly(reference.compute(window).data());
        }
    }
}
