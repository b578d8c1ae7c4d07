package dev.audioml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.audioml.core.AudioMLException;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.testing.Signals;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OnnxClassifierTest {
    /** ONNX Runtime's float MatMul against the double-precision reference below. */
    private static final float MATMUL_TOLERANCE = 1e-5f;
    /** Batched and single runs may use different GEMM kernels; allowed difference per score. */
    private static final float BATCH_TOLERANCE = 1e-6f;
    private static final int WINDOW = 64;
    private static final int CLASSES = 5;

    private static OnnxSession session(OnnxModelBuilder model) {
        return OnnxSession.open(model.toByteArray(), "test-model", OnnxSessionOptions.defaults());
    }

    /** @return a frame whose values are their row-major index */
    private static FeatureFrame ramp(int frames, int bins) {
        FeatureFrame f = new FeatureFrame(frames, bins);
        for (int i = 0; i < f.data().length; i++) {
            f.data()[i] = i;
        }
        return f;
    }

    private static FeatureFrame rawFrame(float[] samples, int offset) {
        FeatureFrame f = new FeatureFrame(1, WINDOW);
        System.arraycopy(samples, offset, f.data(), 0, WINDOW);
        return f;
    }

    @Test
    void softmaxOfLogitsMatchesAReferenceComputation() {
        float[] w = TinyModels.weights(WINDOW * CLASSES, 7);
        float[] b = TinyModels.weights(CLASSES, 8);
        float[] x = Signals.sine(440, 16_000, WINDOW, 0.5);
        try (OnnxSession s = session(TinyModels.linear(WINDOW, CLASSES, false, 7));
                OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(CLASSES)).outputMode(OutputMode.SOFTMAX).build()) {
            float[] scores = new float[CLASSES];
            c.classify(rawFrame(x, 0), scores);
            double[] logits = new double[CLASSES];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < CLASSES; k++) {
                logits[k] = b[k];
                for (int i = 0; i < WINDOW; i++) {
                    logits[k] += (double) x[i] * w[i * CLASSES + k];
                }
                max = Math.max(max, logits[k]);
            }
            double sum = 0;
            for (double l : logits) {
                sum += Math.exp(l - max);
            }
            for (int k = 0; k < CLASSES; k++) {
                assertThat(scores[k]).isCloseTo((float) (Math.exp(logits[k] - max) / sum), within(MATMUL_TOLERANCE));
            }
            assertThat(c.inputShape()).containsExactly(1, WINDOW);
            assertThat(c.isBatchable()).isTrue();
        }
    }

    @Test
    void sigmoidAndScoresModes() {
        try (OnnxSession s = session(TinyModels.linear(WINDOW, CLASSES, false, 3));
                OnnxClassifier logits = OnnxClassifier.builder(s).labels(TinyModels.labels(CLASSES)).outputMode(OutputMode.LOGITS).build();
                OnnxClassifier sigmoid = OnnxClassifier.builder(s).labels(TinyModels.labels(CLASSES)).outputMode(OutputMode.SIGMOID).build()) {
            FeatureFrame f = rawFrame(Signals.noise(WINDOW, 0.3, 1), 0);
            float[] raw = new float[CLASSES];
            float[] sig = new float[CLASSES];
            logits.classify(f, raw);
            sigmoid.classify(f, sig);
            for (int k = 0; k < CLASSES; k++) {
                assertThat(sig[k]).isCloseTo((float) (1 / (1 + Math.exp(-raw[k]))), within(MATMUL_TOLERANCE));
            }
        }
    }

    @Test
    void timeMajorFeaturesFeedRank4InputAsIs() {
        int frames = 3;
        int bins = 4;
        try (OnnxSession s = session(TinyModels.flatten(new long[] {1, 1, frames, bins}, frames * bins));
                OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(frames * bins)).frameShape(frames, bins).build()) {
            FeatureFrame f = ramp(frames, bins);
            float[] out = new float[frames * bins];
            c.classify(f, out);
            assertThat(c.layout()).isEqualTo(InputLayout.AS_IS);
            assertThat(out).containsExactly(f.data());
        }
    }

    @Test
    void frequencyMajorInputIsInferredAndTransposed() {
        int frames = 5;
        int bins = 3;
        try (OnnxSession s = session(TinyModels.flatten(new long[] {1, bins, -1}, -1));
                OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(frames * bins)).build()) {
            FeatureFrame f = ramp(frames, bins);
            float[] out = new float[frames * bins];
            c.classify(f, out);
            assertThat(c.layout()).isEqualTo(InputLayout.BINS_FRAMES);
            assertThat(c.inputShape()).containsExactly(1, bins, frames);
            for (int t = 0; t < frames; t++) {
                for (int b = 0; b < bins; b++) {
                    assertThat(out[b * frames + t]).isEqualTo(f.get(t, b));
                }
            }
        }
    }

    @Test
    void explicitLayoutOverridesTheAmbiguousDefault() {
        int side = 4;
        try (OnnxSession s = session(TinyModels.flatten(new long[] {-1, side, side}, side * side));
                OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(side * side)).layout(InputLayout.BINS_FRAMES).build()) {
            FeatureFrame f = ramp(side, side);
            float[] out = new float[side * side];
            c.classify(f, out);
            assertThat(out[1]).isEqualTo(f.get(1, 0));
        }
    }

    @Test
    void imageInputTakesChannelFirstFrames() {
        try (OnnxSession s = session(TinyModels.flatten(new long[] {1, 3, 2, 2}, 12));
                OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(12)).frameShape(3, 2, 2).build()) {
            assertThat(c.inputShape()).containsExactly(1, 3, 2, 2);
            assertThat(c.isBatchable()).isFalse();
        }
    }

    @Test
    void frameThatDoesNotFitNamesTheDeclaredShape() {
        try (OnnxSession s = session(TinyModels.flatten(new long[] {1, 3, 8, 8}, 192))) {
            assertThatThrownBy(() -> OnnxClassifier.builder(s).labels(TinyModels.labels(192)).frameShape(10, 8).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("float[1, 3, 8, 8]")
                    .hasMessageContaining("[10, 8]");
        }
    }

    @Test
    void labelCountMismatchAndMissingLabelsNameTheKey() {
        try (OnnxSession s = session(TinyModels.linear(WINDOW, CLASSES, true, 1))) {
            assertThatThrownBy(() -> OnnxClassifier.builder(s).labels(TinyModels.labels(3)).build())
                    .hasMessageContaining("3 labels").hasMessageContaining("5 values per window");
            assertThatThrownBy(() -> OnnxClassifier.builder(s).build())
                    .hasMessageContaining("audioml.labels").hasMessageContaining("5 strings");
        }
    }

    @Test
    void randomBytesAreAClearLoadError() {
        byte[] junk = Signals.noise(256, 1, 5).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        byte[] random = new byte[4096];
        for (int i = 0; i < random.length; i++) {
            random[i] = (byte) r.nextInt(256);
        }
        for (byte[] bytes : List.of(junk, random)) {
            assertThatThrownBy(() -> OnnxSession.open(bytes, "junk.onnx", OnnxSessionOptions.defaults()))
                    .isInstanceOf(AudioMLException.class)
                    .hasMessageStartingWith("cannot load ONNX model junk.onnx");
        }
    }

    @Test
    void modelsWithTwoInputsOrIntInputsAreRejected() {
        OnnxModelBuilder two = OnnxModelBuilder.create("two")
                .input(ValueInfo.of("a", ElementType.FLOAT, 1, 4))
                .input(ValueInfo.of("b", ElementType.FLOAT, 1, 4))
                .node("Add", List.of("a", "b"), List.of("y"))
                .output(ValueInfo.of("y", ElementType.FLOAT, 1, 4));
        try (OnnxSession s = session(two)) {
            assertThatThrownBy(() -> OnnxClassifier.builder(s).labels(TinyModels.labels(4)).build())
                    .hasMessageContaining("one input").hasMessageContaining("\"b\"");
        }
        OnnxModelBuilder ints = OnnxModelBuilder.create("ints")
                .input(ValueInfo.of("a", ElementType.INT64, 1, 4))
                .node("Cast", List.of("a"), List.of("y"), dev.audioml.onnx.write.Attribute.of("to", 1L))
                .output(ValueInfo.of("y", ElementType.FLOAT, 1, 4));
        try (OnnxSession s = session(ints)) {
            assertThatThrownBy(() -> OnnxClassifier.builder(s).labels(TinyModels.labels(4)).frameShape(1, 4).build())
                    .hasMessageContaining("int64[1, 4]").hasMessageContaining("not float");
        }
    }

    @Test
    void batchedResultsEqualOneWindowAtATime() {
        float[] audio = Signals.noise(WINDOW * 100, 0.5, 11);
        List<FeatureFrame> frames = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            frames.add(rawFrame(audio, i * WINDOW));
        }
        try (OnnxSession s = session(TinyModels.linear(WINDOW, CLASSES, true, 4));
                OnnxClassifier single = OnnxClassifier.builder(s).labels(TinyModels.labels(CLASSES)).build();
                OnnxClassifier batched = OnnxClassifier.builder(s).labels(TinyModels.labels(CLASSES)).maxBatch(16).build()) {
            float[][] batch = new float[frames.size()][CLASSES];
            batched.classifyBatch(frames, batch);
            float[] one = new float[CLASSES];
            for (int i = 0; i < frames.size(); i++) {
                single.classify(frames.get(i), one);
                for (int k = 0; k < CLASSES; k++) {
                    assertThat(batch[i][k]).as("window %d class %d", i, k).isCloseTo(one[k], within(BATCH_TOLERANCE));
                }
            }
            // again, reversed: the reused batch tensors (16 and 4 windows) must see the new inputs
            List<FeatureFrame> reversed = new ArrayList<>(frames);
            java.util.Collections.reverse(reversed);
            float[][] again = new float[reversed.size()][CLASSES];
            batched.classifyBatch(reversed, again);
            for (int i = 0; i < frames.size(); i++) {
                assertThat(again[frames.size() - 1 - i]).as("window %d reversed", i).containsExactly(batch[i], within(BATCH_TOLERANCE));
            }
        }
    }

    @Test
    void concurrentStreamsOnOneSessionEqualSerialResults() throws Exception {
        int streams = 4;
        int windows = 200;
        float[][] audio = new float[streams][];
        for (int s = 0; s < streams; s++) {
            audio[s] = Signals.noise(WINDOW * windows, 0.5, 100 + s);
        }
        try (OnnxSession session = session(TinyModels.linear(WINDOW, CLASSES, true, 5))) {
            float[][][] serial = new float[streams][][];
            for (int s = 0; s < streams; s++) {
                serial[s] = runStream(session, audio[s], windows);
            }
            ExecutorService pool = Executors.newFixedThreadPool(streams);
            try {
                List<Future<float[][]>> futures = new ArrayList<>();
                for (int s = 0; s < streams; s++) {
                    float[] a = audio[s];
                    futures.add(pool.submit(() -> runStream(session, a, windows)));
                }
                for (int s = 0; s < streams; s++) {
                    assertThat(futures.get(s).get()).isDeepEqualTo(serial[s]);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static float[][] runStream(OnnxSession session, float[] audio, int windows) {
        try (OnnxClassifier c = OnnxClassifier.builder(session).labels(TinyModels.labels(CLASSES)).build()) {
            float[][] out = new float[windows][CLASSES];
            FeatureFrame f = new FeatureFrame(1, WINDOW);
            for (int i = 0; i < windows; i++) {
                System.arraycopy(audio, i * WINDOW, f.data(), 0, WINDOW);
                c.classify(f, out[i]);
            }
            return out;
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() {
        try (OnnxSession s = session(TinyModels.linear(WINDOW, CLASSES, true, 1))) {
            OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(CLASSES)).build();
            c.close();
            c.close();
            assertThatThrownBy(() -> c.classify(new FeatureFrame(1, WINDOW), new float[CLASSES]))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("OnnxClassifier");
            assertThat(s.isClosed()).isFalse();
        }
    }

    @Test
    void aFrameOfAnotherShapeAfterBindingIsRejected() {
        try (OnnxSession s = session(TinyModels.linear(WINDOW, CLASSES, true, 1));
                OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(CLASSES)).build()) {
            c.classify(new FeatureFrame(1, WINDOW), new float[CLASSES]);
            assertThatThrownBy(() -> c.classify(new FeatureFrame(1, WINDOW + 1), new float[CLASSES]))
                    .hasMessageContaining("[1, 65]").hasMessageContaining("[1, 64]");
        }
    }
}
