package dev.audioml.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.core.FeatureFrame;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * The per-window Java allocation of {@link OnnxClassifier#classify} and per batch of {@link OnnxClassifier#classifyBatch}:
 * only what ONNX Runtime's run allocates.
 */
class AllocationTest {
    private static final int WARM_UP = 500;
    private static final int WINDOWS = 2_000;
    /**
     * Allowed Java heap bytes per window. ONNX Runtime's Java {@code run} allocates its Result and a few small arrays
     * (about 1 KiB); copying the input or output per window would add the tensor size (16 KiB here) on top.
     */
    private static final long BYTES_PER_WINDOW_LIMIT = 4 * 1024;
    private static final int WINDOW = 4096;

    private static final int BATCH = 8;

    @Test
    void classifyAllocatesLessThanItsTensors() {
        try (OnnxSession s = OnnxSession.open(TinyModels.linear(WINDOW, 4, true, 1).toByteArray(), "alloc", OnnxSessionOptions.defaults());
                OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(4)).frameShape(1, WINDOW).build()) {
            FeatureFrame frame = new FeatureFrame(1, WINDOW);
            float[] scores = new float[4];
            long perWindow = bytesPerCall(i -> {
                frame.data()[i] = i;
                c.classify(frame, scores);
            });
            System.out.printf("OnnxClassifier.classify heap allocation: %d bytes/window (input %d floats)%n", perWindow, WINDOW);
            assertThat(perWindow).isLessThan(BYTES_PER_WINDOW_LIMIT);
        }
    }

    @Test
    void classifyBatchReusesItsTensors() {
        try (OnnxSession s = OnnxSession.open(TinyModels.linear(WINDOW, 4, true, 1).toByteArray(), "alloc", OnnxSessionOptions.defaults());
                OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(4)).frameShape(1, WINDOW).maxBatch(BATCH).build()) {
            List<FeatureFrame> frames = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                frames.add(new FeatureFrame(1, WINDOW));
            }
            float[][] scores = new float[BATCH][4];
            long perBatch = bytesPerCall(i -> {
                frames.get(i % BATCH).data()[i] = i;
                c.classifyBatch(frames, scores);
            });
            System.out.printf("OnnxClassifier.classifyBatch heap allocation: %d bytes/batch of %d (input %d floats)%n",
                    perBatch, BATCH, BATCH * WINDOW);
            assertThat(perBatch).isLessThan(BYTES_PER_WINDOW_LIMIT);
        }
    }

    /** @return heap bytes this thread allocates per call of {@code call} (given the call index), after a warm-up */
    private static long bytesPerCall(IntConsumer call) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARM_UP; i++) {
            call.accept(i);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < WINDOWS; i++) {
            call.accept(i);
        }
        return (mx.getThreadAllocatedBytes(tid) - before) / WINDOWS;
    }
}
