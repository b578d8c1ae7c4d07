package dev.audioml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.capture.file.AudioFiles;
import dev.audioml.core.Classification;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.train.data.Augmentation;
import dev.audioml.train.data.ClipAudio;
import dev.audioml.train.embed.Backbone;
import dev.audioml.train.embed.LogMelStatsBackbone;
import dev.audioml.train.testing.SyntheticSounds;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    /** Held-out accuracy the issue asks for. */
    static final double MIN_ACCURACY = 0.9;
    /** Exported model scores vs the Java head's. */
    static final double EXPORT_TOLERANCE = 1e-5;
    static final int PER_CLASS = 16;

    static Path instruments;

    @TempDir
    Path tmp;

    @BeforeAll
    static void synthesize() throws Exception {
        instruments = SyntheticSounds.instruments(PER_CLASS);
    }

    /** One fixed window, hop and no gate: the auto search is {@link #defaultsChooseWindowGateAndC}'s subject. */
    private Trainer.Builder base(Path cache, Path out) {
        return Trainer.builder().data(instruments).out(out).cacheDir(cache).seed(7).testFraction(0.3)
                .windowSeconds(1.0).hopSeconds(1.0).gateDb(0.0).progress(System.out::println);
    }

    @Test
    void defaultsChooseWindowGateAndCAndExportOneSelfContainedModel() throws Exception {
        Path cache = tmp.resolve("cache");
        TrainingResult r = Trainer.builder().data(instruments).out(tmp.resolve("out")).cacheDir(cache).seed(7)
                .testFraction(0.3).progress(System.out::println).build().run();

        assertThat(r.testMetrics().accuracy()).isGreaterThan(MIN_ACCURACY);
        assertThat(r.classes()).containsExactly("flute", "piano", "trumpet");
        assertThat(r.cacheMisses() % (3 * PER_CLASS)).isZero(); // every clip once per window length compared
        // 2 gates x 3 poolings per window length, each with its best C from the grid
        assertThat(r.comparison()).hasSize(6 * r.cacheMisses() / (3 * PER_CLASS));
        assertThat(r.comparison()).extracting(TrainingResult.Candidate::gateDb).contains(null, Trainer.AUTO_GATE_DB);
        assertThat(r.comparison()).allSatisfy(c -> assertThat(Trainer.C_GRID).contains(c.c()));
        assertThat(r.comparison()).contains(r.chosen());
        assertThat(r.chosen().hopSeconds()).isEqualTo(r.chosen().windowSeconds() / 2);
        assertThat(r.counts().get("test").values()).allSatisfy(n -> assertThat(n).isBetween(5, 6));
        JsonNode report = new ObjectMapper().readTree(tmp.resolve("out/report.json").toFile());
        for (String key : List.of("accuracy", "balanced_accuracy", "per_class", "confusion_matrix", "classes",
                "chosen", "comparison", "cross_validation", "feature_spec", "seed", "counts", "training_seconds")) {
            assertThat(report.has(key)).as(key).isTrue();
        }
        assertThat(report.get("cross_validation").get("repeats").asInt()).isEqualTo(2);
        // the model's input is raw audio: ONNX Runtime alone runs it, nothing of audioml-train or -features is needed
        assertThat(report.get("feature_spec").get("feature").asText()).isEqualTo("raw");
        try (OnnxModel model = OnnxModel.open(r.out().resolve("model.onnx"))) {
            assertThat(model.metadata().windowSeconds()).contains(r.chosen().windowSeconds());
            assertThat(model.metadata().hopSeconds()).contains(r.chosen().hopSeconds());
            assertThat(model.metadata().gateDb()).isEqualTo(java.util.Optional.ofNullable(r.chosen().gateDb()));
            assertThat(model.hopSamples()).isEqualTo((int) Math.round(r.chosen().hopSeconds() * 16_000));
        }
        assertThat(new String(Files.readAllBytes(r.out().resolve("model.onnx")),
                java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(tmp.toString()).doesNotContain("/home/")
                .doesNotContain(instruments.toString());
        assertPng(tmp.resolve("out/confusion.png"));
        assertPng(tmp.resolve("out/loss.png"));
        Backbone chosen = LogMelStatsBackbone.defaults((int) Math.round(r.chosen().windowSeconds() * 16_000));
        assertExportEqualsHead(r, chosen, instruments);
        // clips of 0.4-1 s, zero-padded to the window: the graph leaves the silent frames out as embed() does
        assertExportEqualsHead(r, chosen, SyntheticSounds.speechNoiseTones(AutoBackboneTest.PER_CLASS));
        assertPipelineRunsTheModelAlone(r, chosen, instruments);
        // eval scores the test clips as training did (the model's hop and gate): the same metrics
        try (ModelEvaluator eval = new ModelEvaluator(r.out().resolve("model.onnx"), 0)) {
            List<dev.audioml.train.data.Clip> testClips = new ArrayList<>();
            for (String label : r.classes()) {
                // the report does not list the test clips; evaluating every clip must at least be as good
                try (Stream<Path> files = Files.list(instruments.resolve(label))) {
                    files.sorted().forEach(f -> testClips.add(new dev.audioml.train.data.Clip(f, label, null)));
                }
            }
            ModelEvaluator.Evaluation e = eval.evaluate(new dev.audioml.train.data.Dataset(r.classes(), testClips,
                    "all"));
            assertThat(e.metrics().accuracy()).isGreaterThan(MIN_ACCURACY);
        }

        // second run, same seed and cache: nothing re-embedded, bit-identical head and metrics
        TrainingResult again = Trainer.builder().data(instruments).out(tmp.resolve("out2")).cacheDir(cache).seed(7)
                .testFraction(0.3).build().run();
        assertThat(again.cacheHits()).isEqualTo(r.cacheMisses());
        assertThat(again.cacheMisses()).isZero();
        assertThat(again.trainedHead().outputWeights()).isEqualTo(r.trainedHead().outputWeights());
        assertThat(again.testMetrics().confusion()).isEqualTo(r.testMetrics().confusion());
        assertThat(again.history()).isEqualTo(r.history());
    }

    /**
     * The model a student mails to a friend: loaded in a class loader that holds only what a Java app depending on
     * {@code audioml-onnx} and {@code audioml-capture} has (this module, {@code audioml-features} and every test class
     * left out), it scores a window exactly as the trained head does.
     */
    @Test
    void theModelRunsWithAudiomlOnnxAndCaptureAlone() throws Exception {
        TrainingResult r = base(tmp.resolve("cache"), tmp.resolve("out")).backbone("logmel-stats").build().run();
        List<java.net.URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.contains("audioml-train") && !entry.contains("audioml-features")
                    && !entry.contains("test-classes")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        Path file = instruments.resolve("trumpet/trumpet-03.wav");
        float[] window = Arrays.copyOf(ClipAudio.read(file, 16_000), 16_000);
        double[] expected = r.trainedHead().probabilities(ClipScoring.select(
                LogMelStatsBackbone.defaults(16_000).embed(window), LogMelStatsBackbone.defaults(16_000)
                        .columns(r.pooling())));
        try (java.net.URLClassLoader app = new java.net.URLClassLoader(urls.toArray(java.net.URL[]::new),
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> app.loadClass("dev.audioml.features.FeaturePipeline"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> app.loadClass("dev.audioml.train.Trainer"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> onnxModel = app.loadClass("dev.audioml.onnx.OnnxModel");
            Class<?> block = app.loadClass("dev.audioml.core.AudioBlock");
            Class<?> frameClass = app.loadClass("dev.audioml.core.FeatureFrame");
            Object model = onnxModel.getMethod("open", Path.class).invoke(null, r.out().resolve("model.onnx"));
            try {
                Object extractor = onnxModel.getMethod("newExtractor").invoke(model);
                Object classifier = onnxModel.getMethod("newClassifier").invoke(model);
                Object frame = frameClass.getConstructor(int[].class).newInstance(
                        (Object) onnxModel.getMethod("frameShape").invoke(model));
                Object audio = block.getMethod("of", float[].class, int.class, long.class).invoke(null, window, 16_000,
                        0L);
                app.loadClass("dev.audioml.core.FeatureExtractor").getMethod("extract", block, frameClass)
                        .invoke(extractor, audio, frame);
                float[] scores = new float[r.classes().size()];
                app.loadClass("dev.audioml.core.Classifier").getMethod("classify", frameClass, float[].class)
                        .invoke(classifier, frame, scores);
                for (int k = 0; k < scores.length; k++) {
                    assertThat((double) scores[k]).isCloseTo(expected[k],
                            org.assertj.core.api.Assertions.within(EXPORT_TOLERANCE));
                }
                ((AutoCloseable) classifier).close();
            } finally {
                ((AutoCloseable) model).close();
            }
        }
    }

    /**
     * The level gate on a stream ({@code classify}, {@code live}): after a trumpet note, the same note 40 dB quieter
     * gets no decision (all scores 0), as training would not have scored it; heard first, it is scored.
     */
    @Test
    void aGatedModelGivesQuietWindowsOfAStreamNoDecision() throws Exception {
        TrainingResult r = base(tmp.resolve("cache"), tmp.resolve("out")).backbone("logmel-stats").gateDb(20.0).build()
                .run();
        float[] loud = Arrays.copyOf(ClipAudio.read(instruments.resolve("trumpet/trumpet-03.wav"), 16_000), 16_000);
        float[] quiet = new float[loud.length];
        for (int i = 0; i < loud.length; i++) {
            quiet[i] = loud[i] * 0.01f;
        }
        try (OnnxModel model = OnnxModel.open(r.out().resolve("model.onnx"))) {
            assertThat(model.metadata().gateDb()).contains(20.0);
            float[] afterLoud = scoresOf(model, loud, quiet)[1];
            assertThat(afterLoud).containsOnly(0f);
            float[][] quietFirst = scoresOf(model, quiet, loud);
            assertThat(quietFirst[0][r.classes().indexOf("trumpet")]).isGreaterThan(0f);
            assertThat(quietFirst[1][r.classes().indexOf("trumpet")]).isGreaterThan(0.5f);
        }
    }

    /** Two windows of one stream through {@link dev.audioml.onnx.LevelGatedClassifier#of}. */
    private static float[][] scoresOf(OnnxModel model, float[]... windows) {
        float[][] out = new float[windows.length][model.labels().size()];
        try (dev.audioml.core.Classifier c = dev.audioml.onnx.LevelGatedClassifier.of(model)) {
            assertThat(c).isInstanceOf(dev.audioml.onnx.LevelGatedClassifier.class);
            dev.audioml.core.FeatureFrame frame = new dev.audioml.core.FeatureFrame(model.frameShape());
            for (int i = 0; i < windows.length; i++) {
                System.arraycopy(windows[i], 0, frame.data(), 0, windows[i].length);
                c.classify(frame, out[i]);
            }
        }
        return out;
    }

    @Test
    void mlpHeadIsLearnedAndExported() throws Exception {
        TrainingResult r = base(tmp.resolve("cache"), tmp.resolve("out")).backbone("logmel-stats").head("mlp")
                .hiddenUnits(16).build().run();
        assertThat(r.trainedHead().hidden()).isEqualTo(16);
        assertThat(r.testMetrics().accuracy()).isGreaterThan(MIN_ACCURACY);
        assertExportEqualsHead(r, LogMelStatsBackbone.defaults(16_000), instruments);
    }

    @Test
    void augmentedCopiesJoinTrainingAndAreCached() throws Exception {
        Path noise = SyntheticSounds.speechNoiseTones(AutoBackboneTest.PER_CLASS).resolve("noise");
        Augmentation aug = new Augmentation(2, 6, 0.1, noise, 10, 3);
        Path cache = tmp.resolve("cache");
        TrainingResult r = base(cache, tmp.resolve("out")).backbone("logmel-stats").augmentation(aug).build().run();
        int trainClips = r.counts().get("train").values().stream().mapToInt(Integer::intValue).sum();
        assertThat(r.trainingWindows()).isEqualTo(3 * trainClips);
        assertThat(r.testMetrics().accuracy()).isGreaterThan(MIN_ACCURACY);
        assertThat(r.toReport().get("augmentation").toString()).startsWith("copies=2,gain_db=6.0");
        TrainingResult again = base(cache, tmp.resolve("out2")).backbone("logmel-stats").augmentation(aug).build()
                .run();
        assertThat(again.cacheMisses()).isZero();
        assertThat(again.trainedHead().outputWeights()).isEqualTo(r.trainedHead().outputWeights());
    }

    @Test
    void augmentationIsSeededAndBounded() throws Exception {
        float[] clip = ClipAudio.read(instruments.resolve("piano/piano-01.wav"), 16_000);
        Augmentation gainOnly = new Augmentation(1, 6, 0, null, 10, 1);
        float[] a = gainOnly.apply(clip, 16_000, "k", 1);
        assertThat(gainOnly.apply(clip, 16_000, "k", 1)).isEqualTo(a);
        assertThat(gainOnly.apply(clip, 16_000, "k", 2)).isNotEqualTo(a);
        double ratio = peak(a) / peak(clip);
        assertThat(ratio).isBetween(Math.pow(10, -6 / 20.0) - 1e-6, Math.pow(10, 6 / 20.0) + 1e-6);
        assertThatThrownBy(() -> new Augmentation(1, 6, 0, tmp.resolve("nope"), 10, 1))
                .hasMessageContaining("noise folder");
    }

    private static double peak(float[] x) {
        double p = 0;
        for (float v : x) {
            p = Math.max(p, Math.abs(v));
        }
        return p;
    }

    @Test
    void csvWithFoldsHoldsOutTheLastFold() throws Exception {
        Path csv = tmp.resolve("meta/data.csv");
        Files.createDirectories(csv.getParent());
        List<String> lines = new ArrayList<>(List.of("slice_file_name,fold,class"));
        for (String label : List.of("flute", "piano", "trumpet")) {
            for (int i = 0; i < PER_CLASS; i++) {
                lines.add("\"../data/" + label + "/" + label + String.format("-%02d.wav", i) + "\"," + (i % 4 + 1)
                        + "," + label);
            }
        }
        SyntheticSounds.copy(instruments, tmp.resolve("data"));
        Files.write(csv, lines);
        TrainingResult r = Trainer.builder().csv(csv).out(tmp.resolve("out")).cacheDir(tmp.resolve("cache"))
                .backbone("logmel-stats").windowSeconds(1.0).gateDb(0.0).seed(3).build().run();
        assertThat(r.counts().get("test").values()).containsOnly(PER_CLASS / 4);
        assertThat(r.counts()).doesNotContainKey("validation");
        assertThat(r.testMetrics().accuracy()).isGreaterThan(MIN_ACCURACY);
    }

    @Test
    void trainAndTestFoldersAreUsedAsGiven() throws Exception {
        Path root = tmp.resolve("ds");
        for (String label : List.of("flute", "piano", "trumpet")) {
            try (Stream<Path> files = Files.list(instruments.resolve(label))) {
                List<Path> all = files.sorted().toList();
                for (int i = 0; i < all.size(); i++) {
                    Path to = root.resolve(i < 4 ? "test" : "train").resolve(label).resolve(all.get(i).getFileName());
                    Files.createDirectories(to.getParent());
                    if (i < 3) {
                        // the test set in three compressed formats: every format AudioFiles decodes is a clip
                        String ext = new String[] {"flac", "ogg", "mp3"}[i];
                        Path encoded = to.resolveSibling(to.getFileName() + "." + ext);
                        // mp3 at 128 kbit/s: lame's low default rate at 16 kHz low-passes the notes (a real shift)
                        Process sox = new ProcessBuilder("sox", all.get(i).toString(), "-C", ext.equals("mp3") ? "128"
                                : ext.equals("ogg") ? "6" : "8", encoded.toString())
                                .redirectErrorStream(true).start();
                        sox.getInputStream().readAllBytes();
                        assertThat(sox.waitFor()).isZero();
                    } else {
                        Files.copy(all.get(i), to);
                    }
                }
            }
        }
        TrainingResult r = Trainer.builder().data(root).out(tmp.resolve("out")).cacheDir(tmp.resolve("cache"))
                .backbone("logmel-stats").balance(Trainer.Balance.UNDERSAMPLE).windowSeconds(1.0)
                // MP3's encoder delay shifts each note by 69 ms; notes that all start at sample 0 teach the head
                // that onset time matters, so train with time-shifted copies (0.79 -> 0.98 measured)
                .augmentation(new Augmentation(2, 0, 0.1, null, 10, 1)).build().run();
        assertThat(r.counts().get("test").values()).containsOnly(4);
        // every training clip reaches the final head: no validation split
        assertThat(r.counts().get("train").values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(3 * (PER_CLASS - 4));
        assertThat(r.testMetrics().accuracy()).isGreaterThan(MIN_ACCURACY);
    }


    @Test
    void badDatasetsGiveClearErrorsAndUnreadableFilesAreSkipped() throws Exception {
        Path one = Files.createDirectories(tmp.resolve("one/piano"));
        Files.copy(instruments.resolve("piano/piano-00.wav"), one.resolve("a.wav"));
        assertThatThrownBy(() -> Trainer.builder().data(tmp.resolve("one")).out(tmp.resolve("o1")).build().run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 class (piano)")
                .hasMessageContaining("at least 2 classes");

        Files.createDirectories(tmp.resolve("one/empty"));
        Files.writeString(tmp.resolve("one/empty/notes.txt"), "not audio");
        assertThatThrownBy(() -> Trainer.builder().data(tmp.resolve("one")).out(tmp.resolve("o2")).build().run())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("class \"empty\" has no audio files");

        assertThatThrownBy(() -> Trainer.builder().data(tmp.resolve("missing")).out(tmp.resolve("o3")).build().run())
                .hasMessageContaining("does not exist");

        Path broken = SyntheticSounds.copy(instruments, tmp.resolve("broken"));
        Files.writeString(broken.resolve("piano/zz-corrupt.wav"), "this is not a wav file");
        TrainingResult r = Trainer.builder().data(broken).out(tmp.resolve("o4")).cacheDir(tmp.resolve("cache"))
                .backbone("logmel-stats").windowSeconds(1.0).gateDb(0.0).testFraction(0.3).seed(7).build().run();
        assertThat(r.unreadable()).singleElement().asString().endsWith("zz-corrupt.wav");
        assertThat(r.testMetrics().accuracy()).isGreaterThan(MIN_ACCURACY);
        Path corrupt = broken.resolve("piano/zz-corrupt.wav");
        assertThatThrownBy(() -> Trainer.builder().data(broken).out(tmp.resolve("o4b")).cacheDir(tmp.resolve("cache"))
                .backbone("logmel-stats").testFraction(0.3).seed(7).failFast(true).build().run())
                .hasMessageStartingWith(corrupt + ": unrecognised audio format").hasMessageNotContaining("\n");

        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "name,label\na.wav,x\n");
        assertThatThrownBy(() -> Trainer.builder().csv(csv).out(tmp.resolve("o5")).build().run())
                .hasMessageContaining("must name a file column");
    }

    /** Every test window: the ONNX model's scores (through its own feature extractor) equal the Java head's. */
    static void assertExportEqualsHead(TrainingResult r, Backbone backbone, Path data) throws IOException {
        int[] columns = backbone.columns(r.pooling());
        int checked = 0;
        try (ModelEvaluator eval = new ModelEvaluator(r.out().resolve("model.onnx"), 0)) {
            assertThat(eval.labels()).isEqualTo(r.classes());
            float[] scores = new float[r.classes().size()];
            try (Stream<Path> files = Files.walk(data)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().limit(12).toList()) {
                    for (float[] w : ClipAudio.windows(ClipAudio.read(f, 16_000), backbone.windowSamples(),
                            backbone.windowSamples())) {
                        eval.scoreWindow(w, scores);
                        double[] expected = r.trainedHead().probabilities(ClipScoring.select(backbone.embed(w), columns));
                        for (int k = 0; k < scores.length; k++) {
                            assertThat((double) scores[k]).isCloseTo(expected[k],
                                    org.assertj.core.api.Assertions.within(EXPORT_TOLERANCE));
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(12);
    }

    /**
     * {@code OnnxModel.open(model.onnx)} alone configures a core Pipeline over a file {@code DATA/<label>/<label>-03.wav}
     * of each class: one result per (zero-padded) window, the first window's scores are the head's and rank its label
     * first.
     */
    static void assertPipelineRunsTheModelAlone(TrainingResult r, Backbone backbone, Path data) throws IOException {
        int[] columns = backbone.columns(r.pooling());
        for (String label : r.classes()) {
            Path file = data.resolve(label).resolve(label + "-03.wav");
            float[] clip = ClipAudio.read(file, backbone.sampleRateHz());
            List<Classification> out = new ArrayList<>();
            try (OnnxModel model = OnnxModel.open(r.out().resolve("model.onnx"));
                    Pipeline p = Pipeline.builder().source(AudioFiles.open(file))
                            .window(model.windowSamples(), model.windowSamples())
                            .features(model.newExtractor()).classifier(model.newClassifier())
                            .sink(new CallbackSink(out::add)).build()) {
                assertThat(model.windowSamples()).isEqualTo(backbone.windowSamples());
                p.run();
            }
            assertThat(out).hasSize((clip.length + backbone.windowSamples() - 1) / backbone.windowSamples());
            assertThat(out.get(0).top().label()).isEqualTo(label);
            double[] expected = r.trainedHead().probabilities(ClipScoring.select(backbone.embed(
                    Arrays.copyOf(clip, backbone.windowSamples())), columns));
            for (int k = 0; k < expected.length; k++) {
                assertThat((double) out.get(0).score(k)).isCloseTo(expected[k],
                        org.assertj.core.api.Assertions.within(EXPORT_TOLERANCE));
            }
        }
    }

    static void assertPng(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isGreaterThan(200);
        assertThat(img.getHeight()).isGreaterThan(150);
    }
}
