package dev.audioml.examples.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README example on real speech: 44.1 kHz stereo FLAC, 1 s of silence, a sentence, 1 s of silence. */
class SpeechSegmentsTest {
    /** How far a segment edge may be from where the speech was placed (Silero pads 30 ms; espeak has lead-in). */
    private static final double EDGE_TOLERANCE_S = 0.3;

    @TempDir
    Path dir;

    @Test
    void findsTheOneSentenceWhereItWasPlaced() throws Exception {
        Path speech = dir.resolve("speech.wav");
        Path clip = dir.resolve("clip.flac");
        run("espeak-ng", "-v", "en-us", "-w", speech.toString(), "the quick brown fox jumps over the lazy dog");
        // trim espeak's own silence, then pad exactly 1 s each side, at 44.1 kHz stereo
        run("sox", speech.toString(), "-r", "44100", "-c", "2", clip.toString(),
                "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse", "pad", "1", "1");

        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            SpeechSegments.main(new String[] {clip.toString()});
        } finally {
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("speech (\\d+\\.\\d+)-(\\d+\\.\\d+) s").matcher(out);
        assertThat(m.find()).as("a segment line in: %s", out).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(EDGE_TOLERANCE_S));
        double end = Double.parseDouble(m.group(2));
        assertThat(end).isGreaterThan(2.0);
        assertThat(out.lines().filter(l -> l.startsWith("speech")).count()).as(out).isBetween(1L, 2L);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        byte[] log = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + new String(log, StandardCharsets.UTF_8));
        }
    }
}
