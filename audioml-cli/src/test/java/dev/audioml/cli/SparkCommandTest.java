package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.capture.file.WavWriter;
import dev.audioml.onnx.testing.ToneModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audioml spark tag} on {@code local[2]} against {@code audioml classify} on the same files: the Parquet it
 * writes holds every window and event classify prints (per window and label within 1e-6), and a broken file is a
 * status row and a count, not a failed job.
 */
class SparkCommandTest {
    /** Spark's Parquet against classify's JSON lines (which print seconds with 6 decimals). */
    private static final double WINDOW_TOLERANCE = 1e-6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path corpus;
    static Path model;
    static List<Path> files = new ArrayList<>();

    @BeforeAll
    static void corpus() throws Exception {
        corpus = Files.createDirectories(dir.resolve("corpus"));
        Random random = new Random(3);
        int[] rates = {16_000, 22_050, 44_100, 8_000};
        for (int i = 0; i < 24; i++) {
            int rate = rates[i % rates.length];
            int n = (int) ((0.4 + random.nextDouble()) * rate);
            float[] pcm = new float[n];
            double split = n * (0.3 + 0.4 * random.nextDouble());
            for (int t = 0; t < n; t++) {
                pcm[t] = (float) (0.4 * Math.sin(2 * Math.PI * (t < split ? 400 : 3_000) * t / rate)
                        + 0.01 * random.nextGaussian());
            }
            Path wav = corpus.resolve(String.format("clip-%02d.wav", i));
            try (WavWriter w = WavWriter.create(wav, rate, 1, WavWriter.SampleFormat.PCM_16)) {
                w.write(pcm, 0, n);
            }
            String other = i % 6 == 1 ? ".flac" : i % 6 == 3 ? ".ogg" : i % 6 == 5 ? ".mp3" : null;
            if (other != null) {
                Path converted = corpus.resolve(String.format("clip-%02d%s", i, other));
                Process p = new ProcessBuilder("sox", wav.toString(), converted.toString()).redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("sox " + converted).isTrue();
                Files.delete(wav);
                files.add(converted);
            } else {
                files.add(wav);
            }
        }
        Files.writeString(corpus.resolve("broken.wav"), "RIFF....WAVE");
        Files.write(corpus.resolve("noise.ogg"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        files.add(corpus.resolve("broken.wav"));
        files.add(corpus.resolve("noise.ogg"));
        model = dir.resolve("tone.onnx");
        ToneModels.lowHigh().metadata("audioml.hop_seconds", "0.05").write(model);
    }

    @Test
    @DisplayName("spark tag writes the windows and events classify prints; broken files are counted rows")
    void tagEqualsClassify() throws IOException {
        List<String> classifyArgs = new ArrayList<>(List.of("classify", "--model", model.toString(), "--events",
                "--format", "jsonl"));
        files.forEach(f -> classifyArgs.add(f.toString()));
        CliRun classify = CliRun.of(classifyArgs.toArray(String[]::new));
        assertThat(classify.code()).as(classify.err()).isEqualTo(1);

        Path out = dir.resolve("windows.parquet");
        Path events = dir.resolve("events.parquet");
        Path status = dir.resolve("status.parquet");
        CliRun spark = CliRun.of("spark", "tag", "--model", model.toString(), "--in", corpus.toString(), "--out",
                out.toString(), "--events-out", events.toString(), "--status-out", status.toString(),
                "--master", "local[2]", "--partitions", "4");
        assertThat(spark.code()).as(spark.err()).isEqualTo(1);
        assertThat(spark.err()).contains("2 of 26 files failed").contains("broken.wav: ").contains("noise.ogg: ")
                .doesNotContain("/tmp/audioml-");

        Map<String, Double> expectedWindows = new HashMap<>();
        Map<String, Double> expectedEvents = new HashMap<>();
        for (String line : classify.out().split("\n")) {
            JsonNode j = JSON.readTree(line);
            String file = Path.of(j.get("file").asText()).getFileName().toString();
            if (j.has("event")) {
                expectedEvents.put(key(file, j.get("event").asText(), j.get("start_s").asDouble(),
                        j.get("end_s").asDouble()), j.get("score").asDouble());
            } else {
                j.get("scores").fields().forEachRemaining(s -> expectedWindows.put(key(file, s.getKey(),
                        j.get("start_s").asDouble(), j.get("end_s").asDouble()), s.getValue().asDouble()));
            }
        }
        SparkSession session = SparkSession.builder().master("local[1]").appName("SparkCommandTest")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            List<Row> windows = session.read().parquet(out.toString()).collectAsList();
            assertThat(windows).hasSize(expectedWindows.size()).hasSizeGreaterThan(24 * 2 * 8);
            for (Row w : windows) {
                String k = key(name(w.getAs("path")), w.getAs("label"), w.getAs("start_s"), w.getAs("end_s"));
                assertThat(expectedWindows).as(k).containsKey(k);
                assertThat((double) (float) w.getAs("score")).as(k)
                        .isCloseTo(expectedWindows.get(k), within(WINDOW_TOLERANCE));
            }
            List<Row> ev = session.read().parquet(events.toString()).collectAsList();
            assertThat(ev).hasSize(expectedEvents.size()).hasSizeGreaterThanOrEqualTo(24);
            for (Row e : ev) {
                String k = key(name(e.getAs("path")), e.getAs("label"), e.getAs("start_s"), e.getAs("end_s"));
                assertThat(expectedEvents).as(k).containsKey(k);
                assertThat((double) (float) e.getAs("score")).isCloseTo(expectedEvents.get(k), within(WINDOW_TOLERANCE));
            }
            List<Row> st = session.read().parquet(status.toString()).where("error IS NOT NULL").collectAsList();
            assertThat(st).extracting(r -> name(r.getAs("path"))).containsExactlyInAnyOrder("broken.wav", "noise.ogg");
        } finally {
            session.stop();
        }

        CliRun again = CliRun.of("spark", "tag", "--model", model.toString(), "--in", corpus.toString(), "--out",
                out.toString(), "--master", "local[1]");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("windows.parquet exists (add --overwrite");
    }

    @Test
    @DisplayName("an unknown model or a missing subcommand is a usage error (exit 2) with one line")
    void usageErrors() {
        CliRun unknown = CliRun.of("spark", "tag", "--model", "no-such-model", "--in", dir.toString(), "--out",
                dir.resolve("x.parquet").toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).contains("no-such-model").doesNotContain("\n");
        CliRun none = CliRun.of("spark");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("tag, embed or train");
    }

    /** @return file, label and span rounded to the 6 decimals classify prints */
    private static String key(String file, String label, double startSeconds, double endSeconds) {
        return file + "|" + label + "|" + Math.round(startSeconds * 1e6) + "|" + Math.round(endSeconds * 1e6);
    }

    private static String name(String uri) {
        return Path.of(java.net.URI.create(uri)).getFileName().toString();
    }
}
