package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audioml demo} and {@code audioml models} through {@link Main#run}, with the real models. */
class DemoCommandTest {
    /** The bundled recording's "hey jarvis" phrases end at about 1.67 s and 6.5 s (tools/make-demo-recording.sh). */
    private static final double[] WAKE_PHRASE_END_S = {1.67, 6.5};
    /** A detection must fire within this long after its phrase ends, in seconds. */
    private static final double DETECTION_LATENCY_S = 1.0;
    /** Length of the file played in real time, in seconds. */
    private static final double REALTIME_FILE_S = 1.5;
    /** How much faster than the audio's length a paced run may finish, in seconds. */
    private static final double PACING_TOLERANCE_S = 0.1;
    private static final Pattern ROW = Pattern.compile("\\s*([0-9.]+) -\\s+([0-9.]+)\\s+(\\S+)\\s+([0-9.]+).*");

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void demoPrintsSpeechSegmentsAndBothWakeWordsOfTheBundledRecording() {
        Run r = run("demo");
        assertThat(r.code()).as(r.err()).isZero();
        List<double[]> wakes = new java.util.ArrayList<>();
        int speech = 0;
        for (String line : r.out().split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                if (m.group(3).equals("hey_jarvis")) {
                    wakes.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
                } else if (m.group(3).equals("speech")) {
                    speech++;
                }
            }
        }
        assertThat(speech).as(r.out()).isBetween(4, 6);
        assertThat(wakes).as(r.out()).hasSize(WAKE_PHRASE_END_S.length);
        for (int i = 0; i < wakes.size(); i++) {
            assertThat(wakes.get(i)[0]).as("detection %d start", i)
                    .isBetween(WAKE_PHRASE_END_S[i] - DETECTION_LATENCY_S, WAKE_PHRASE_END_S[i] + DETECTION_LATENCY_S);
        }
        assertThat(r.out()).contains("2 wake-word detections").contains("real time");
    }

    @Test
    void demoRejectsBadInputWithUsageErrors(@TempDir Path dir) throws Exception {
        Run missing = run("demo", dir.resolve("nope.wav").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.wav").contains("does not exist");
        Run threshold = run("demo", "--wake-threshold", "1.5");
        assertThat(threshold.code()).isEqualTo(2);
        assertThat(threshold.err()).contains("--wake-threshold must be in (0, 1), got 1.5");
        Path notWav = Files.writeString(dir.resolve("text.wav"), "not audio");
        Run bad = run("demo", notWav.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("text.wav");
    }

    @Test
    void modelsListsEveryPresetWithKindLicenseCacheStateAndSize() {
        Run r = run("models");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("silero-vad\\s+vad\\s+MIT\\s+(yes|no)\\s+2\\.3 MB")
                .containsPattern("hey_jarvis\\s+wake-word\\s+CC BY-NC-SA 4.0\\s+(yes|no)\\s+3\\.7 MB")
                .contains("alexa", "hey_mycroft", "hey_rhasspy", "weather", "timer", "AUDIOML_CACHE", "non-commercial");
        Run bad = run("models", "--fetch", "ok_google");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown preset \"ok_google\"");
    }

    @Test
    void realtimePlaysAGivenFileAtWallClockSpeed(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("noise.wav");
        Process sox = new ProcessBuilder("sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", wav.toString(), "synth",
                Double.toString(REALTIME_FILE_S), "pinknoise", "vol", "0.05").inheritIO().start();
        assertThat(sox.waitFor()).isZero();
        long start = System.nanoTime();
        Run r = run("demo", "--realtime", wav.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("0 speech segments, 0 wake-word detections").contains("paced");
        assertThat(seconds).isGreaterThanOrEqualTo(REALTIME_FILE_S - PACING_TOLERANCE_S);
    }
}
