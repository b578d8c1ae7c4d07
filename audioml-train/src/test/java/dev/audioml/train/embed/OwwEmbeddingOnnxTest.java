package dev.audioml.train.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.OnnxClassifier;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import dev.audioml.train.export.HeadExport;
import dev.audioml.train.head.Head;
import dev.audioml.train.head.HeadTrainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OwwEmbeddingBackbone#toOnnx}: the one-graph backbone equals {@link OwwEmbeddingBackbone#embed} on real speech,
 * noise and silence, and a head appended with {@link OnnxModelBuilder#include} gives one model that
 * {@link OnnxModel} runs from the file alone.
 */
class OwwEmbeddingOnnxTest {
    /** Issue 12: the self-contained model gives the same scores as the Java path within 1e-5. */
    private static final float PARITY_TOLERANCE = 1e-5f;
    private static final int RATE = 16_000;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    static Path dir;
    private static OwwEmbeddingBackbone backbone;

    @BeforeAll
    static void open() {
        backbone = OwwEmbeddingBackbone.open(ModelCache.defaultCache(System.out::println), RATE);
    }

    @AfterAll
    static void close() {
        if (backbone != null) {
            backbone.close();
        }
    }

    /** espeak-ng speech at 16 kHz (sox), placed at {@code at} in a window of {@code length} samples. */
    private static float[] speech(String text, int length, int at) throws Exception {
        Path raw = dir.resolve("say-" + Math.abs(text.hashCode()) + ".wav");
        Path wav = dir.resolve("say16k-" + Math.abs(text.hashCode()) + ".wav");
        run("espeak-ng", "-v", "en-us", "-s", "160", "-w", raw.toString(), text);
        run("sox", raw.toString(), "-r", Integer.toString(RATE), "-c", "1", "-b", "16", wav.toString());
        float[] out = new float[length];
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            ByteBuffer bb = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = at; i < length && bb.remaining() >= 2; i++) {
                out[i] = bb.getShort() / 32768f;
            }
        }
        return out;
    }

    private static float[] noise(int length, long seed, float amplitude) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) (r.nextDouble(-1, 1) * amplitude);
        }
        return x;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + new String(out)).isZero();
    }

    private static float[] pooled(OwwEmbeddingBackbone b, float[] window, String pooling) {
        float[] full = b.embed(window);
        int[] cols = b.columns(pooling);
        float[] out = new float[cols.length];
        for (int i = 0; i < cols.length; i++) {
            out[i] = full[cols[i]];
        }
        return out;
    }

    private static float[][] runOrt(byte[] model, String input, String output, float[][] rows) throws OrtException {
        int w = rows[0].length;
        float[] flat = new float[rows.length * w];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * w, w);
        }
        try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(flat), new long[] {rows.length, w});
                OrtSession.Result r = s.run(Map.of(input, in))) {
            FloatBuffer fb = ((OnnxTensor) r.get(output).orElseThrow()).getFloatBuffer();
            float[][] out = new float[rows.length][fb.remaining() / rows.length];
            for (float[] row : out) {
                fb.get(row);
            }
            return out;
        }
    }

    private static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    private static float[][] windows() throws Exception {
        return new float[][] {
            speech("hey jarvis", RATE, 0),             // speech from the first sample: the padding matters
            speech("turn on the kitchen lights", RATE, 6_000),
            noise(RATE, 3, 0.01f),
            new float[RATE],
        };
    }

    @Test
    void theGraphEqualsEmbedForEveryPoolingOnSpeechNoiseAndSilence() throws Exception {
        float[][] windows = windows();
        float worst = 0;
        for (String pooling : backbone.poolings()) {
            BackboneGraph g = backbone.toOnnx(pooling);
            assertThat(g.input()).isEqualTo(ValueInfo.of("audio", ElementType.FLOAT, -1, RATE));
            assertThat(g.dimension()).isEqualTo(backbone.columns(pooling).length);
            assertThat(g.inputFeatures()).containsEntry("feature", "raw").containsEntry("sr", RATE);
            assertThat(g.metadata()).containsEntry("license", "CC-BY-NC-SA-4.0");
            float[][] graph = runOrt(g.model(), g.input().name(), g.output(), windows);
            for (int i = 0; i < windows.length; i++) {
                worst = Math.max(worst, maxAbsDiff(graph[i], pooled(backbone, windows[i], pooling)));
            }
        }
        System.out.printf("OwwEmbeddingBackbone.embed vs toOnnx graph (4 windows x %d poolings): max abs diff %.3g%n",
                backbone.poolings().size(), worst);
        assertThat(worst).isLessThanOrEqualTo(PARITY_TOLERANCE);
        dumpForPython(windows);
    }

    @Test
    void anExportedHeadOnTheBackboneRunsAsOneModelFromTheFileAlone() throws Exception {
        float[][] windows = windows();
        String pooling = "mean_max";
        // a head trained on the backbone: speech (0, 1) vs not speech (2, 3)
        float[][] x = new float[windows.length][];
        for (int i = 0; i < windows.length; i++) {
            x[i] = pooled(backbone, windows[i], pooling);
        }
        int[] y = {0, 0, 1, 1};
        Head head = HeadTrainer.builder().seed(1).build().train(x, y, null, 2, e -> { }).head();
        // the export path training takes: the backbone's toGraph (an include of toOnnx's graph), then the head
        byte[] bytes = HeadExport.export(head, List.of("speech", "other"), backbone, pooling,
                new HeadExport.Framing(1.0, 1.0, null), Map.of()).bytes();
        Path file = dir.resolve("model.onnx");
        Files.write(file, bytes);
        if (System.getProperty("audioml.oww.dump") != null) {
            Files.copy(file, Files.createDirectories(Path.of(System.getProperty("audioml.oww.dump"))).resolve("model.onnx"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        try (OnnxModel model = OnnxModel.open(file); OnnxClassifier c = model.newClassifier()) {
            assertThat(model.labels()).containsExactly("speech", "other");
            assertThat(model.windowSamples()).isEqualTo(RATE);
            assertThat(model.frameShape()).containsExactly(1, RATE);
            float worst = 0;
            List<FeatureFrame> frames = new ArrayList<>();
            for (int i = 0; i < windows.length; i++) {
                FeatureFrame f = new FeatureFrame(1, RATE);
                System.arraycopy(windows[i], 0, f.data(), 0, RATE);
                frames.add(f);
                float[] scores = new float[2];
                c.classify(f, scores);
                double[] expected = head.probabilities(x[i]);
                for (int k = 0; k < 2; k++) {
                    worst = Math.max(worst, (float) Math.abs(scores[k] - expected[k]));
                }
            }
            float[][] batched = new float[windows.length][2];
            c.classifyBatch(frames, batched);
            for (int i = 0; i < windows.length; i++) {
                double[] expected = head.probabilities(x[i]);
                for (int k = 0; k < 2; k++) {
                    worst = Math.max(worst, (float) Math.abs(batched[i][k] - expected[k]));
                }
            }
            System.out.printf("one model.onnx (backbone+pooling+head) vs Java embed+head: max abs diff %.3g%n", worst);
            assertThat(worst).isLessThanOrEqualTo(PARITY_TOLERANCE);
        }
        assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(dir.toString());
    }

    @Test
    void aClosedBackboneAndAnUnknownPoolingAreRejected() {
        OwwEmbeddingBackbone b = OwwEmbeddingBackbone.open(ModelCache.defaultCache(System.out::println), RATE);
        assertThatThrownBy(() -> b.toOnnx("max")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[mean_max, mean, sequence]");
        b.close();
        assertThatThrownBy(() -> b.toOnnx("mean")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /**
     * With {@code -Daudioml.oww.dump=DIR}, writes the mean_max graph, the windows and Java's embeddings as raw
     * little-endian float32 for {@code tools/check-oww-graph.py} (the Python onnxruntime check); the other test
     * adds the whole model with its head as {@code model.onnx}.
     */
    private static void dumpForPython(float[][] windows) throws IOException {
        String target = System.getProperty("audioml.oww.dump");
        if (target == null) {
            return;
        }
        Path out = Files.createDirectories(Path.of(target));
        Files.write(out.resolve("oww_embedding.onnx"), backbone.toOnnx("mean_max").model());
        float[][] java = new float[windows.length][];
        for (int i = 0; i < windows.length; i++) {
            java[i] = backbone.embed(windows[i]);
        }
        Files.write(out.resolve("windows.f32"), littleEndian(windows));
        Files.write(out.resolve("java_embeddings.f32"), littleEndian(java));
        Files.writeString(out.resolve("shapes.txt"), windows.length + " " + windows[0].length + " " + java[0].length + "\n");
    }

    private static byte[] littleEndian(float[][] rows) {
        ByteBuffer bb = ByteBuffer.allocate(rows.length * rows[0].length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            for (float v : row) {
                bb.putFloat(v);
            }
        }
        return bb.array();
    }
}
