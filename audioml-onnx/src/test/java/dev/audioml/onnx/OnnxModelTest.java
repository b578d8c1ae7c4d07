package dev.audioml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.testing.Signals;
import dev.audioml.onnx.testing.ToneModels;
import dev.audioml.onnx.write.OnnxModelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole configurations from model metadata, sidecars and labels files. */
class OnnxModelTest {
    private static final int RATE_HZ = 16_000;
    private static final int WINDOW = 160;
    private static final float SOFTMAX_SUM_TOLERANCE = 1e-5f;
    /** Score the tone model gives the right label for tones well away from its 1.6 kHz split. */
    private static final float TONE_CONFIDENCE = 0.9f;

    @TempDir
    Path dir;

    private Path write(String name, OnnxModelBuilder model) throws IOException {
        Path file = dir.resolve(name);
        model.write(file);
        return file;
    }

    private static OnnxModelBuilder withMetadata(OnnxModelBuilder b) {
        return b.metadata("audioml.labels", "[\"speech\",\"music\",\"noise\"]")
                .metadata("audioml.features", "{\"feature\": \"raw\", \"sr\": 16000}")
                .metadata("audioml.window_seconds", "0.01")
                .metadata("audioml.output", "softmax");
    }

    @Test
    void aModelWithMetadataAloneConfiguresTheWholePipeline() throws IOException {
        Path file = write("m.onnx", withMetadata(TinyModels.linear(WINDOW, 3, false, 2)));
        try (OnnxModel model = OnnxModel.open(file)) {
            assertThat(model.labels()).containsExactly("speech", "music", "noise");
            assertThat(model.sampleRateHz()).isEqualTo(RATE_HZ);
            assertThat(model.windowSamples()).isEqualTo(WINDOW);
            assertThat(model.frameShape()).containsExactly(1, WINDOW);
            FeatureExtractor fx = model.newExtractor();
            try (OnnxClassifier c = model.newClassifier()) {
                assertThat(c.outputMode()).isEqualTo(OutputMode.SOFTMAX);
                FeatureFrame frame = new FeatureFrame(fx.outputShape(WINDOW));
                fx.extract(AudioBlock.of(Signals.sine(440, RATE_HZ, WINDOW, 0.5), RATE_HZ, 0), frame);
                float[] scores = new float[3];
                c.classify(frame, scores);
                assertThat(scores[0] + scores[1] + scores[2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(SOFTMAX_SUM_TOLERANCE));
                for (float s : scores) {
                    assertThat(s).isBetween(0f, 1f);
                }
            }
        }
    }

    @Test
    void theToneModelTellsLowFromHighTones() throws IOException {
        Path file = write("tone.onnx", ToneModels.lowHigh());
        try (OnnxModel model = OnnxModel.open(file); OnnxClassifier c = model.newClassifier()) {
            FeatureExtractor fx = model.newExtractor();
            FeatureFrame frame = new FeatureFrame(model.frameShape());
            float[] scores = new float[2];
            for (double hz : new double[] {100, 300, 1000, 3000, 6000}) {
                fx.extract(AudioBlock.of(Signals.sine(hz, model.sampleRateHz(), model.windowSamples(), 0.5), model.sampleRateHz(), 0), frame);
                c.classify(frame, scores);
                assertThat(scores[hz < 1600 ? 0 : 1]).as("%s Hz", hz).isGreaterThan(TONE_CONFIDENCE);
            }
        }
    }

    @Test
    void rawModelsInferTheWindowFromTheirInputLength() throws IOException {
        Path file = write("raw.onnx", TinyModels.flatten(new long[] {1, 400}, 400)
                .metadata("audioml.features", "{\"feature\": \"raw\", \"sr\": 8000}"));
        Files.writeString(dir.resolve("labels.txt"), String.join("\n", TinyModels.labels(400)) + "\n");
        try (OnnxModel model = OnnxModel.open(file)) {
            assertThat(model.windowSamples()).isEqualTo(400);
            assertThat(model.sampleRateHz()).isEqualTo(8000);
            assertThat(model.metadata().origin("labels")).hasValueSatisfying(o -> assertThat(o).endsWith("labels.txt"));
        }
    }

    @Test
    void sidecarWinsOverMetadataKeyByKey() throws IOException {
        Path file = write("m.onnx", withMetadata(TinyModels.linear(WINDOW, 3, true, 2)));
        Files.writeString(dir.resolve("m.json"), "{\"labels\": [\"a\", \"b\", \"c\"], \"audioml.output\": \"scores\"}");
        try (OnnxModel model = OnnxModel.open(file)) {
            assertThat(model.labels()).containsExactly("a", "b", "c");
            assertThat(model.metadata().output()).contains(OutputMode.SCORES);
            assertThat(model.windowSamples()).isEqualTo(WINDOW);
            assertThat(model.metadata().origin("labels")).hasValueSatisfying(o -> assertThat(o).contains("m.json"));
            assertThat(model.metadata().origin("window_seconds")).hasValueSatisfying(o -> assertThat(o).contains("audioml.window_seconds"));
        }
    }

    @Test
    void sidecarWinsOverLabelsTxtWhichWinsOverMetadata() throws IOException {
        Path file = write("m.onnx", withMetadata(TinyModels.linear(WINDOW, 3, true, 2)));
        Files.writeString(dir.resolve("labels.txt"), "x\ny\r\nz\n\n");
        try (OnnxModel model = OnnxModel.open(file)) {
            assertThat(model.labels()).containsExactly("x", "y", "z");
        }
        Files.writeString(dir.resolve("model.json"), "{\"labels\": \"[\\\"p\\\",\\\"q\\\",\\\"r\\\"]\"}");
        try (OnnxModel model = OnnxModel.open(file)) {
            assertThat(model.labels()).containsExactly("p", "q", "r");
        }
    }

    @Test
    void inconsistentMetadataNamesTheKeyToFix() throws IOException {
        Path tooFew = write("few.onnx", TinyModels.linear(WINDOW, 3, true, 2)
                .metadata("audioml.labels", "[\"a\",\"b\"]")
                .metadata("audioml.features", "{\"feature\": \"raw\", \"sr\": 16000}")
                .metadata("audioml.window_seconds", "0.01"));
        assertThatThrownBy(() -> OnnxModel.open(tooFew))
                .hasMessageContaining("metadata_props key audioml.labels").hasMessageContaining("2 labels").hasMessageContaining("3 values");

        Path badMode = write("mode.onnx", withMetadata(TinyModels.linear(WINDOW, 3, true, 2)).metadata("audioml.output", "probabilities"));
        assertThatThrownBy(() -> OnnxModel.open(badMode))
                .hasMessageContaining("audioml.output").hasMessageContaining("softmax").hasMessageContaining("probabilities");

        Path badJson = write("json.onnx", withMetadata(TinyModels.linear(WINDOW, 3, true, 2)).metadata("audioml.labels", "[\"a\", \"b\""));
        assertThatThrownBy(() -> OnnxModel.open(badJson)).hasMessageContaining("audioml.labels").hasMessageContaining("not valid JSON");

        Path unknown = write("unknown.onnx", withMetadata(TinyModels.linear(WINDOW, 3, true, 2)).metadata("audioml.lables", "[]"));
        assertThatThrownBy(() -> OnnxModel.open(unknown)).hasMessageContaining("audioml.lables").hasMessageContaining("known keys");

        Path noWindow = write("nowin.onnx", TinyModels.flatten(new long[] {1, -1}, -1)
                .metadata("audioml.labels", "[\"a\",\"b\",\"c\"]")
                .metadata("audioml.features", "{\"feature\": \"raw\", \"sr\": 16000}"));
        assertThatThrownBy(() -> OnnxModel.open(noWindow)).hasMessageContaining("audioml.window_seconds");

        Path noFeatures = write("nofx.onnx", TinyModels.linear(WINDOW, 3, true, 2).metadata("audioml.labels", "[\"a\",\"b\",\"c\"]"));
        assertThatThrownBy(() -> OnnxModel.open(noFeatures)).hasMessageContaining("audioml.features");

        Path wrongWindow = write("win.onnx", withMetadata(TinyModels.linear(WINDOW, 3, true, 2)).metadata("audioml.window_seconds", "0.02"));
        assertThatThrownBy(() -> OnnxModel.open(wrongWindow)).hasMessageContaining("float[-1, 160]").hasMessageContaining("[1, 320]");
    }

    @Test
    void missingLabelsAndUnknownFeaturesAreClearErrors() throws IOException {
        Path noLabels = write("nolabels.onnx", TinyModels.linear(WINDOW, 3, true, 2)
                .metadata("audioml.features", "{\"feature\": \"raw\", \"sr\": 16000}")
                .metadata("audioml.window_seconds", "0.01"));
        assertThatThrownBy(() -> OnnxModel.open(noLabels))
                .hasMessageContaining("declares no labels").hasMessageContaining("audioml.labels").hasMessageContaining("labels.txt");

        Path mel = write("mel.onnx", withMetadata(TinyModels.linear(WINDOW, 3, true, 2))
                .metadata("audioml.features", "{\"feature\": \"no_such_feature\", \"sr\": 16000}"));
        assertThatThrownBy(() -> OnnxModel.open(mel)).hasMessageContaining("audioml.features").hasMessageContaining("no_such_feature");
    }

    @Test
    void badSidecarsAreClearErrors() throws IOException {
        Path file = write("m.onnx", withMetadata(TinyModels.linear(WINDOW, 3, true, 2)));
        Files.writeString(dir.resolve("m.json"), "{\"labels\": [\"a\"");
        assertThatThrownBy(() -> OnnxModel.open(file)).hasMessageContaining("m.json").hasMessageContaining("not valid JSON");
        Files.writeString(dir.resolve("m.json"), "{\"window_seconds\": -1}");
        assertThatThrownBy(() -> OnnxModel.open(file)).hasMessageContaining("window_seconds").hasMessageContaining("positive");
        Files.writeString(dir.resolve("m.json"), "{\"threshold\": 0.5}");
        assertThatThrownBy(() -> OnnxModel.open(file)).hasMessageContaining("\"threshold\"").hasMessageContaining("known keys");
    }

    @Test
    void classifierOpenReadsMetadataAndOwnsItsSession() throws IOException {
        Path file = write("m.onnx", withMetadata(TinyModels.linear(WINDOW, 3, false, 2)));
        OnnxClassifier c = OnnxClassifier.open(file);
        assertThat(c.labels()).containsExactly("speech", "music", "noise");
        assertThat(c.outputMode()).isEqualTo(OutputMode.SOFTMAX);
        c.close();
        assertThat(c.session().isClosed()).isTrue();
    }

    @Test
    void metadataWithoutAudiomlKeysIsEmpty() {
        ModelMetadata md = ModelMetadata.fromProperties(Map.of("author", "someone"), "x.onnx");
        assertThat(md.labels()).isEmpty();
        assertThat(md.features()).isEmpty();
        assertThat(md.windowSeconds()).isEmpty();
        assertThat(md.output()).isEmpty();
        assertThat(ModelMetadata.fromProperties(Map.of("audioml.window_seconds", "0.975"), "x").windowSeconds()).contains(0.975);
        assertThat(ModelMetadata.fromProperties(Map.of("audioml.labels", "[\"a\",\"b\"]"), "x").labels()).contains(List.of("a", "b"));
    }
}
