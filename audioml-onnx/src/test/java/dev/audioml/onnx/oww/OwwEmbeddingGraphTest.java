package dev.audioml.onnx.oww;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.testing.TestAudio;
import dev.audioml.onnx.write.OnnxModelEditor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OwwEmbeddingGraph}: the one-graph embedding against {@link OwwBackbone#embedClip} on real speech. */
class OwwEmbeddingGraphTest {
    /** Largest allowed difference between the graph and the Java path (same kernels, float summation order). */
    private static final float EMBEDDING_TOLERANCE = 1e-5f;
    private static final int PAD = 16_000;
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    static Path dir;
    private static OwwBackbone backbone;

    @BeforeAll
    static void open() {
        List<Path> files = TestAudio.cache().resolve(Preset.HEY_JARVIS);
        backbone = OwwBackbone.open(files.get(0), files.get(1));
    }

    @AfterAll
    static void close() {
        if (backbone != null) {
            backbone.close();
        }
    }

    /**
     * The Java reference: pad, embed every hop, pool as OwwEmbeddingBackbone.embed (mean in double, then max; or the
     * sequence's hops copied in order).
     */
    static float[] reference(float[] window, int pad, OwwEmbeddingGraph.Pooling pooling) {
        float[] padded = new float[window.length + 2 * pad];
        System.arraycopy(window, 0, padded, pad, window.length);
        float[][] e = backbone.embedClip(padded);
        int d = OwwBackbone.EMBEDDING_SIZE;
        float[] out = new float[pooling.dimension(window.length, pad)];
        if (pooling == OwwEmbeddingGraph.Pooling.SEQUENCE) {
            int[] seq = OwwEmbeddingGraph.sequenceHops(window.length, pad);
            for (int h = 0; h < seq[1]; h++) {
                System.arraycopy(e[seq[0] + h], 0, out, h * d, d);
            }
            return out;
        }
        for (int j = 0; j < d; j++) {
            double sum = 0;
            float max = Float.NEGATIVE_INFINITY;
            for (float[] row : e) {
                sum += row[j];
                max = Math.max(max, row[j]);
            }
            out[j] = (float) (sum / e.length);
            if (pooling == OwwEmbeddingGraph.Pooling.MEAN_MAX) {
                out[d + j] = max;
            }
        }
        return out;
    }

    static float[][] runGraph(byte[] model, float[][] windows) throws OrtException {
        int n = windows.length;
        int w = windows[0].length;
        float[] flat = new float[n * w];
        for (int i = 0; i < n; i++) {
            System.arraycopy(windows[i], 0, flat, i * w, w);
        }
        try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions());
                OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(flat), new long[] {n, w});
                OrtSession.Result r = s.run(Map.of(OwwEmbeddingGraph.INPUT, in))) {
            FloatBuffer fb = ((OnnxTensor) r.get(OwwEmbeddingGraph.OUTPUT).orElseThrow()).getFloatBuffer();
            int d = fb.remaining() / n;
            float[][] out = new float[n][d];
            for (float[] row : out) {
                fb.get(row);
            }
            return out;
        }
    }

    static float maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /** Speech placed at {@code at} in a window of {@code length} samples (cut if it does not fit). */
    static float[] speechWindow(String text, int length, int at) {
        float[] w = new float[length];
        TestAudio.mix(w, TestAudio.speech(dir, text, "en-us", 160), at);
        return w;
    }

    @Test
    void eachRowOfABatchEqualsTheJavaEmbeddingOfItsWindow() throws OrtException {
        int window = 16_000;
        float[] loud = speechWindow("hey jarvis", window, 0);
        float[] late = speechWindow("turn on the lights", window, 9_000);
        float[] quiet = TestAudio.noise(dir, 1.0, "pinknoise", 0.002, 7);
        float[] silence = new float[window];
        // int16 rounding ties (Java rounds half up) and values past full scale (clamped) must match too
        float[] edges = TestAudio.noise(dir, 1.0, "whitenoise", 0.05, 11);
        for (int i = 0; i < 400; i++) {
            edges[i * 37] = (2 * i - 399 + 0.5f) / 32768f;
        }
        edges[5] = 1.5f;
        edges[6] = -1.25f;
        float[][] batch = {loud, late, quiet, silence, edges};

        byte[] model = backbone.toOnnx(window, PAD, OwwEmbeddingGraph.Pooling.MEAN_MAX);
        float[][] graph = runGraph(model, batch);
        float worst = 0;
        for (int i = 0; i < batch.length; i++) {
            float[] java = reference(batch[i], PAD, OwwEmbeddingGraph.Pooling.MEAN_MAX);
            assertThat(graph[i]).hasSize(192);
            worst = Math.max(worst, maxAbsDiff(graph[i], java));
            // a batch of one gives the same row: rows do not influence each other (per-window top_db)
            float[] single = runGraph(model, new float[][] {batch[i]})[0];
            worst = Math.max(worst, maxAbsDiff(single, java));
        }
        System.out.printf("oww graph vs Java, 5 windows of 1 s, mean_max, batched and one by one: max abs diff %.3g%n",
                worst);
        assertThat(worst).isLessThanOrEqualTo(EMBEDDING_TOLERANCE);
        assertThat(maxAbsDiff(graph[0], graph[3])).as("speech and silence differ").isGreaterThan(0.1f);
    }

    @Test
    void anOddWindowWithMeanPoolingAndNoPaddingMatches() throws OrtException {
        int window = 20_011; // prime: frame and hop counts with remainders
        float[] w = speechWindow("hello there", window, 500);
        byte[] model = backbone.toOnnx(window, 0, OwwEmbeddingGraph.Pooling.MEAN);
        float[] graph = runGraph(model, new float[][] {w})[0];
        assertThat(graph).hasSize(96);
        assertThat(maxAbsDiff(graph, reference(w, 0, OwwEmbeddingGraph.Pooling.MEAN))).isLessThanOrEqualTo(EMBEDDING_TOLERANCE);
    }

    @Test
    void theSequencePoolingKeepsTheHopsWhoseInputEndsInsideTheWindowInOrder() throws OrtException {
        for (int window : new int[] {24_000, 20_011}) {
            int[] seq = OwwEmbeddingGraph.sequenceHops(window, PAD);
            // independent of the formula: the real model on the padded clip cut at the window's start and end
            float[] padded = new float[window + 2 * PAD];
            assertThat(backbone.embedClip(java.util.Arrays.copyOf(padded, PAD)).length).isEqualTo(seq[0]);
            assertThat(backbone.embedClip(java.util.Arrays.copyOf(padded, PAD + window)).length).isEqualTo(seq[0] + seq[1]);
            float[] early = speechWindow("okay computer", window, 0);
            float[] late = speechWindow("okay computer", window, window - 14_000);
            byte[] model = backbone.toOnnx(window, PAD, OwwEmbeddingGraph.Pooling.SEQUENCE);
            float[][] graph = runGraph(model, new float[][] {early, late});
            for (int i = 0; i < 2; i++) {
                float[] java = reference(i == 0 ? early : late, PAD, OwwEmbeddingGraph.Pooling.SEQUENCE);
                assertThat(graph[i]).hasSize(seq[1] * OwwBackbone.EMBEDDING_SIZE);
                assertThat(maxAbsDiff(graph[i], java)).isLessThanOrEqualTo(EMBEDDING_TOLERANCE);
            }
            // the same phrase early or late in the window: the order-free mean barely moves, the sequence does
            float meanMoved = maxAbsDiff(reference(early, PAD, OwwEmbeddingGraph.Pooling.MEAN),
                    reference(late, PAD, OwwEmbeddingGraph.Pooling.MEAN));
            assertThat(maxAbsDiff(graph[0], graph[1])).isGreaterThan(3 * meanMoved);
        }
        assertThat(OwwEmbeddingGraph.sequenceHops(24_000, PAD)).containsExactly(3, 19);
        assertThatThrownBy(() -> OwwEmbeddingGraph.sequenceHops(400, PAD)).hasMessageContaining("holds the end of no");
    }

    @Test
    void theModelDeclaresItsShapesAndCarriesTheWeightsLicense() throws OrtException {
        byte[] model = backbone.toOnnx(8_000, PAD, OwwEmbeddingGraph.Pooling.MEAN_MAX);
        try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions())) {
            assertThat(s.getInputNames()).containsExactly(OwwEmbeddingGraph.INPUT);
            assertThat(((TensorInfo) s.getInputInfo().get(OwwEmbeddingGraph.INPUT).getInfo()).getShape()).containsExactly(-1, 8_000);
            assertThat(((TensorInfo) s.getOutputInfo().get(OwwEmbeddingGraph.OUTPUT).getInfo()).getShape()).containsExactly(-1, 192);
            assertThat(s.getMetadata().getCustomMetadata())
                    .containsEntry(OwwEmbeddingGraph.LICENSE_KEY, "CC-BY-NC-SA-4.0")
                    .containsKey(OwwEmbeddingGraph.ATTRIBUTION_KEY);
        }
        OnnxModelEditor e = OnnxModelEditor.read(model);
        assertThat(e.opTypes()).contains("Pad", "Gather", "Conv", "Concat").doesNotContain("Loop", "Scan");
        assertThat(e.tensors()).allMatch(t -> t.startsWith("oww/") || t.equals("audio") || t.equals("embedding"));
    }

    @Test
    void badArgumentsAndAClosedBackboneAreRejected() {
        assertThatThrownBy(() -> backbone.toOnnx(0, PAD, OwwEmbeddingGraph.Pooling.MEAN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowSamples must be >= 1, got 0");
        assertThatThrownBy(() -> backbone.toOnnx(16_000, -1, OwwEmbeddingGraph.Pooling.MEAN))
                .hasMessageContaining("padSamples must be >= 0, got -1");
        assertThatThrownBy(() -> backbone.toOnnx(1_000, 0, OwwEmbeddingGraph.Pooling.MEAN))
                .hasMessageContaining("need at least 12640");
        assertThat(OwwEmbeddingGraph.Pooling.byId("mean_max")).isEqualTo(OwwEmbeddingGraph.Pooling.MEAN_MAX);
        assertThatThrownBy(() -> OwwEmbeddingGraph.Pooling.byId("max")).hasMessageContaining("[mean_max, mean, sequence]");
        List<Path> files = TestAudio.cache().resolve(Preset.HEY_JARVIS);
        OwwBackbone closed = OwwBackbone.open(files.get(0), files.get(1));
        closed.close();
        assertThatThrownBy(() -> closed.toOnnx(16_000, PAD, OwwEmbeddingGraph.Pooling.MEAN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
