package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.onnx.testing.ToneModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code audioml} process (a child JVM, so that anything a decoder prints to {@code System.out} or a logger
 * writes is seen) on a mix of good and corrupt files: standard output parses as JSON lines or CSV, every bad file gets
 * one line on stderr naming it, the others still run, and the exit code and summary count say what failed.
 */
class CorruptInputCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    static Path dir;
    static Path model;
    static Path good;
    static Path crcFlac;
    static Path truncatedFlac;
    static Path garbage;
    static Path auChannels;

    @BeforeAll
    static void makeFiles() throws Exception {
        model = dir.resolve("tone.onnx");
        ToneModels.lowHigh().write(model);
        good = dir.resolve("good.wav");
        tool("sox", "-V1", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", good.toString(), "synth", "1", "sine",
                "300", "pinknoise", "gain", "-6");
        Path flac = dir.resolve("clean.flac");
        tool("flac", "-s", "-f", "-b", "1152", "-o", flac.toString(), good.toString());
        byte[] bytes = Files.readAllBytes(flac);
        byte[] damaged = bytes.clone();
        damaged[bytes.length / 2] ^= 0x10;
        crcFlac = Files.write(dir.resolve("crc.flac"), damaged);
        truncatedFlac = Files.write(dir.resolve("truncated.flac"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        byte[] noise = new byte[4096];
        new SplittableRandom(14).nextBytes(noise);
        garbage = Files.write(dir.resolve("garbage.wav"), noise);
        ByteBuffer au = ByteBuffer.allocate(24 + 64);
        au.put(".snd".getBytes(StandardCharsets.US_ASCII)).putInt(24).putInt(64).putInt(3).putInt(8000)
                .putInt(Integer.MIN_VALUE);
        auChannels = Files.write(dir.resolve("channels.au"), au.array());
    }

    @Test
    void infoJsonSkipsBadFilesWithOneLineEachAndCountsThem() throws Exception {
        Run r = audioml("info", "--json", good.toString(), garbage.toString(), crcFlac.toString(),
                auChannels.toString(), truncatedFlac.toString());
        assertThat(r.code).as(r.err).isEqualTo(1);
        List<String> paths = new ArrayList<>();
        for (String line : r.outLines()) {
            paths.add(JSON.readTree(line).get("path").asText());
        }
        assertThat(paths).containsExactly(good.toString(), crcFlac.toString(), truncatedFlac.toString());
        assertThat(r.errLines()).containsExactly(
                "audioml info: " + garbage + ": unrecognised audio format (first bytes: "
                        + hex(Files.readAllBytes(garbage)) + "); expected WAV, AIFF, AU, FLAC, Ogg Vorbis/Opus, MP3, AAC (MP4/M4A/MOV, ADTS) or Matroska/WebM",
                "audioml info: " + auChannels + ": header declares 2147483648 channels; expected 1 to 65535",
                "audioml info: 2 of 5 files failed");
    }

    @Test
    void classifyJsonlKeepsStdoutParseableAndWarningsOnOneLine() throws Exception {
        Run r = audioml("classify", "--model", model.toString(), "--format", "jsonl", garbage.toString(),
                crcFlac.toString(), good.toString(), truncatedFlac.toString());
        assertThat(r.code).as(r.err).isEqualTo(1);
        List<String> files = new ArrayList<>();
        for (String line : r.outLines()) {
            String file = JSON.readTree(line).get("file").asText();
            if (!files.contains(file)) {
                files.add(file);
            }
        }
        assertThat(files).containsExactly(crcFlac.toString(), good.toString(), truncatedFlac.toString());
        assertThat(r.errLines()).contains("audioml classify: 1 of 4 files failed")
                .anySatisfy(l -> assertThat(l).startsWith("audioml classify: " + garbage + ": unrecognised"))
                .anySatisfy(l -> assertThat(l).startsWith("audioml: WARNING: " + crcFlac + ": corrupt FLAC frame at "
                        + "byte ").contains("CRC").endsWith("; skipped"))
                .anySatisfy(l -> assertThat(l).startsWith("audioml: WARNING: " + truncatedFlac + ": truncated data"))
                .allSatisfy(l -> assertThat(l).startsWith("audioml"));
    }

    @Test
    void classifyCsvParsesAndFailFastStopsAtTheFirstBadFile() throws Exception {
        Run r = audioml("classify", "--model", model.toString(), "--format", "csv", crcFlac.toString(),
                good.toString());
        assertThat(r.code).as(r.err).isZero();
        List<String> lines = r.outLines();
        int columns = lines.get(0).split(",", -1).length;
        assertThat(lines).hasSizeGreaterThan(2).allSatisfy(l -> assertThat(l.split(",", -1)).hasSize(columns));
        Run fast = audioml("classify", "--fail-fast", "--model", model.toString(), "--format", "jsonl",
                garbage.toString(), good.toString());
        assertThat(fast.code).isEqualTo(1);
        assertThat(fast.out).isEmpty();
        assertThat(fast.errLines()).singleElement().asString().startsWith("audioml classify: " + garbage + ": ");
    }

    @Test
    void featuresCsvOnStdoutIsOnlyTheMatrix() throws Exception {
        Run r = audioml("features", "--spec", "{\"feature\": \"melspectrogram\", \"sr\": 16000, \"n_mels\": 8}",
                "--format", "csv", "--out", "-", crcFlac.toString());
        assertThat(r.code).as(r.err).isZero();
        List<String> rows = r.outLines();
        assertThat(rows).hasSizeGreaterThan(10).allSatisfy(row -> {
            String[] cells = row.split(",");
            assertThat(cells).hasSize(8);
            for (String c : cells) {
                assertThat(Float.parseFloat(c)).isNotNaN();
            }
        });
        assertThat(r.errLines()).hasSize(2).anySatisfy(l -> assertThat(l).startsWith("audioml: WARNING: " + crcFlac))
                .anySatisfy(l -> assertThat(l).endsWith(" frames x 8 bins -> standard output"));
    }

    @Test
    void featuresOverManyFilesWritesTheGoodOnesAndCountsTheBad() throws Exception {
        Path out = dir.resolve("features-out");
        Run r = audioml("features", "--spec", "{\"feature\": \"rms\"}", "--out", out.toString(), good.toString(),
                auChannels.toString(), crcFlac.toString());
        assertThat(r.code).as(r.err).isEqualTo(1);
        assertThat(out.resolve("good.npy")).exists();
        assertThat(out.resolve("crc.npy")).exists();
        assertThat(out.resolve("channels.npy")).doesNotExist();
        assertThat(r.errLines()).contains("audioml features: " + auChannels
                + ": header declares 2147483648 channels; expected 1 to 65535", "audioml features: 1 of 3 files failed");
    }

    private record Run(int code, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    /** Runs {@code audioml} in a child JVM with this test's class path and a small heap. */
    private static Run audioml(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("audioml %s finished", args[0]).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void tool(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(i > 0 ? " " : "").append(String.format("%02x", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
