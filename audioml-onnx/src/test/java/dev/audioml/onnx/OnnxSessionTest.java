package dev.audioml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.audioml.core.AudioMLException;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.testing.Signals;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.OnnxModelEditor;
import dev.audioml.onnx.write.ValueInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxSessionTest {
    /** Create/close cycles of the native-memory test; enough to show a per-cycle leak of a session or tensor. */
    private static final int CYCLES = 2_000;
    private static final int WARM_UP_CYCLES = 200;
    /** Allowed RSS growth over {@link #CYCLES} cycles (a leaked session per cycle would exceed it many times over). */
    private static final long RSS_GROWTH_LIMIT_KIB = 48 * 1024;
    /** Input size of the spinning test's model: large enough for ONNX Runtime to split the MatMul over its pool. */
    private static final int SPIN_WINDOW = 4096;

    /** y = x + (c1 + c2): the constant Add is folded away by ONNX Runtime's basic optimizations. */
    private static byte[] foldable() {
        return OnnxModelBuilder.create("fold")
                .input(ValueInfo.of("x", ElementType.FLOAT, 1, 4))
                .initializer("c1", new float[] {1, 2, 3, 4}, 1, 4)
                .initializer("c2", new float[] {4, 3, 2, 1}, 1, 4)
                .node("Add", List.of("c1", "c2"), List.of("c"))
                .node("Add", List.of("x", "c"), List.of("y"))
                .output(ValueInfo.of("y", ElementType.FLOAT, 1, 4))
                .toByteArray();
    }

    @Test
    void optimizationLevelReachesOnnxRuntime(@TempDir Path dir) throws IOException {
        Path none = dir.resolve("none.onnx");
        Path basic = dir.resolve("basic.onnx");
        try (OnnxSession s = OnnxSession.open(foldable(), "fold", OnnxSessionOptions.builder()
                .optimizationLevel(OptimizationLevel.DISABLED).optimizedModelPath(none).intraOpThreads(1).interOpThreads(1).build())) {
            assertThat(s.options().intraOpThreads()).isEqualTo(1);
        }
        try (OnnxSession s = OnnxSession.open(foldable(), "fold", OnnxSessionOptions.builder()
                .optimizationLevel(OptimizationLevel.BASIC).optimizedModelPath(basic).build())) {
            assertThat(s.inputs()).extracting(TensorSpec::toString).containsExactly("\"x\" float[1, 4]");
        }
        assertThat(OnnxModelEditor.read(none).opTypes()).containsExactly("Add", "Add");
        assertThat(OnnxModelEditor.read(basic).opTypes()).containsExactly("Add");
    }

    @Test
    void spinningCanBeTurnedOffWithoutChangingResults() {
        assertThat(OnnxSessionOptions.defaults().allowSpinning()).isTrue();
        FeatureFrame frame = new FeatureFrame(1, SPIN_WINDOW);
        System.arraycopy(Signals.noise(SPIN_WINDOW, 0.5, 3), 0, frame.data(), 0, SPIN_WINDOW);
        float[][] scores = new float[2][4];
        boolean[] spinning = {true, false};
        for (int i = 0; i < 2; i++) {
            OnnxSessionOptions options = OnnxSessionOptions.builder().intraOpThreads(2).allowSpinning(spinning[i]).build();
            assertThat(options.allowSpinning()).isEqualTo(spinning[i]);
            try (OnnxSession s = OnnxSession.open(TinyModels.linear(SPIN_WINDOW, 4, true, 2).toByteArray(), "spin", options);
                    OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(4)).build()) {
                c.classify(frame, scores[i]);
            }
        }
        assertThat(scores[1]).containsExactly(scores[0]);
        assertThat(scores[0][0] + scores[0][1] + scores[0][2] + scores[0][3]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void providerErrorsListWhatExists() {
        assertThatThrownBy(() -> OnnxSessionOptions.builder().executionProvider("warp-drive").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warp-drive").hasMessageContaining("cuda");
        assertThat(OnnxSessionOptions.builder().executionProvider("CPUExecutionProvider").build().executionProvider())
                .isEqualTo("CPUExecutionProvider");
        // The Maven onnxruntime artifact is CPU-only; when a GPU build is on the class path this provider exists.
        org.junit.jupiter.api.Assumptions.assumeFalse(
                ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.TENSOR_RT));
        OnnxSessionOptions trt = OnnxSessionOptions.builder().executionProvider("tensorrt").build();
        assertThatThrownBy(() -> OnnxSession.open(foldable(), "fold", trt))
                .isInstanceOf(AudioMLException.class)
                .hasMessageContaining("\"tensorrt\"")
                .hasMessageContaining("available: [")
                .hasMessageContaining("CPUExecutionProvider");
    }

    @Test
    void badOptionsAndFilesAreRejected(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> OnnxSessionOptions.builder().intraOpThreads(-1).build()).hasMessageContaining("intraOpThreads");
        assertThatThrownBy(() -> OnnxSessionOptions.builder().interOpThreads(-2).build()).hasMessageContaining("interOpThreads");
        assertThatThrownBy(() -> OnnxSession.open(dir.resolve("missing.onnx"))).hasMessageContaining("model file not found");
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a model");
        assertThatThrownBy(() -> OnnxSession.open(text)).isInstanceOf(AudioMLException.class).hasMessageContaining(text.toString());
    }

    @Test
    void closeIsIdempotent() {
        OnnxSession s = OnnxSession.open(foldable(), "fold", OnnxSessionOptions.defaults());
        s.close();
        s.close();
        assertThatThrownBy(() -> dev.audioml.onnx.internal.OrtAccess.ort(s)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OnnxSession");
    }

    @Test
    void nativeMemoryStaysBoundedOverCreateCloseCycles() throws IOException {
        byte[] model = TinyModels.linear(64, 4, true, 1).toByteArray();
        FeatureFrame frame = new FeatureFrame(1, 64);
        float[] scores = new float[4];
        long before = 0;
        for (int i = 0; i < CYCLES; i++) {
            if (i == WARM_UP_CYCLES) {
                System.gc();
                before = rssKib();
            }
            try (OnnxSession s = OnnxSession.open(model, "cycle", OnnxSessionOptions.builder().intraOpThreads(1).build());
                    OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(4)).build()) {
                c.classify(frame, scores);
            }
        }
        System.gc();
        long growth = rssKib() - before;
        System.out.printf("RSS growth over %d session+classifier cycles: %d KiB%n", CYCLES - WARM_UP_CYCLES, growth);
        assertThat(growth).isLessThan(RSS_GROWTH_LIMIT_KIB);
    }

    private static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
