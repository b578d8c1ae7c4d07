package dev.audioml.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.audioml.capture.file.AudioFiles;
import dev.audioml.core.Classification;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.ModelResolver;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.onnx.testing.ToneModels;
import dev.audioml.spark.internal.ExecutorResources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tags a few hundred generated files of mixed formats (and broken ones) on {@code local[2]} and compares every window
 * with the single-machine pipeline of the README (model → extractor → window → classifier, one file at a time).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AudioTaggerTest {
    /** Scores and times: one window of Spark equals one window of the single-machine pipeline. */
    private static final double WINDOW_TOLERANCE = 1e-6;
    private static final int GOOD_FILES = 240;

    @TempDir
    static Path dir;
    static Path model;
    static List<Path> files;
    static SparkSession spark;
    static int openedBefore;
    static Map<String, List<float[]>> reference;

    @BeforeAll
    static void setUp() throws Exception {
        Path corpus = dir.resolve("corpus");
        java.nio.file.Files.createDirectories(corpus);
        files = TestCorpus.write(corpus, GOOD_FILES, 17);
        model = dir.resolve("tone.onnx");
        ToneModels.lowHigh().metadata("audioml.hop_seconds", "0.05").write(model);
        openedBefore = ExecutorResources.openedCount();
        spark = AudioMLSpark.configure(SparkSession.builder().master("local[2]").appName("AudioTaggerTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")).getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    @Order(1)
    @DisplayName("every window of every file equals the single-machine pipeline; a broken file is a status row")
    void tagsLikeTheSingleMachinePipeline() throws Exception {
        reference = singleMachine();
        AudioTagger tagger = AudioTagger.builder().model(model.toString()).build();
        Dataset<Row> input = AudioMLSpark.readAudio(spark, dir.resolve("corpus").toString()).repartition(8);
        try (TagResult result = tagger.tag(input)) {
            Map<String, List<Row>> windows = byFile(result.windows().orderBy("path", "start_s", "label").collectAsList());
            List<Row> status = result.status().collectAsList();

            // Spark's binaryFile source gives no row for a 0-byte file (no split to read): all but empty.wav
            assertThat(status).hasSize(files.size() - 1);
            assertThat(status).noneMatch(r -> r.getString(0).endsWith("/empty.wav"));
            for (Row s : status) {
                String name = Path.of(java.net.URI.create(s.getString(0))).getFileName().toString();
                if (TestCorpus.BROKEN.contains(name)) {
                    assertThat(s.isNullAt(1)).as(name).isTrue();
                    assertThat(s.getString(2)).as(name).isNotBlank().doesNotContain("\n");
                    assertThat(windows).doesNotContainKey(name);
                } else {
                    assertThat(s.isNullAt(2)).as(name + ": " + s.get(2)).isTrue();
                    assertThat(s.getDouble(1)).as(name).isBetween(0.3, 1.4);
                }
            }
            assertThat(windows.keySet()).hasSize(GOOD_FILES).isEqualTo(reference.keySet());
            int compared = 0;
            for (Map.Entry<String, List<float[]>> e : reference.entrySet()) {
                List<Row> rows = windows.get(e.getKey());
                List<float[]> expected = e.getValue();
                assertThat(rows).as(e.getKey()).hasSize(expected.size() * 2);
                for (int w = 0; w < expected.size(); w++) {
                    float[] x = expected.get(w); // start, end, high, low (labels sorted as the rows)
                    Row high = rows.get(2 * w);
                    Row low = rows.get(2 * w + 1);
                    assertThat(high.getString(3)).isEqualTo("high");
                    assertThat(high.getDouble(1)).isCloseTo(x[0], within(WINDOW_TOLERANCE));
                    assertThat(high.getDouble(2)).isCloseTo(x[1], within(WINDOW_TOLERANCE));
                    assertThat((double) high.getFloat(4)).isCloseTo(x[2], within(WINDOW_TOLERANCE));
                    assertThat((double) low.getFloat(4)).isCloseTo(x[3], within(WINDOW_TOLERANCE));
                    compared++;
                }
            }
            assertThat(compared).isGreaterThan(GOOD_FILES * 10);
            // every clip goes from a low tone to a high one: one "high" event at least per file
            assertThat(result.events().where("label = 'high'").select("path").distinct().count())
                    .isEqualTo(GOOD_FILES);
        }
    }

    @Test
    @Order(2)
    @DisplayName("one model per executor JVM, shared by its task threads, over many partitions and two jobs")
    void oneSessionPerExecutor() {
        AudioTagger tagger = AudioTagger.builder().model(model.toString()).build();
        Dataset<Row> input = AudioMLSpark.readAudio(spark, dir.resolve("corpus").toString()).repartition(16);
        try (TagResult result = tagger.tag(input)) {
            assertThat(result.status().count()).isEqualTo(files.size() - 1);
        }
        // local[2]: one executor (this JVM), two task threads, 8 + 16 tasks so far: one model opened, still open
        assertThat(ExecutorResources.openedCount() - openedBefore).isEqualTo(1);
        assertThat(ExecutorResources.openCount()).isEqualTo(1);
    }

    @Test
    @Order(3)
    @DisplayName("a preset travels as its files' bytes: one model per executor, windows equal to the preset opened here")
    void presetShippedAsBytes() throws Exception {
        ModelSpec spec = ModelSpec.of("silero-vad");
        assertThat(spec.isPreset()).isTrue();
        assertThat(spec.hasBytes()).isTrue();
        assertThat(spec.sizeBytes()).isGreaterThan(1_000_000); // silero_vad_v5.onnx, about 2.3 MB
        List<Path> some = files.stream().filter(f -> !TestCorpus.BROKEN.contains(f.getFileName().toString()))
                .limit(24).toList();
        Map<String, List<float[]>> expected = new HashMap<>();
        try (AudioModel vad = ModelResolver.openModel("silero-vad")) {
            for (Path f : some) {
                List<float[]> windows = new ArrayList<>();
                try (Pipeline p = vad.fileScoring().applyTo(Pipeline.builder().source(AudioFiles.open(f))
                        .features(vad.newExtractor()).window(vad.windowSamples(), vad.hopSamples())
                        .classifier(vad.newClassifier())
                        .sink(new CallbackSink((Classification c) -> windows.add(new float[] {(float) c.startSeconds(),
                                c.score(0)})))).build()) {
                    p.run();
                }
                expected.put(f.toUri().toString(), windows);
            }
        }
        int openedBeforePreset = ExecutorResources.openedCount();
        List<Row> paths = new ArrayList<>();
        some.forEach(f -> paths.add(org.apache.spark.sql.RowFactory.create(f.toUri().toString())));
        Dataset<Row> input = spark.createDataFrame(paths, new StructType().add("path", DataTypes.StringType))
                .repartition(6);
        try (TagResult result = AudioTagger.builder().model(spec).build().tag(input)) {
            Map<String, List<Row>> windows = result.windows().orderBy("path", "start_s").collectAsList().stream()
                    .collect(Collectors.groupingBy(r -> r.getString(0)));
            assertThat(windows.keySet()).isEqualTo(expected.keySet());
            int compared = 0;
            for (Map.Entry<String, List<float[]>> e : expected.entrySet()) {
                List<Row> got = windows.get(e.getKey());
                assertThat(got).as(e.getKey()).hasSize(e.getValue().size());
                for (int w = 0; w < got.size(); w++) {
                    assertThat(got.get(w).getDouble(1)).isCloseTo(e.getValue().get(w)[0], within(WINDOW_TOLERANCE));
                    assertThat((double) got.get(w).getFloat(4)).isCloseTo(e.getValue().get(w)[1],
                            within(WINDOW_TOLERANCE));
                    compared++;
                }
            }
            assertThat(compared).isGreaterThan(some.size() * 10);
        }
        // six tasks on two task threads: one preset model (its shared sessions) opened in this executor
        assertThat(ExecutorResources.openedCount() - openedBeforePreset).isEqualTo(1);
        assertThat(ExecutorResources.openCount()).isEqualTo(2);
    }

    @Test
    @Order(4)
    @DisplayName("a column of paths (no content) gives the same windows; a missing or empty file is a status row")
    void pathsColumn() {
        List<Row> paths = new ArrayList<>();
        for (Path f : files.subList(0, 30)) {
            paths.add(org.apache.spark.sql.RowFactory.create(f.toString()));
        }
        paths.add(org.apache.spark.sql.RowFactory.create(dir.resolve("missing.wav").toString()));
        paths.add(org.apache.spark.sql.RowFactory.create(dir.resolve("corpus/empty.wav").toString()));
        Dataset<Row> input = spark.createDataFrame(paths, new StructType().add("path", DataTypes.StringType));
        AudioTagger tagger = AudioTagger.builder().model(model.toString()).build();
        try (TagResult byPath = tagger.tag(input)) {
            Map<String, List<Row>> windows = byFile(byPath.windows()
                    .selectExpr("concat('file:', path) AS path", "start_s", "end_s", "label", "score")
                    .orderBy("path", "start_s", "label").collectAsList());
            assertThat(windows).hasSize(30);
            for (Map.Entry<String, List<Row>> e : windows.entrySet()) {
                List<float[]> expected = reference.get(e.getKey());
                assertThat(e.getValue()).as(e.getKey()).hasSize(2 * expected.size());
                for (int w = 0; w < expected.size(); w++) {
                    assertThat((double) e.getValue().get(2 * w).getFloat(4))
                            .isCloseTo(expected.get(w)[2], within(WINDOW_TOLERANCE));
                }
            }
            List<Row> failed = byPath.status().where("error IS NOT NULL").orderBy("path").collectAsList();
            assertThat(failed).hasSize(2);
            assertThat(failed.get(0).getString(0)).endsWith("empty.wav");
            assertThat(failed.get(1).getString(2)).contains("missing.wav");
        }
    }

    @Test
    @Order(5)
    @DisplayName("an input without a path column is refused with the columns it has")
    void badInput() {
        Dataset<Row> input = spark.range(3).toDF("file");
        AudioTagger tagger = AudioTagger.builder().model(model.toString()).build();
        assertThatThrownBy(() -> tagger.tag(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"path\"").hasMessageContaining("[file]");
        assertThatThrownBy(() -> AudioTagger.builder().model("no-such-preset").build())
                .hasMessageContaining("no-such-preset");
    }

    @Test
    @Order(6)
    @DisplayName("no session is left open once Spark stops (the plugin closes them on executor shutdown)")
    void noLeakedSessions() {
        assertThat(ExecutorResources.openCount()).isEqualTo(2);
        int closedBefore = ExecutorResources.closedCount();
        spark.stop();
        spark = null;
        assertThat(ExecutorResources.openCount()).isZero();
        assertThat(ExecutorResources.closedCount() - closedBefore).isEqualTo(2);
        assertThat(ExecutorResources.closedCount()).isEqualTo(ExecutorResources.openedCount());
    }

    /** @return per file name: windows as {start_s, end_s, high, low} from the README's single-machine pipeline */
    private static Map<String, List<float[]>> singleMachine() throws Exception {
        Map<String, List<float[]>> out = new HashMap<>();
        try (OnnxModel m = OnnxModel.open(model)) {
            for (Path f : files) {
                if (TestCorpus.BROKEN.contains(f.getFileName().toString())) {
                    assertThatThrownBy(() -> run(m, f, new ArrayList<>())).as(f.toString()).isNotNull();
                    continue;
                }
                List<float[]> windows = new ArrayList<>();
                run(m, f, windows);
                out.put(f.getFileName().toString(), windows);
            }
        }
        return out;
    }

    private static void run(OnnxModel m, Path f, List<float[]> windows) throws Exception {
        try (Pipeline p = Pipeline.builder()
                .source(AudioFiles.open(f))
                .features(m.newExtractor())
                .window(m.windowSamples(), m.hopSamples())
                .classifier(m.newClassifier())
                .sink(new CallbackSink((Classification c) -> windows.add(new float[] {(float) c.startSeconds(),
                        (float) c.endSeconds(), c.score("high"), c.score("low")})))
                .build()) {
            p.run();
        }
    }

    private static Map<String, List<Row>> byFile(List<Row> rows) {
        return rows.stream().collect(Collectors.groupingBy(
                r -> Path.of(java.net.URI.create(r.getString(0))).getFileName().toString(),
                java.util.LinkedHashMap::new, Collectors.toList()));
    }
}
