package dev.audioml.examples.reactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.audioml.onnx.testing.ToneModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app on a real ONNX model (low/high tone) and a WAV: 0.5 s of 300 Hz, 1 s of 3 kHz, 0.5 s of 300 Hz (not
 * silence: the model scores silence 0.5/0.5, which would hold the event open).
 */
class EventReactionsTest {
    private static final int RATE_HZ = ToneModels.SAMPLE_RATE_HZ;
    /** Event edges fall on the 0.05 s hop grid, smoothed over two windows. */
    private static final double EDGE_TOLERANCE_S = 0.15;

    @TempDir
    Path dir;

    @Test
    void reactsOnceToTheHighToneWhereItWas() throws Exception {
        Path model = dir.resolve("tone.onnx");
        ToneModels.lowHigh().write(model);
        Path clip = dir.resolve("clip.wav");
        List<String> sox = new ArrayList<>(List.of("sox"));
        double[][] parts = {{0.5, 300}, {1.0, 3000}, {0.5, 300}}; // seconds, Hz
        for (int i = 0; i < parts.length; i++) {
            Path part = dir.resolve("part" + i + ".wav");
            sox(List.of("sox", "-n", "-r", Integer.toString(RATE_HZ), "-c", "1", "-b", "16", part.toString(),
                    "synth", Double.toString(parts[i][0]), "sine", Double.toString(parts[i][1]), "vol", "0.5"));
            sox.add(part.toString());
        }
        sox.add(clip.toString());
        sox(sox); // concatenated
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            EventReactions.main(new String[] {model.toString(), clip.toString(), "high"});
        } finally {
            System.setOut(stdout);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        Matcher m = Pattern.compile("heard high from (\\d+\\.\\d+) to (\\d+\\.\\d+) s \\(peak 1\\.00\\)").matcher(lines.get(0));
        assertThat(m.matches()).as(lines.get(0)).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(0.5, within(EDGE_TOLERANCE_S));
        assertThat(Double.parseDouble(m.group(2))).isCloseTo(1.5, within(EDGE_TOLERANCE_S));
    }

    private static void sox(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + log).isZero();
    }
}
