package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.train.testing.SyntheticSounds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when" with the default artifacts: {@code info}, {@code features}, {@code classify} and
 * {@code train} on M4A, Opus and MP4/WebM/MOV files (made here with Debian's ffmpeg from the synthesized instrument
 * notes), read by the pure-Java decoders.
 */
class PhoneAndVideoFormatsTest {
    /** Container, ffmpeg arguments; the video ones put a small test picture in front of the audio. */
    private static final String[][] FORMATS = {
        {"m4a", "-c:a aac"},
        {"opus", "-c:a libopus"},
        {"mp4", "-f lavfi -i testsrc=size=32x24:rate=5 -shortest -c:v mpeg4 -c:a aac"},
        {"webm", "-f lavfi -i testsrc=size=32x24:rate=5 -shortest -c:v libvpx -c:a libopus"},
        {"mov", "-f lavfi -i testsrc=size=32x24:rate=5 -shortest -c:v mpeg4 -c:a aac"},
    };

    @TempDir
    Path dir;

    @Test
    void trainClassifyFeaturesAndInfoOnPhoneAndVideoFiles() throws Exception {
        Path wavs = SyntheticSounds.instruments(5);
        Path data = dir.resolve("data");
        List<Path> made = new ArrayList<>();
        int i = 0;
        try (Stream<Path> files = Files.walk(wavs)) {
            for (Path wav : files.filter(p -> p.toString().endsWith(".wav")).sorted().toList()) {
                String[] format = FORMATS[i++ % FORMATS.length];
                Path out = data.resolve(wavs.relativize(wav).toString().replace(".wav", "." + format[0]));
                Files.createDirectories(out.getParent());
                encode(wav, format[1], out);
                made.add(out);
            }
        }

        CliRun info = CliRun.of(Stream.concat(Stream.of("info", "--json"), made.stream().limit(FORMATS.length)
                .map(Path::toString)).toArray(String[]::new));
        assertThat(info.code()).as(info.err()).isZero();
        List<String> decoders = new ArrayList<>();
        for (String line : info.out().strip().split("\n")) {
            JsonNode node = new ObjectMapper().readTree(line);
            assertThat(node.get("duration_s").asDouble()).isGreaterThan(0.5);
            decoders.add(node.get("format").asText() + "/" + node.get("encoding").asText() + ": "
                    + node.get("decoder").asText());
        }
        assertThat(decoders).containsExactly("mp4/aac: JAAD (javasound-aac)", "ogg/opus: Concentus",
                "mp4/aac: JAAD (javasound-aac)", "matroska/opus: Concentus", "mp4/aac: JAAD (javasound-aac)");

        Path model = dir.resolve("model");
        CliRun train = CliRun.of("train", "--data", data.toString(), "--out", model.toString(), "--backbone",
                "logmel-stats", "--seed", "7", "--cache", dir.resolve("cache").toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("flute", "piano", "trumpet").contains("test accuracy");

        Path webm = made.stream().filter(p -> p.toString().endsWith(".webm")).findFirst().orElseThrow();
        CliRun classify = CliRun.of("classify", "--model", model.resolve("model.onnx").toString(), "--format",
                "jsonl", "--track", "0", webm.toString());
        assertThat(classify.code()).as(classify.err()).isZero();
        assertThat(classify.out().lines().filter(l -> l.startsWith("{")).count()).isPositive();

        Path mov = made.stream().filter(p -> p.toString().endsWith(".mov")).findFirst().orElseThrow();
        Path npy = dir.resolve("mov.npy");
        CliRun features = CliRun.of("features", "--spec", "{\"feature\": \"mfcc\", \"sr\": 16000}", "--out",
                npy.toString(), mov.toString());
        assertThat(features.code()).as(features.err()).isZero();
        assertThat(npy).isNotEmptyFile();

        CliRun noTrack = CliRun.of("info", "--track", "1", mov.toString());
        assertThat(noTrack.code()).isEqualTo(1);
        assertThat(noTrack.err().strip()).isEqualTo("audioml info: " + mov + ": audio track 1 requested but the file "
                + "has 1 audio track(s) (0 to 0)\naudioml info: 1 of 1 files failed");
    }

    private static void encode(Path wav, String args, Path out) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        List<String> rest = new ArrayList<>(List.of(args.split(" ")));
        int shortest = rest.indexOf("-shortest");
        if (shortest >= 0) {
            command.addAll(rest.subList(0, shortest));
            command.addAll(List.of("-i", wav.toString()));
            command.addAll(rest.subList(shortest, rest.size()));
        } else {
            command.addAll(List.of("-i", wav.toString()));
            command.addAll(rest);
        }
        command.add(out.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
