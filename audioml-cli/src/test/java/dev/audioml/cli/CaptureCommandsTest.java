package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.capture.file.WavWriter;
import dev.audioml.capture.mic.CaptureDevices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The info, devices and record commands through {@link Main#run}. */
class CaptureCommandsTest {
    @TempDir
    Path dir;
    Path stereo;
    Path aiff;

    @BeforeEach
    void makeFiles() throws Exception {
        stereo = dir.resolve("stereo.wav");
        try (WavWriter w = WavWriter.create(stereo, 22_050, 2, WavWriter.SampleFormat.PCM_16)) {
            w.write(new float[2 * 11_025], 0, 2 * 11_025);
        }
        aiff = dir.resolve("tone.aiff");
        Process sox = new ProcessBuilder("sox", "-n", "-r", "8000", "-c", "1", "-b", "24", aiff.toString(),
                "synth", "2", "sine", "440").redirectErrorStream(true).start();
        sox.getInputStream().readAllBytes();
        assertThat(sox.waitFor()).isZero();
    }

    @Test
    void infoDescribesEachFile() {
        Result r = run("info", stereo.toString(), aiff.toString());
        assertThat(r.code).isZero();
        assertThat(r.out.split("\n")).containsExactly(
                stereo + ": wav, pcm_s16le, 22050 Hz, 2 ch, 11025 frames, 0.500 s, decoded by audioml PCM",
                aiff + ": aiff, pcm_s24be, 8000 Hz, 1 ch, 16000 frames, 2.000 s, decoded by audioml PCM");
        assertThat(r.err).isEmpty();
    }

    @Test
    void infoJsonHasExactlyTheDocumentedKeys() throws Exception {
        Result r = run("info", "--json", stereo.toString(), aiff.toString());
        assertThat(r.code).isZero();
        String[] lines = r.out.split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("path", "format", "encoding", "sample_rate", "channels", "frames",
                "duration_s", "decoder");
        assertThat(first.get("path").asText()).isEqualTo(stereo.toString());
        assertThat(first.get("sample_rate").asInt()).isEqualTo(22_050);
        assertThat(first.get("frames").asLong()).isEqualTo(11_025);
        assertThat(first.get("duration_s").asDouble()).isEqualTo(0.5);
        assertThat(new ObjectMapper().readTree(lines[1]).get("format").asText()).isEqualTo("aiff");
    }

    @Test
    void aBadFileIsOneStderrLineAndTheOthersAreStillReported() throws Exception {
        Path bad = Files.write(dir.resolve("notes.wav"), "just text, not audio".getBytes());
        Result r = run("info", bad.toString(), stereo.toString(), dir.resolve("missing.wav").toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.out.trim()).startsWith(stereo.toString()).doesNotContain("\n");
        String[] errors = r.err.trim().split("\n");
        assertThat(errors).hasSize(3);
        assertThat(errors[0]).startsWith("audioml info: " + bad).contains("unrecognised audio format");
        assertThat(errors[1]).contains("missing.wav").contains("no such file");
        assertThat(errors[2]).isEqualTo("audioml info: 2 of 3 files failed");
    }

    @Test
    void devicesSaysClearlyWhenThereAreNone() {
        Result r = run("devices");
        assertThat(r.code).isZero();
        if (CaptureDevices.list().isEmpty()) {
            assertThat(r.out).startsWith("No audio capture devices found");
        } else {
            assertThat(r.out).startsWith("0: ");
        }
    }

    @Test
    void recordWithoutADeviceFailsClearly() {
        assumeTrue(CaptureDevices.list().isEmpty(), "this machine has a capture device");
        Path out = dir.resolve("rec.wav");
        Result r = run("record", "--seconds", "1", out.toString());
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).startsWith("audioml record: no audio capture device found");
        assertThat(out).doesNotExist();
    }

    @Test
    void liveWithoutADevicePointsToTheSourceFlag() {
        assumeTrue(CaptureDevices.list().isEmpty(), "this machine has a capture device");
        Result r = run("live", "--model", "silero-vad", "--seconds", "1");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).startsWith("audioml live: no audio capture device found").contains("--source FILE")
                .doesNotContain("RealtimeFileSource").doesNotContain("AudioFiles");
    }

    @Test
    void recordRejectsANonPositiveLength() {
        Result r = run("record", "--seconds", "0", dir.resolve("rec.wav").toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("--seconds must be in (0, 86400], got 0.0");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString().replace("\r", ""), err.toString().replace("\r", ""));
    }
}
