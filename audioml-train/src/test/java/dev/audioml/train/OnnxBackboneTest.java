package dev.audioml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import dev.audioml.train.embed.Backbones;
import dev.audioml.train.testing.SyntheticSounds;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onnx:PATH#TENSOR}: cutting the head off a (small, written here) log-mel classifier. */
class OnnxBackboneTest {
    /** Mean log-mel alone separates the three instruments less well than the full statistics. */
    static final double MIN_ACCURACY = 0.8;
    static final int FRAMES = 101;
    static final int MELS = 40;

    @TempDir
    Path tmp;

    /** log-mel [1, 101, 40] -> ReduceMean over time ("pooled", [1, 40]) -> MatMul -> logits [1, 3]. */
    private Path classifier() throws Exception {
        float[] w = new float[MELS * 3];
        Random r = new Random(1);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        Path file = tmp.resolve("cnn.onnx");
        OnnxModelBuilder.create("logmel_classifier")
                .input(ValueInfo.of("logmel", ElementType.FLOAT, 1, FRAMES, MELS))
                .node("ReduceMean", List.of("logmel"), List.of("pooled"), Attribute.ints("axes", 1),
                        Attribute.of("keepdims", 0L))
                .initializer("W", w, MELS, 3)
                .node("MatMul", List.of("pooled", "W"), List.of("logits"))
                .output(ValueInfo.of("logits", ElementType.FLOAT, 1, 3))
                .metadata("audioml.labels", "[\"x\", \"y\", \"z\"]")
                .metadata("audioml.features", "{\"feature\": \"melspectrogram\", \"sr\": 16000, \"n_fft\": 512, "
                        + "\"hop_length\": 160, \"n_mels\": 40, \"to_db\": {\"ref\": 1.0, \"top_db\": null}}")
                .metadata("audioml.window_seconds", "1.0")
                .metadata("audioml.output", "softmax")
                .write(file);
        return file;
    }

    @Test
    void anInternalTensorBecomesTheEmbedding() throws Exception {
        Path model = classifier();
        Path data = SyntheticSounds.instruments(TrainerTest.PER_CLASS);
        String name = "onnx:" + model + "#pooled";
        TrainingResult r = Trainer.builder().data(data).out(tmp.resolve("out")).cacheDir(tmp.resolve("cache"))
                .backbone(name).seed(7).testFraction(0.3).build().run();
        assertThat(r.trainedHead().inputs()).isEqualTo(MELS);
        // the backbone is inside model.onnx: its input is the backbone's own feature, no file is named
        assertThat(r.featureSpec()).containsEntry("feature", "melspectrogram").doesNotContainKey("model");
        assertThat(new String(java.nio.file.Files.readAllBytes(r.out().resolve("model.onnx")),
                java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(tmp.toString());
        assertThat(r.testMetrics().accuracy()).isGreaterThan(MIN_ACCURACY);
        try (var backbone = Backbones.open(name, 1.0, null)) {
            TrainerTest.assertExportEqualsHead(r, backbone, data);
        }
    }

    @Test
    void aMissingTensorIsNamed() throws Exception {
        Path model = classifier();
        assertThatThrownBy(() -> Backbones.open("onnx:" + model + "#nope", 1.0, null))
                .hasMessageContaining("has no tensor \"nope\"").hasMessageContaining("[logits]");
        assertThatThrownBy(() -> Backbones.open("onnx:" + tmp.resolve("none.onnx"), 1.0, null))
                .hasMessageContaining("does not exist");
    }
}
