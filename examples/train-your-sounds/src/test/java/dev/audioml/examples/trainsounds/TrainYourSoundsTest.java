package dev.audioml.examples.trainsounds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.train.testing.SyntheticSounds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app end to end on espeak-ng words vs sox noise vs sox tones synthesized here: it trains (logmel-stats, no
 * download), prints the held-out accuracy, and detects the tone in a file played in real time: like the training
 * clips (0.4 to 1 s, padded with silence to the 1 s window), 0.6 s of noise and 0.6 s of tone, each followed by
 * 0.4 s of silence.
 */
class TrainYourSoundsTest {
    private static final int PER_CLASS = 30;
    /** Held-out accuracy the words/noise/tones task must reach (the train module's tests reach 1.0). */
    private static final double MIN_ACCURACY = 0.9;
    /** The tone starts here in the file, in seconds; events are on a half-window grid. */
    private static final double TONE_START_S = 1.0;
    private static final double EDGE_TOLERANCE_S = 0.6;

    @TempDir
    Path dir;

    @Test
    void trainsPrintsAccuracyAndDetectsTheTone() throws Exception {
        Path data = SyntheticSounds.speechNoiseTones(PER_CLASS);
        Path file = dir.resolve("noise-then-tone.wav");
        Path noise = dir.resolve("noise.wav");
        Path tone = dir.resolve("tone.wav");
        sox(List.of("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", noise.toString(), "synth", "0.6",
                "whitenoise", "vol", "0.4", "pad", "0", "0.4"));
        sox(List.of("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", tone.toString(), "synth", "0.6", "sine", "880",
                "vol", "0.4", "pad", "0", "0.4"));
        sox(List.of("sox", noise.toString(), tone.toString(), file.toString()));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc = TrainYourSounds.run(new String[] {data.toString(), dir.resolve("out").toString(), file.toString(),
            "--backbone", "logmel-stats", "--realtime"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(out);

        assertThat(rc).as(out).isZero();
        Matcher acc = Pattern.compile("test accuracy ([0-9.]+), balanced accuracy ([0-9.]+) \\(logmel-stats")
                .matcher(out);
        assertThat(acc.find()).as(out).isTrue();
        assertThat(Double.parseDouble(acc.group(1))).isGreaterThanOrEqualTo(MIN_ACCURACY);
        assertThat(Double.parseDouble(acc.group(2))).isGreaterThanOrEqualTo(MIN_ACCURACY);
        Matcher event = Pattern.compile("event tone from ([0-9.]+) to ([0-9.]+) s").matcher(out);
        assertThat(event.find()).as(out).isTrue();
        assertThat(Double.parseDouble(event.group(1))).as(out).isBetween(TONE_START_S - EDGE_TOLERANCE_S,
                TONE_START_S + EDGE_TOLERANCE_S);
        assertThat(out.indexOf("event noise from 0.00")).as(out).isBetween(0, event.start());
        assertThat(Files.exists(dir.resolve("out").resolve("report.json"))).isTrue();
    }

    @Test
    void wrongArgumentCountPrintsUsage() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc = TrainYourSounds.run(new String[] {"only-one"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(rc).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("usage: TrainYourSounds DATA OUT FILE");
    }

    private static void sox(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
    }
}
