package dev.audioml.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.audioml.capture.file.WavWriter;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.train.ModelEvaluator;
import dev.audioml.train.data.ClipAudio;
import dev.audioml.train.embed.Backbone;
import dev.audioml.train.embed.Backbones;
import dev.audioml.train.testing.SyntheticSounds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embeds a labelled corpus on {@code local[2]} with the default training backbone, compares the vectors with the
 * backbone run directly (as audioml-train embeds a clip), trains a head on the driver and tags the corpus with the
 * exported model.
 */
class CorpusTrainingTest {
    /** Spark's vectors and the backbone's own, per value. */
    private static final double VECTOR_TOLERANCE = 1e-6;
    /** The exported model's scores (float32, backbone in the graph) and MLlib's probabilities, per window and class. */
    private static final double MLLIB_EXPORT_TOLERANCE = 1e-5;
    /** Held-out clip accuracy MLlib's head may lose against the driver's (one clip in 24). */
    private static final double ACCURACY_MARGIN = 1.0 / 24 + 1e-9;
    private static final int PER_CLASS = 24;
    /** L-BFGS iterations: every MLlib iteration is a Spark job. */
    private static final int MAX_ITERATIONS = 60;
    private static final int[] RATES = {16_000, 22_050, 44_100};

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Dataset<Row> labelled;
    static List<Path> files = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String label = i % 2 == 0 ? "low" : "high";
            int rate = RATES[i % RATES.length];
            double f = (label.equals("low") ? 250 : 3_000) * (0.8 + 0.4 * random.nextDouble());
            int n = (int) ((0.6 + 0.6 * random.nextDouble()) * rate);
            float[] pcm = new float[n];
            for (int t = 0; t < n; t++) {
                pcm[t] = (float) (0.3 * Math.sin(2 * Math.PI * f * t / rate) + 0.02 * random.nextGaussian());
            }
            Path file = dir.resolve(label + "-" + i + ".wav");
            try (WavWriter w = WavWriter.create(file, rate, 1, WavWriter.SampleFormat.PCM_16)) {
                w.write(pcm, 0, n);
            }
            files.add(file);
            rows.add(org.apache.spark.sql.RowFactory.create(file.toString(), label));
        }
        Path broken = dir.resolve("broken-low.wav");
        Files.writeString(broken, "RIFF but no more");
        rows.add(org.apache.spark.sql.RowFactory.create(broken.toString(), "low"));
        spark = AudioMLSpark.configure(SparkSession.builder().master("local[2]").appName("CorpusTrainingTest")
                .config("spark.ui.enabled", "false")).getOrCreate();
        labelled = spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
                .add("path", "string").add("label", "string")).repartition(4);
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    @Test
    @DisplayName("Spark's embeddings equal the backbone's own on each window (as audioml-train embeds a clip)")
    void embeddingsEqualTheBackbone() throws Exception {
        AudioEmbedder embedder = AudioEmbedder.builder().windowSeconds(0.5).build();
        Map<String, List<Row>> byPath;
        try (TagResult r = embedder.embed(labelled)) {
            byPath = r.embeddings().orderBy("path", "start_s").collectAsList().stream()
                    .collect(Collectors.groupingBy(x -> x.getString(0)));
            assertThat(r.status().where("error IS NOT NULL").collectAsList()).singleElement()
                    .satisfies(s -> assertThat(s.getString(0)).endsWith("broken-low.wav"));
        }
        try (Backbone b = Backbones.open("logmel-stats", 0.5, ModelCache.defaultCache(s -> { }))) {
            int hop = (int) Math.round(0.25 * b.sampleRateHz());
            int[] columns = b.columns(b.poolings().get(0));
            for (Path f : files) {
                List<float[]> windows = ClipAudio.windows(ClipAudio.read(f, b.sampleRateHz()), b.windowSamples(), hop);
                List<Row> rows = byPath.get(f.toString());
                assertThat(rows).as(f.toString()).hasSize(windows.size());
                for (int w = 0; w < windows.size(); w++) {
                    float[] full = b.embed(windows.get(w));
                    List<Float> got = rows.get(w).getList(2);
                    assertThat(rows.get(w).getDouble(1)).isCloseTo(w * 0.25, within(1e-9));
                    assertThat(got).hasSize(columns.length);
                    for (int c = 0; c < columns.length; c++) {
                        assertThat((double) got.get(c)).isCloseTo(full[columns[c]], within(VECTOR_TOLERANCE));
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("MLlib's logistic head classifies held-out instruments as well as the driver's; its export equals MLlib")
    void mllibTrainsLikeTheDriver() throws Exception {
        // fluidsynth notes of piano, flute and trumpet: 16 clips per class to train on, 8 held out
        Path instruments = SyntheticSounds.instruments(PER_CLASS);
        List<Row> train = new ArrayList<>();
        List<Path> heldOut = new ArrayList<>();
        for (String label : List.of("flute", "piano", "trumpet")) {
            for (int i = 0; i < PER_CLASS; i++) {
                Path f = instruments.resolve(label).resolve(String.format("%s-%02d.wav", label, i));
                if (i % 3 == 2) {
                    heldOut.add(f);
                } else {
                    train.add(org.apache.spark.sql.RowFactory.create(f.toString(), label));
                }
            }
        }
        Dataset<Row> trainSet = spark.createDataFrame(train, new org.apache.spark.sql.types.StructType()
                .add("path", "string").add("label", "string")).repartition(2);
        AudioEmbedder embedder = AudioEmbedder.builder().windowSeconds(0.5).build();
        Path driverModel = dir.resolve("driver.onnx");
        Path mllibModel = dir.resolve("mllib.onnx");
        CorpusTrainer.Result onDriver = CorpusTrainer.builder().embedder(embedder).mllib(false)
                .maxIterations(MAX_ITERATIONS).build().train(trainSet, driverModel);
        // no flag: the threshold picks MLlib for a corpus above it
        CorpusTrainer.Result byMllib = CorpusTrainer.builder().embedder(embedder).mllibAboveWindows(10)
                .maxIterations(MAX_ITERATIONS).build().train(trainSet, mllibModel);
        assertThat(onDriver.isMllib()).isFalse();
        assertThat(byMllib.isMllib()).isTrue();
        assertThat(byMllib.labels()).isEqualTo(onDriver.labels()).containsExactly("flute", "piano", "trumpet");
        assertThat(byMllib.windows()).isEqualTo(onDriver.windows()).isGreaterThan(100);

        double driverAccuracy = heldOutAccuracy(driverModel, heldOut);
        double mllibAccuracy = heldOutAccuracy(mllibModel, heldOut);
        assertThat(driverAccuracy).isGreaterThan(0.8);
        assertThat(mllibAccuracy).isGreaterThanOrEqualTo(driverAccuracy - ACCURACY_MARGIN);

        // MLlib's own probabilities on the held-out windows' embeddings vs the exported model on the same audio
        List<Row> held = new ArrayList<>();
        heldOut.forEach(f -> held.add(org.apache.spark.sql.RowFactory.create(f.toString())));
        Dataset<Row> heldSet = spark.createDataFrame(held, new org.apache.spark.sql.types.StructType()
                .add("path", "string"));
        List<Row> predicted;
        try (TagResult r = embedder.embed(heldSet)) {
            predicted = byMllib.mllibModel().transform(r.embeddings().select(functions.col("path"),
                    functions.col("start_s"), org.apache.spark.ml.functions.array_to_vector(functions.col("vector"))
                            .as("features"))).select("path", "start_s", "probability").collectAsList();
        }
        int hop = (int) Math.round(embedder.hopSeconds() * 16_000);
        int checked = 0;
        try (ModelEvaluator exported = new ModelEvaluator(mllibModel, 0)) {
            float[] scores = new float[3];
            Map<String, List<float[]>> windows = new java.util.HashMap<>();
            for (Row p : predicted) {
                List<float[]> w = windows.computeIfAbsent(p.getString(0), f -> {
                    try {
                        return ClipAudio.windows(ClipAudio.read(Path.of(f), 16_000), 8_000, hop);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                exported.scoreWindow(w.get((int) Math.round(p.getDouble(1) * 16_000 / hop)), scores);
                org.apache.spark.ml.linalg.Vector expected = (org.apache.spark.ml.linalg.Vector) p.get(2);
                for (int k = 0; k < 3; k++) {
                    assertThat((double) scores[k]).isCloseTo(expected.apply(k), within(MLLIB_EXPORT_TOLERANCE));
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(heldOut.size() * 3);
    }

    /** @return the share of clips whose mean window score ranks their folder's label first */
    private static double heldOutAccuracy(Path model, List<Path> clips) throws Exception {
        int right = 0;
        try (ModelEvaluator eval = new ModelEvaluator(model, 0)) {
            for (Path clip : clips) {
                double[] mean = eval.scoreClip(clip);
                int best = 0;
                for (int k = 1; k < mean.length; k++) {
                    best = mean[k] > mean[best] ? k : best;
                }
                right += eval.labels().get(best).equals(clip.getParent().getFileName().toString()) ? 1 : 0;
            }
        }
        return (double) right / clips.size();
    }

    @Test
    @DisplayName("a head trained on the driver exports a self-contained model that tags the corpus right")
    void trainsAModelThatTags() {
        Path model = dir.resolve("trained.onnx");
        CorpusTrainer.Result result = CorpusTrainer.builder()
                .embedder(AudioEmbedder.builder().windowSeconds(0.5).build()).build().train(labelled, model);
        assertThat(result.labels()).containsExactly("high", "low");
        assertThat(result.files()).isEqualTo(41);
        assertThat(result.failedFiles()).isEqualTo(1);
        assertThat(result.trainingAccuracy()).isGreaterThan(0.95);
        try (OnnxModel m = OnnxModel.open(model)) {
            assertThat(m.labels()).containsExactly("high", "low");
            assertThat(m.windowSamples()).isEqualTo(8_000);
        }
        try (TagResult tags = AudioTagger.builder().model(model.toString()).build().tag(labelled)) {
            List<Row> meanHigh = tags.windows().where("label = 'high'").groupBy("path")
                    .agg(functions.avg("score").as("high")).collectAsList();
            assertThat(meanHigh).hasSize(files.size());
            long right = meanHigh.stream().filter(r -> r.getString(0).contains("/high-") == r.getDouble(1) > 0.5)
                    .count();
            assertThat(right).isEqualTo(files.size());
        }
    }
}
