package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.capture.mic.CaptureDevices;
import dev.audioml.train.testing.ImageCnn;
import dev.audioml.train.testing.SyntheticSounds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train, eval and record-a-dataset commands through {@link Main#run}. */
class TrainCommandsTest {
    /** Accuracy the trained model must reach on the synthesized instrument notes. */
    static final double MIN_ACCURACY = 0.9;

    @TempDir
    Path dir;

    @Test
    void trainWritesAModelThatEvalReports() throws Exception {
        Path data = SyntheticSounds.instruments(16);
        Path out = dir.resolve("model");
        Result t = run("train", "--data", data.toString(), "--out", out.toString(), "--backbone", "logmel-stats",
                "--seed", "7", "--cache", dir.resolve("cache").toString());
        assertThat(t.code).as(t.err).isZero();
        assertThat(t.out).contains("flute", "piano", "trumpet").contains("Cross-validation: 5-fold x 2 repeats")
                .contains("Chose logmel-stats").contains("test accuracy");
        for (String f : new String[] {"model.onnx", "report.json", "confusion.png", "loss.png", "confusion.svg",
            "loss.svg"}) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        // the license follows what the model contains: computed features and the user's own head
        assertThat(t.out).contains("License: model.onnx contains no third-party pretrained weights")
                .doesNotContain("CC BY-NC-SA").doesNotContain("(cache ");
        JsonNode written = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(written.get("licenses").get(0).get("part").asText()).startsWith("backbone logmel-stats");
        int trainingFiles = written.get("training_data").get("files").asInt();
        assertThat(trainingFiles).isBetween(24, 47);
        assertThat(Files.readString(out.resolve("confusion.svg"))).contains(">flute<", ">Predicted label<");

        Result json = run("eval", "--model", out.resolve("model.onnx").toString(), "--data", data.toString(), "--json");
        assertThat(json.code).as(json.err).isZero();
        JsonNode report = new ObjectMapper().readTree(json.out);
        assertThat(report.get("accuracy").asDouble()).isGreaterThan(MIN_ACCURACY);
        assertThat(report.get("per_class")).hasSize(3);

        // the model alone drives 'audioml classify' (its labels, features and window come from its metadata)
        Result classify = run("classify", "--model", out.resolve("model.onnx").toString(), "--format", "jsonl",
                data.resolve("trumpet/trumpet-05.wav").toString());
        assertThat(classify.code).as(classify.err).isZero();
        JsonNode line = new ObjectMapper().readTree(classify.out.lines().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow());
        assertThat(line.get("top").get(0).get("label").asText()).isEqualTo("trumpet");

        Result table = run("eval", "--model", out.resolve("model.onnx").toString(), "--data", data.toString());
        assertThat(table.code).isZero();
        assertThat(table.out).startsWith("Evaluating " + out.resolve("model.onnx") + " (3 labels: flute, piano, "
                + "trumpet;").contains("on 48 clips of").contains("balanced accuracy").contains("over 48 clips");
        // the folder holds the training clips too: eval says so
        assertThat(table.err).contains("audioml eval: WARNING: " + trainingFiles + " of 48 clips are byte for byte "
                + "files " + out.resolve("model.onnx") + " was trained on");

        // the trained model calibrates like a preset: two trumpet notes (each placed twice) mixed into the start of the
        // flute clips played one after another (twice: 32 s), false accepts counted in the ~8 s after them (a short
        // background, so the false-accept target is loose: 0 false accepts in 8 s only shows < ~1350/h)
        Path calPositives = Files.createDirectories(dir.resolve("cal-positives"));
        Path calBackground = Files.createDirectories(dir.resolve("cal-background"));
        try (var trumpets = Files.list(data.resolve("trumpet"))) {
            for (Path note : trumpets.sorted().limit(2).toList()) {
                Files.copy(note, calPositives.resolve(note.getFileName()));
            }
        }
        try (var flutes = Files.list(data.resolve("flute"))) {
            for (Path f : flutes.sorted().toList()) {
                Files.copy(f, calBackground.resolve("a-" + f.getFileName()));
                Files.copy(f, calBackground.resolve("b-" + f.getFileName()));
            }
        }
        Path cal = dir.resolve("calibration");
        Result calibrate = run("calibrate", "--model", out.resolve("model.onnx").toString(), "--label", "trumpet",
                "--positives", calPositives.toString(), "--background", calBackground.toString(),
                "--snr-db", "20", "--max-fa-per-hour", "5000", "--out", cal.toString());
        assertThat(calibrate.code).as(calibrate.out + calibrate.err).isZero();
        JsonNode chosen = new ObjectMapper().readTree(cal.resolve("calibration.json").toFile()).get("chosen");
        assertThat(chosen.get("frr").asDouble()).isLessThan(0.5);
        assertThat(cal.resolve("det.png")).isNotEmptyFile();
        assertThat(Files.readString(cal.resolve("det.svg"))).contains(">false accepts per hour<", ">patience 1<");
        Result calibrated = run("classify", "--model", out.resolve("model.onnx").toString(), "--calibration",
                cal.resolve("calibration.json").toString(), "--format", "jsonl", data.resolve("trumpet/trumpet-05.wav").toString());
        assertThat(calibrated.code).as(calibrated.err).isZero();
        assertThat(calibrated.out).contains("\"event\":\"trumpet\"");
        // calibrate scores at the model's own hop, as live does, and says so; a patience counts windows at that hop, so
        // a run at another hop is refused
        double modelHop = new ObjectMapper().readTree(out.resolve("report.json").toFile()).at("/chosen/hop_seconds").asDouble();
        double calibratedHop = new ObjectMapper().readTree(cal.resolve("calibration.json").toFile()).get("hop_seconds").asDouble();
        assertThat(calibratedHop).isCloseTo(modelHop, org.assertj.core.data.Offset.offset(1.0 / 16_000));
        Result otherHop = run("classify", "--model", out.resolve("model.onnx").toString(), "--calibration",
                cal.resolve("calibration.json").toString(), "--hop", Double.toString(modelHop / 2),
                data.resolve("trumpet/trumpet-05.wav").toString());
        assertThat(otherHop.code).as(otherHop.out + otherHop.err).isEqualTo(2);
        assertThat(otherHop.err).contains("was made at a hop of").contains("run with --hop");
    }

    /**
     * {@code --features workshop-image --workshop-settings CSV --backbone onnx:CNN#TENSOR}: an image CNN without
     * metadata; the trained model carries the image spec, so {@code classify} runs it with no other option. The settings
     * make one tile of the whole 44100-sample ring (1 + 44100 / 1024 = 44 columns at 16 kHz).
     */
    @Test
    void trainsOnWorkshopImagesWithAnImageCnn() throws Exception {
        Path settings = Files.writeString(dir.resolve("SpectrumVariables.csv"),
                "RESOLUTION,SAMPLE_RATE,N_FFT,N_MELS,HOP_LENGTH,FMIN,FMAX,POWER\n44,16000,1024,32,1024,0,8000,2\n");
        Path cnn = ImageCnn.write(dir.resolve("cnn.onnx"), 32, 44, 24);
        Path data = SyntheticSounds.instruments(16);
        Path out = dir.resolve("image-model");
        Result t = run("train", "--data", data.toString(), "--out", out.toString(), "--features", "workshop-image",
                "--workshop-settings", settings.toString(), "--backbone", "onnx:" + cnn + "#" + ImageCnn.EMBEDDING,
                "--seed", "7", "--cache", dir.resolve("cache").toString());
        assertThat(t.code).as(t.err).isZero();
        assertThat(t.out).contains("test accuracy");
        String features = new String(Files.readAllBytes(out.resolve("model.onnx")), StandardCharsets.ISO_8859_1);
        assertThat(features).contains("\"feature\":\"workshop_image\"").doesNotContain("onnx_embedding")
                .doesNotContain(cnn.toString());

        Result classify = run("classify", "--model", out.resolve("model.onnx").toString(), "--format", "jsonl",
                data.resolve("trumpet/trumpet-05.wav").toString());
        assertThat(classify.code).as(classify.err).isZero();
        JsonNode line = new ObjectMapper().readTree(classify.out.lines().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow());
        assertThat(line.get("scores").size()).isEqualTo(3);

        Result bad = run("train", "--data", data.toString(), "--out", out.toString(), "--features", "mel-image",
                "--backbone", "onnx:" + cnn);
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err).contains("--features must be workshop-image");
    }

    @Test
    void badArgumentsAndDatasetsFailWithOneLine() throws Exception {
        assertThat(run("train", "--out", dir.toString()).code).isEqualTo(2);
        Result balance = run("train", "--data", dir.toString(), "--out", dir.toString(), "--balance", "x");
        assertThat(balance.code).isEqualTo(2);
        assertThat(balance.err).contains("--balance must be weights, undersample or none");
        Result head = run("train", "--data", dir.toString(), "--out", dir.toString(), "--head", "svm");
        assertThat(head.code).isEqualTo(2);
        Result gate = run("train", "--data", dir.toString(), "--out", dir.toString(), "--gate-db", "loud");
        assertThat(gate.code).isEqualTo(2);
        assertThat(gate.err).contains("--gate-db must be auto, off or a number, got \"loud\"");
        Result group = run("train", "--data", dir.toString(), "--out", dir.toString(), "--group", "(unclosed");
        assertThat(group.code).isEqualTo(2);
        assertThat(group.err).contains("--group: not a regular expression");

        Files.createDirectories(dir.resolve("one/dog"));
        Files.copy(SyntheticSounds.instruments(16).resolve("piano/piano-00.wav"), dir.resolve("one/dog/a.wav"));
        Result single = run("train", "--data", dir.resolve("one").toString(), "--out", dir.resolve("o").toString());
        assertThat(single.code).isEqualTo(1);
        assertThat(single.err.strip()).doesNotContain("\n").startsWith("audioml train: dataset ")
                .contains("at least 2 classes");

        Result eval = run("eval", "--model", dir.resolve("missing.onnx").toString(), "--data", dir.toString());
        assertThat(eval.code).isEqualTo(1);
    }

    @Test
    void recordingTrainingClipsNeedsLabelAndDataAndADevice() {
        Result half = run("record", "--seconds", "1", "--label", "clap");
        assertThat(half.code).isEqualTo(2);
        assertThat(half.err).contains("--label and --data go together");
        assumeTrue(CaptureDevices.list().isEmpty(), "this machine has a capture device");
        Result r = run("record", "--seconds", "1", "--label", "clap", "--data", dir.toString(), "--count", "3");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).startsWith("audioml record: no audio capture device found");
        assertThat(dir.resolve("clap")).doesNotExist();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}
