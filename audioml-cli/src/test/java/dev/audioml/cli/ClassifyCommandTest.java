package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.capture.file.WavWriter;
import dev.audioml.core.testing.Signals;
import dev.audioml.onnx.testing.ToneModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audioml classify} on a synthesized low-then-high tone recording with a tone model written in code. */
class ClassifyCommandTest {
    /** The recording's rate; the pipeline resamples it to the model's 16 kHz. */
    private static final int FILE_RATE_HZ = 44_100;
    private static final double LOW_HZ = 300;
    private static final double HIGH_HZ = 3_000;
    /** Seconds of each tone: low from 0 to 1 s, high from 1 to 2 s. */
    private static final double TONE_SECONDS = 1.0;
    /** How far an event edge may be from the tone change (one 0.1 s window plus resampler transients). */
    private static final double EDGE_TOLERANCE_S = 0.1;
    /** The bundled demo recording's "hey jarvis" phrases end at about 1.67 s and 6.5 s (tools/make-demo-recording.sh). */
    private static final double[] DEMO_WAKE_PHRASE_END_S = {1.67, 6.5};
    /** How far a wake-word event may start from its phrase's end, in seconds. */
    private static final double DETECTION_LATENCY_S = 1.0;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path model;
    static Path audio;

    @BeforeAll
    static void writeModelAndAudio() throws IOException {
        model = dir.resolve("tone.onnx");
        ToneModels.lowHigh().write(model);
        audio = dir.resolve("tones.wav");
        int n = (int) (TONE_SECONDS * FILE_RATE_HZ);
        try (WavWriter w = WavWriter.create(audio, FILE_RATE_HZ, 1, WavWriter.SampleFormat.PCM_16)) {
            w.write(Signals.sine(LOW_HZ, FILE_RATE_HZ, n, 0.5), 0, n);
            w.write(Signals.sine(HIGH_HZ, FILE_RATE_HZ, n, 0.5), 0, n);
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private static List<JsonNode> jsonLines(String text) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void jsonlTimelineFollowsTheTones() throws IOException {
        Result r = run("classify", "--model", model.toString(), "--format", "jsonl", "--top-k", "1", audio.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> windows = jsonLines(r.out());
        assertThat(windows).hasSize(20);
        for (JsonNode w : windows) {
            double start = w.get("start_s").asDouble();
            double end = w.get("end_s").asDouble();
            assertThat(w.get("file").asText()).isEqualTo(audio.toString());
            assertThat(w.get("scores").size()).isEqualTo(2);
            assertThat(w.get("top")).hasSize(1);
            if (end <= TONE_SECONDS - EDGE_TOLERANCE_S / 2 || start >= TONE_SECONDS + EDGE_TOLERANCE_S / 2) {
                String expected = end <= TONE_SECONDS ? "low" : "high";
                assertThat(w.get("top").get(0).get("label").asText()).as("window at %.2f s", start).isEqualTo(expected);
            }
        }
    }

    @Test
    void threadsBoundOnnxRuntimeWithoutChangingScoresAndAreValidated() {
        Result all = run("classify", "--model", model.toString(), "--format", "jsonl", audio.toString());
        Result one = run("classify", "--model", model.toString(), "--threads", "1", "--format", "jsonl", audio.toString());
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).isEqualTo(all.out());
        Result zero = run("classify", "--model", model.toString(), "--threads", "0", audio.toString());
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--threads must be in [1, 256], got 0").doesNotContain("Exception");
    }

    @Test
    void eventsMarkEachToneAndTheTableIsReadable() {
        Result r = run("classify", "--model", model.toString(), "--events", "--threshold", "0.9", audio.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("== " + audio);
        List<String> events = r.out().lines().filter(l -> l.contains("EVENT")).toList();
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).contains("EVENT low");
        assertThat(events.get(1)).contains("EVENT high");
        double[] low = span(events.get(0));
        double[] high = span(events.get(1));
        assertThat(low[0]).isCloseTo(0, org.assertj.core.data.Offset.offset(EDGE_TOLERANCE_S));
        assertThat(low[1]).isCloseTo(TONE_SECONDS, org.assertj.core.data.Offset.offset(EDGE_TOLERANCE_S));
        assertThat(high[0]).isCloseTo(TONE_SECONDS, org.assertj.core.data.Offset.offset(EDGE_TOLERANCE_S));
        assertThat(high[1]).isCloseTo(2 * TONE_SECONDS, org.assertj.core.data.Offset.offset(EDGE_TOLERANCE_S));
    }

    private static double[] span(String tableLine) {
        String[] parts = tableLine.trim().split("\\s+")[0].split("-");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }

    @Test
    void csvHasOneColumnPerLabel() {
        Result r = run("classify", "--model", model.toString(), "--format", "csv", "--hop", "0.05", audio.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = r.out().lines().toList();
        assertThat(rows.get(0)).isEqualTo("start_s,end_s,low,high");
        assertThat(rows).hasSize(1 + 39);
    }

    @Test
    void severalModelsRunSideBySideWithPrefixedLabels() throws IOException {
        Path second = dir.resolve("second.onnx");
        Files.copy(model, second, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Result r = run("classify", "--model", model.toString(), "--model", second.toString(), "--format", "jsonl", audio.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> lines = jsonLines(r.out());
        assertThat(lines).hasSize(40);
        assertThat(lines.get(0).get("scores").has("tone:low")).isTrue();
        assertThat(lines.get(39).get("scores").has("second:high")).isTrue();
        assertThat(lines.get(0).get("scores").get("tone:low").asDouble())
                .isEqualTo(lines.get(20).get("scores").get("second:low").asDouble());
    }

    /**
     * A model on log-mel features, frequency-major input {@code [1, n_mels, frames]}: the mean over frames of the
     * upper half of the mel bands minus the lower half, as logits of "high" and "low".
     */
    private static Path melModel() throws IOException {
        int mels = 32;
        float[] w = new float[mels * 2];
        for (int m = 0; m < mels; m++) {
            w[m * 2] = m < mels / 2 ? 1f : -1f;
            w[m * 2 + 1] = -w[m * 2];
        }
        Path file = dir.resolve("mel.onnx");
        dev.audioml.onnx.write.OnnxModelBuilder.create("mel")
                .input(dev.audioml.onnx.write.ValueInfo.of("mel", dev.audioml.onnx.write.ElementType.FLOAT, 1, mels, -1))
                .initializer("W", w, mels, 2)
                .node("ReduceMean", List.of("mel"), List.of("avg"), dev.audioml.onnx.write.Attribute.ints("axes", 2),
                        dev.audioml.onnx.write.Attribute.of("keepdims", 0L))
                .node("MatMul", List.of("avg", "W"), List.of("logits"))
                .output(dev.audioml.onnx.write.ValueInfo.of("logits", dev.audioml.onnx.write.ElementType.FLOAT, 1, 2))
                .metadata("audioml.labels", "[\"low\", \"high\"]")
                .metadata("audioml.features", "{\"feature\": \"melspectrogram\", \"sr\": 16000, \"n_fft\": 512,"
                        + " \"hop_length\": 160, \"n_mels\": " + mels + ", \"to_db\": {\"ref\": 1.0}}")
                .metadata("audioml.window_seconds", "0.25")
                .metadata("audioml.output", "softmax")
                .write(file);
        return file;
    }

    @Test
    void aMelSpectrogramModelGetsItsFeaturesFromItsMetadata() throws IOException {
        Result r = run("classify", "--model", melModel().toString(), "--format", "jsonl", "--top-k", "1", audio.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> windows = jsonLines(r.out());
        assertThat(windows).hasSize(8);
        assertThat(windows.get(0).get("top").get(0).get("label").asText()).isEqualTo("low");
        assertThat(windows.get(windows.size() - 1).get("top").get(0).get("label").asText()).isEqualTo("high");
    }

    @Test
    void presetsRunSideBySideOnTheBundledRecording() throws IOException {
        Path demo = dir.resolve("demo.wav");
        try (var in = ClassifyCommandTest.class.getResourceAsStream("/dev/audioml/cli/demo.wav")) {
            Files.copy(in, demo, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Result r = run("classify", "--model", "silero-vad", "--model", "hey_jarvis", "--events", "--format", "jsonl", demo.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> events = jsonLines(r.out()).stream().filter(l -> l.has("event")).toList();
        List<Double> wakeStarts = events.stream().filter(e -> e.get("event").asText().equals("hey_jarvis:hey_jarvis"))
                .map(e -> e.get("start_s").asDouble()).toList();
        assertThat(events.stream().filter(e -> e.get("event").asText().equals("silero-vad:speech")).count()).isGreaterThanOrEqualTo(2);
        assertThat(wakeStarts).as(r.out()).hasSize(DEMO_WAKE_PHRASE_END_S.length);
        for (int i = 0; i < wakeStarts.size(); i++) {
            assertThat(wakeStarts.get(i)).isCloseTo(DEMO_WAKE_PHRASE_END_S[i], org.assertj.core.data.Offset.offset(DETECTION_LATENCY_S));
        }
        Result hop = run("classify", "--model", "silero-vad", "--hop", "0.5", demo.toString());
        assertThat(hop.code()).isEqualTo(2);
        assertThat(hop.err()).contains("--hop does not apply to a stateful model");
    }

    @Test
    void vadThresholdGatesAnyModelBySpeech() throws IOException {
        Path demo = dir.resolve("demo-gate.wav");
        try (var in = ClassifyCommandTest.class.getResourceAsStream("/dev/audioml/cli/demo.wav")) {
            Files.copy(in, demo, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Result vad = run("classify", "--model", "silero-vad", "--events", "--format", "jsonl", demo.toString());
        List<double[]> speech = jsonLines(vad.out()).stream().filter(l -> l.has("event"))
                .map(e -> new double[] {e.get("start_s").asDouble(), e.get("end_s").asDouble()}).toList();
        assertThat(speech).isNotEmpty();
        Result plain = run("classify", "--model", model.toString(), "--format", "jsonl", demo.toString());
        Result gated = run("classify", "--model", model.toString(), "--vad-threshold", "0.5", "--format", "jsonl",
                demo.toString());
        assertThat(gated.code()).as(gated.err()).isZero();
        List<JsonNode> all = jsonLines(plain.out());
        List<JsonNode> windows = jsonLines(gated.out());
        assertThat(windows).hasSameSizeAs(all);
        int kept = 0;
        int zeroed = 0;
        for (JsonNode w : windows) {
            double start = w.get("start_s").asDouble();
            double end = w.get("end_s").asDouble();
            double top = w.get("top").get(0).get("score").asDouble();
            if (top > 0) {
                kept++;
                assertThat(speech).as("kept window %.2f-%.2f s overlaps a speech segment", start, end)
                        .anySatisfy(seg -> assertThat(seg[0] < end + 0.1 && seg[1] > start - 0.1).isTrue());
            } else {
                zeroed++;
            }
        }
        assertThat(kept).isPositive();
        assertThat(zeroed).isPositive();
        assertThat(all).allSatisfy(w -> assertThat(w.get("top").get(0).get("score").asDouble()).isPositive());
    }

    @Test
    void eventFlagsChangeThePresetRules() throws IOException {
        Path demo = dir.resolve("demo-rules.wav");
        try (var in = ClassifyCommandTest.class.getResourceAsStream("/dev/audioml/cli/demo.wav")) {
            Files.copy(in, demo, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // without merging and debounce, the one-hop blip before the first phrase's main run is an event of its own
        Result plain = run("classify", "--model", "hey_jarvis", "--format", "jsonl", "--merge-gap-seconds", "0",
                "--debounce-seconds", "0", demo.toString());
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(jsonLines(plain.out()).stream().filter(l -> l.has("event")).count()).isEqualTo(3);
        // patience 2 drops the blip instead
        Result patient = run("classify", "--model", "hey_jarvis", "--format", "jsonl", "--merge-gap-seconds", "0",
                "--debounce-seconds", "0", "--patience", "2", demo.toString());
        assertThat(jsonLines(patient.out()).stream().filter(l -> l.has("event")).count()).isEqualTo(2);
        // Silero's segments take its own parameters only
        Result vad = run("classify", "--model", "silero-vad", "--patience", "2", demo.toString());
        assertThat(vad.code()).isEqualTo(2);
        assertThat(vad.err()).contains("--patience does not apply to speech segments");
        Result longSilence = run("classify", "--model", "silero-vad", "--format", "jsonl", "--merge-gap-seconds", "0.5",
                demo.toString());
        assertThat(jsonLines(longSilence.out()).stream().filter(l -> l.has("event")).count())
                .as("the comma pause no longer splits the third phrase").isEqualTo(4);
        assertThat(run("classify", "--model", "hey_jarvis", "--patience", "0", demo.toString()).err())
                .contains("--patience must be >= 1 windows, got 0");
        assertThat(run("classify", "--model", "hey_jarvis", "--threshold", "0.5", "--off-threshold", "0.7", demo.toString()).err())
                .contains("--off-threshold must be a finite score <= --threshold (0.5), got 0.7");
    }

    @Test
    void strideMsScoresWakeWordsAtExtraPhases() throws IOException {
        Path demo = dir.resolve("demo-stride.wav");
        try (var in = ClassifyCommandTest.class.getResourceAsStream("/dev/audioml/cli/demo.wav")) {
            Files.copy(in, demo, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Result plain = run("classify", "--model", "hey_jarvis", "--events", "--format", "jsonl", demo.toString());
        Result fine = run("classify", "--model", "hey_jarvis", "--events", "--stride-ms", "40", "--format", "jsonl", demo.toString());
        assertThat(fine.code()).as(fine.err()).isZero();
        List<JsonNode> plainWindows = jsonLines(plain.out()).stream().filter(l -> !l.has("event")).toList();
        List<JsonNode> fineWindows = jsonLines(fine.out()).stream().filter(l -> !l.has("event")).toList();
        // 12 s + 2 s of padding (less one sample): 174 hops of 80 ms; every 40 ms: 174 windows per phase
        assertThat(plainWindows).hasSize(174);
        assertThat(fineWindows).hasSize(348);
        for (int k = 0; k < plainWindows.size(); k++) {
            assertThat(fineWindows.get(2 * k).get("scores").get("hey_jarvis").asDouble()).as("phase 0 = predict_clip, hop %d", k)
                    .isEqualTo(plainWindows.get(k).get("scores").get("hey_jarvis").asDouble());
        }
        assertThat(jsonLines(fine.out()).stream().filter(l -> l.has("event")).count()).isEqualTo(2);
        assertThat(run("classify", "--model", "hey_jarvis", "--stride-ms", "30", demo.toString()).err())
                .contains("--stride-ms must divide 80 (80, 40, 20, 10, ...), got 30");
        assertThat(run("classify", "--model", "silero-vad", "--stride-ms", "40", demo.toString()).err())
                .contains("--stride-ms applies to openWakeWord presets, not silero-vad");
        // VAD gating keeps both detections of the demo (each "hey jarvis" is speech)
        Result gated = run("classify", "--model", "hey_jarvis", "--events", "--vad-threshold", "0.5", "--format", "jsonl", demo.toString());
        assertThat(gated.code()).as(gated.err()).isZero();
        assertThat(jsonLines(gated.out()).stream().filter(l -> l.has("event")).count()).isEqualTo(2);
        assertThat(run("classify", "--model", "hey_jarvis", "--vad-threshold", "0.5", "--stride-ms", "40", demo.toString()).err())
                .contains("choose one of --stride-ms and --vad-threshold");
        assertThat(run("classify", "--model", "hey_jarvis", "--vad-threshold", "2", demo.toString()).err())
                .contains("--vad-threshold must be in (0, 1), got 2.0");
        assertThat(run("classify", "--model", "silero-vad", "--vad-threshold", "0.5", demo.toString()).err())
                .contains("--vad-threshold gates a model by Silero VAD; it does not apply to silero-vad itself");
    }

    @Test
    void userErrorsExitTwoAndModelErrorsExitOne() throws IOException {
        Result missingAudio = run("classify", "--model", model.toString(), dir.resolve("nope.wav").toString());
        assertThat(missingAudio.code()).isEqualTo(2);
        assertThat(missingAudio.err()).contains("no such audio file");

        Result unknownModel = run("classify", "--model", "no-such-preset", audio.toString());
        assertThat(unknownModel.code()).isEqualTo(2);
        assertThat(unknownModel.err()).contains("neither a file nor a known preset").contains("silero-vad").contains("hey_jarvis");

        assertThat(run("classify", "--model", model.toString(), "--top-k", "0", audio.toString()).code()).isEqualTo(2);
        assertThat(run("classify", "--model", model.toString(), "--format", "xml", audio.toString()).code()).isEqualTo(2);

        Path unlabelled = dir.resolve("unlabelled.onnx");
        Files.write(unlabelled, dev.audioml.onnx.write.OnnxModelEditor.read(model).putMetadata("audioml.labels", "[\"only-one\"]").toByteArray());
        Result bad = run("classify", "--model", unlabelled.toString(), audio.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("audioml.labels").contains("1 labels").hasLineCount(1);
    }

    @Test
    void liveFromAFilePrintsWindowsAndLatency() {
        Result r = run("live", "--model", model.toString(), "--source", audio.toString(), "--seconds", "1");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("live: ").contains("tone");
        assertThat(lines.stream().filter(l -> l.contains(" low ")).count()).isGreaterThanOrEqualTo(5);
        assertThat(lines).anyMatch(l -> l.matches(
                "live: \\d+ windows, 0 blocks dropped \\(0 samples\\), latency p50 [0-9.]+ ms, p99 [0-9.]+ ms"));
        assertThat(lines).as("the latency budget per stage").anyMatch(l -> l.startsWith("latency budget"))
                .anyMatch(l -> l.matches("\\s+inference\\s+[0-9.]+\\s+[0-9.]+\\s+[0-9.]+\\s+\\d+"))
                .anyMatch(l -> l.matches("\\s+end_to_end\\s+[0-9.]+\\s+[0-9.]+\\s+[0-9.]+\\s+\\d+"));
    }

    @Test
    void liveWithoutADeviceIsAClearError() {
        Result r = run("live", "--model", model.toString(), "--device", "no-such-microphone-xyz");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("capture device");
        assertThat(run("live", "--model", model.toString(), "--model", model.toString()).code()).isEqualTo(2);
        assertThat(run("live", "--model", model.toString(), "--device", "0", "--source", audio.toString()).code()).isEqualTo(2);
    }
}
