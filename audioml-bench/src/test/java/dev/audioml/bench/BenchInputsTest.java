package dev.audioml.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.OnnxClassifier;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.OnnxSessionOptions;
import dev.audioml.onnx.OutputMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated benchmark classifier loads in ONNX Runtime and gives a softmax per window, batched or not. */
class BenchInputsTest {
    /** Float tolerance of a softmax sum and of batched against single-window scores. */
    private static final float SCORE_TOLERANCE = 1e-5f;

    @Test
    void classifierModelGivesOneSoftmaxPerWindowBatchedOrNot() {
        try (OnnxSession session = OnnxSession.open(BenchInputs.classifierModel(), "bench_mlp",
                OnnxSessionOptions.builder().intraOpThreads(1).build())) {
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < BenchInputs.CLASSIFIER_CLASSES; i++) {
                labels.add("c" + i);
            }
            try (OnnxClassifier c = OnnxClassifier.builder(session).labels(labels).outputMode(OutputMode.SCORES)
                    .frameShape(BenchInputs.CLASSIFIER_FRAMES, BenchInputs.CLASSIFIER_BANDS).build()) {
                assertThat(c.isBatchable()).isTrue();
                float[] noise = BenchInputs.noise(2 * BenchInputs.CLASSIFIER_FRAMES * BenchInputs.CLASSIFIER_BANDS);
                List<FeatureFrame> frames = new ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    FeatureFrame f = new FeatureFrame(BenchInputs.CLASSIFIER_FRAMES, BenchInputs.CLASSIFIER_BANDS);
                    System.arraycopy(noise, w * f.data().length, f.data(), 0, f.data().length);
                    frames.add(f);
                }
                float[][] batched = new float[2][labels.size()];
                c.classifyBatch(frames, batched);
                for (int w = 0; w < 2; w++) {
                    float[] single = new float[labels.size()];
                    c.classify(frames.get(w), single);
                    float sum = 0;
                    for (int k = 0; k < single.length; k++) {
                        sum += single[k];
                        assertThat(batched[w][k]).isCloseTo(single[k], within(SCORE_TOLERANCE));
                    }
                    assertThat(sum).isCloseTo(1f, within(SCORE_TOLERANCE));
                }
                assertThat(batched[0]).isNotEqualTo(batched[1]);
            }
        }
    }
}
