package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.capture.file.WavWriter;
import dev.audioml.core.post.EventRules;
import dev.audioml.core.testing.Signals;
import dev.audioml.onnx.testing.TestAudio;
import dev.audioml.onnx.testing.ToneModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audioml calibrate} on hey_jarvis (synthesized background) and on a model file (background from a file). */
class CalibrateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The false-accept target the tests calibrate to, per hour: 0.02 h of background can show at most 3 / 0.02 = 150
     * per hour (95 % upper bound with no false accept), so a test-sized run targets 200.
     */
    private static final double TARGET_FA_PER_HOUR = 200;
    private static final int RATE = 16_000;

    @TempDir
    Path dir;

    @Test
    void heyJarvisOnSynthesizedBackgroundWritesCurveTableAndAReusableSetting() throws IOException {
        Path positives = Files.createDirectories(dir.resolve("positives"));
        String[] voices = {"en-us", "en-gb-x-rp", "en+f3"};
        for (String v : voices) {
            TestAudio.run("espeak-ng", "-v", v, "-s", "160", "-w", positives.resolve("hey-jarvis-" + v + ".wav").toString(), "hey jarvis");
        }
        Path out = dir.resolve("cal");
        CliRun r = CliRun.of("calibrate", "--model", "hey_jarvis", "--positives", positives.toString(),
                "--synthesize-background", "0.02", "--max-fa-per-hour", Double.toString(TARGET_FA_PER_HOUR), "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("chosen: threshold").contains("recheck on 0.020 h of fresh background");
        JsonNode cal = JSON.readTree(out.resolve("calibration.json").toFile());
        assertThat(cal.get("table")).hasSize(4 * 19); // patience 1-4 x thresholds 0.05-0.95
        JsonNode chosen = cal.get("chosen");
        assertThat(chosen.get("fa_per_hour_upper95").asDouble()).isLessThanOrEqualTo(TARGET_FA_PER_HOUR);
        assertThat(chosen.get("recheck_fa_per_hour").asDouble()).as("fresh background").isLessThanOrEqualTo(TARGET_FA_PER_HOUR);
        assertThat(chosen.get("frr").asDouble()).isLessThan(0.5);
        BufferedImage det = ImageIO.read(out.resolve("det.png").toFile());
        assertThat(det.getWidth()).isEqualTo(680);
        assertThat(Files.readString(out.resolve("det.svg"))).contains(">false accepts per hour<", ">patience 4<",
                String.format(java.util.Locale.ROOT, "threshold %.2f, patience %d", chosen.get("threshold").asDouble(),
                        chosen.get("patience").asInt()));

        // classify loads the setting
        Path demo = dir.resolve("demo.wav");
        try (var in = CalibrateCommandTest.class.getResourceAsStream("/dev/audioml/cli/demo.wav")) {
            Files.copy(in, demo);
        }
        CliRun classify = CliRun.of("classify", "--model", "hey_jarvis", "--calibration", out.resolve("calibration.json").toString(),
                "--format", "jsonl", demo.toString());
        assertThat(classify.code()).as(classify.err()).isZero();
        assertThat(classify.out().lines().filter(l -> l.contains("\"event\"")).count()).isEqualTo(2);
        CliRun vad = CliRun.of("classify", "--model", "silero-vad", "--calibration", out.resolve("calibration.json").toString(), demo.toString());
        assertThat(vad.code()).isEqualTo(2);
        assertThat(vad.err()).contains("--calibration applies to models whose events are EventRules");
    }

    @Test
    void anyModelFileCalibratesOnABackgroundFile() throws IOException {
        Path model = dir.resolve("tone.onnx");
        ToneModels.lowHigh().write(model);
        Path positives = Files.createDirectories(dir.resolve("high"));
        for (int i = 0; i < 3; i++) {
            write(positives.resolve("high" + i + ".wav"), Signals.sine(2_500 + 250 * i, RATE, (int) (0.6 * RATE), 0.5));
        }
        // background: a low hum with pink-ish noise, 2 minutes
        float[] bg = Signals.sine(200, RATE, 120 * RATE, 0.3);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < bg.length; i++) {
            bg[i] += (float) (0.01 * random.nextGaussian());
        }
        Path background = dir.resolve("hum.wav");
        write(background, bg);
        Path out = dir.resolve("tone-cal");
        CliRun r = CliRun.of("calibrate", "--model", model.toString(), "--label", "high", "--positives", positives.toString(),
                "--background", background.toString(), "--snr-db", "20", "--patience", "1,2", "--max-fa-per-hour",
                Double.toString(TARGET_FA_PER_HOUR), "--out", out.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode chosen = JSON.readTree(out.resolve("calibration.json").toFile()).get("chosen");
        assertThat(chosen.get("frr").asDouble()).isZero();
        assertThat(chosen.get("fa_per_hour").asDouble()).isZero();
        assertThat(chosen.has("recheck_fa_per_hour")).as("no fresh background for a given one").isFalse();
        CliRun strict = CliRun.of("calibrate", "--model", model.toString(), "--label", "high", "--positives", positives.toString(),
                "--background", background.toString(), "--snr-db", "20", "--patience", "1", "--max-fa-per-hour", "0.5",
                "--out", dir.resolve("strict").toString());
        assertThat(strict.code()).as("2 minutes cannot show 0.5 per hour").isEqualTo(1);
        assertThat(strict.out()).contains("needs at least 6.0 h");
        assertThat(CalibrateCommand.poissonUpper95(0)).isCloseTo(2.996, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(CalibrateCommand.poissonUpper95(4)).isCloseTo(9.154, org.assertj.core.data.Offset.offset(1e-3));
        CliRun bad = CliRun.of("calibrate", "--model", model.toString(), "--label", "loud", "--positives", positives.toString(),
                "--background", background.toString(), "--out", out.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--label loud is not one of the model's labels [low, high]");
    }

    private static void write(Path wav, float[] samples) throws IOException {
        try (WavWriter w = WavWriter.create(wav, RATE, 1, WavWriter.SampleFormat.PCM_16)) {
            w.write(samples, 0, samples.length);
        }
    }

    /**
     * False accepts count only in the background after the positives: an unmatched event among the positives is
     * neither a false accept nor a reject (a long event there would otherwise be taken for a positive).
     */
    @Test
    void falseAcceptsCountOnlyAfterThePositives() {
        int hop = RATE / 10;
        double[][] scored = new double[200][];
        for (int w = 0; w < scored.length; w++) {
            boolean on = w == 10 || w == 11 || w == 30 || w == 150;
            scored[w] = new double[] {w * hop, (w + 1) * hop, on ? 0.9f : 0.1f};
        }
        List<CalibrationAudio.Positive> truth = List.of(new CalibrationAudio.Positive(10 * hop, 12 * hop, 10));
        long cleanFrom = 100L * hop;
        double hours = (200 - 100) * hop / (double) RATE / 3600;
        CalibrateCommand.Point p = CalibrateCommand.evaluate(EventRules.DEFAULT, 0.5f, 1, scored, truth, cleanFrom, RATE,
                hours, "x");
        assertThat(p.falseAccepts()).as("only window 150's event").isEqualTo(1);
        assertThat(p.rejected()).isZero();
        assertThat(p.faPerHour()).isCloseTo(1 / hours, org.assertj.core.data.Offset.offset(1e-9));
        CalibrateCommand.Point missed = CalibrateCommand.evaluate(EventRules.DEFAULT, 0.95f, 1, scored, truth, cleanFrom,
                RATE, hours, "x");
        assertThat(missed.rejected()).isEqualTo(1);
        assertThat(missed.falseAccepts()).isZero();
    }

    /** A setting that accepts no positive meets any false-accept target; it is never the answer. */
    @Test
    void aSettingThatNeverFiresIsNotChosen() {
        CalibrateCommand.Point silent = new CalibrateCommand.Point(0.95f, 2, 0, 0, 0.99, 48, 1.0);
        CalibrateCommand.Point noisy = new CalibrateCommand.Point(0.5f, 1, 300, 100, 112, 20, 0.42);
        CalibrateCommand.Point good = new CalibrateCommand.Point(0.9f, 1, 0, 0, 0.99, 30, 0.62);
        assertThat(CalibrateCommand.choose(List.of(silent, noisy), 1.0)).isNull();
        assertThat(CalibrateCommand.choose(List.of(silent, noisy, good), 1.0)).isEqualTo(good);
    }
}
