package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.core.AudioBlock;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.features.workshop.WorkshopImageExtractor;
import dev.audioml.features.workshop.WorkshopImages;
import dev.audioml.features.workshop.WorkshopSettings;
import dev.audioml.onnx.OnnxClassifier;
import dev.audioml.onnx.OnnxModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A randomly initialised ResNet18 saved in the workshop's dict format, exported by
 * {@code tools/export-workshop-model.py}, scores the same WAV in Java as in PyTorch (the model is 45 MB, so it is
 * made at test time, not committed; the build machine needs Debian's python3-torch, python3-torchvision,
 * python3-torchaudio and python3-matplotlib, and the test fails, naming them, when they are missing).
 */
class WorkshopModelParityTest {
    /** Softmax scores, Java (ONNX Runtime) vs PyTorch. */
    static final double SCORE_TOLERANCE = 1e-4;
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path GOLDEN = Path.of("../audioml-features/src/test/resources/golden/workshop");
    static final Path TOOL = Path.of("../tools/export-workshop-model.py");
    static final long TOOL_TIMEOUT_SECONDS = 300;

    @TempDir
    static Path dir;
    static Path onnx;
    static JsonNode torchScores;
    static float[] clip;

    @BeforeAll
    static void export() throws Exception {
        assertThat(PYTHON).as("/usr/bin/python3 with python3-torch, python3-torchvision, python3-torchaudio, "
                + "python3-matplotlib (apt) is needed to make the workshop model").isExecutable();
        Path wav = dir.resolve("w22050.wav");
        Files.copy(GOLDEN.resolve("w22050.wav"), wav);
        Path csv = GOLDEN.resolve("w22050.csv");
        Path pth = dir.resolve("random.pth");
        onnx = dir.resolve("workshop.onnx");
        Path json = dir.resolve("scores.json");
        Process p = new ProcessBuilder(PYTHON.toString(), TOOL.toString(), "--random-pth", pth.toString(),
                "--classes", "dog,cat,bird", "--seed", "3", "--settings", csv.toString(), pth.toString(),
                onnx.toString(), "--scores", wav.toString(), json.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tool.log").toFile()).start();
        assertThat(p.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("tool finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("tool.log"), StandardCharsets.UTF_8)
                + "\n(needs apt packages python3-torch python3-torchvision python3-torchaudio python3-matplotlib)")
                .isZero();
        torchScores = new ObjectMapper().readTree(json.toFile());
        clip = FeatureInputs.decode(wav).samples();
    }

    @Test
    void fileTilesScoreAsInPyTorch() {
        try (OnnxModel model = OnnxModel.open(onnx); OnnxClassifier classifier = model.newClassifier()) {
            assertThat(model.labels()).containsExactly("dog", "cat", "bird");
            WorkshopImages images = new WorkshopImages(WorkshopSettings.fromSpec(settingsSpec(model)));
            List<BufferedImage> tiles = images.tiles(clip, 22_050);
            assertThat(tiles).hasSize(torchScores.get("file").size());
            for (int i = 0; i < tiles.size(); i++) {
                FeatureFrame frame = new FeatureFrame(3, 224, 224);
                float[] t = WorkshopImages.tensor(tiles.get(i));
                System.arraycopy(t, 0, frame.data(), 0, t.length);
                float[] scores = new float[3];
                classifier.classify(frame, scores);
                assertClose(scores, torchScores.get("file").get(i));
            }
        }
    }

    @Test
    void liveWindowScoresAsInPyTorchThroughTheModelsOwnExtractor() {
        try (OnnxModel model = OnnxModel.open(onnx); OnnxClassifier classifier = model.newClassifier()) {
            FeatureExtractor e = model.newExtractor();
            assertThat(e).isInstanceOf(WorkshopImageExtractor.class);
            assertThat(model.windowSamples()).isEqualTo(WorkshopSettings.WORKSHOP_RING_SAMPLES);
            FeatureFrame frame = new FeatureFrame(model.frameShape());
            // the live replay: the ring buffer filled with the file's first 44100 samples
            e.extract(AudioBlock.of(Arrays.copyOf(clip, model.windowSamples()), e.sampleRateHz(), 0), frame);
            float[] scores = new float[3];
            classifier.classify(frame, scores);
            assertClose(scores, torchScores.get("live"));
        }
    }

    @Test
    void classifyCommandRunsTheWorkshopModel() throws IOException {
        FeatureCommandsTest.Result r = FeatureCommandsTest.run("classify", "--model", onnx.toString(), "--format",
                "jsonl", dir.resolve("w22050.wav").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow());
        JsonNode live = torchScores.get("live");
        List<String> labels = List.of("dog", "cat", "bird");
        float[] scores = new float[3];
        for (int i = 0; i < 3; i++) {
            scores[i] = (float) first.get("scores").get(labels.get(i)).asDouble();
        }
        assertClose(scores, live);
    }

    @Test
    void workshopSettingsOptionSetsTheFeaturesOfAModelFile() throws IOException {
        // the same settings as the model's metadata: the same scores; a bad settings file: exit 2 naming it
        FeatureCommandsTest.Result r = FeatureCommandsTest.run("classify", "--model", onnx.toString(),
                "--workshop-settings", GOLDEN.resolve("w22050.csv").toString(), "--format", "jsonl",
                dir.resolve("w22050.wav").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode first = new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow());
        assertThat(first.get("end_s").asDouble()).isEqualTo(2.0); // 44100 samples at 22050 Hz
        assertThat(first.get("scores").get("dog").asDouble()).isCloseTo(torchScores.get("live").get(0).asDouble(),
                org.assertj.core.data.Offset.offset(SCORE_TOLERANCE));
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "RESOLUTION\nlarge\n");
        r = FeatureCommandsTest.run("classify", "--model", onnx.toString(), "--workshop-settings", bad.toString(),
                dir.resolve("w22050.wav").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv", "RESOLUTION");
    }

    private static java.util.Map<String, Object> settingsSpec(OnnxModel model) {
        return ((WorkshopImageExtractor) model.newExtractor()).settings().toSpec();
    }

    private static void assertClose(float[] java, JsonNode torch) {
        List<Double> expected = new ArrayList<>();
        torch.forEach(v -> expected.add(v.asDouble()));
        assertThat(java).hasSize(expected.size());
        for (int i = 0; i < java.length; i++) {
            assertThat((double) java[i]).as("score %d: Java %s vs PyTorch %s", i, Arrays.toString(java), expected)
                    .isCloseTo(expected.get(i), org.assertj.core.data.Offset.offset(SCORE_TOLERANCE));
        }
    }
}
