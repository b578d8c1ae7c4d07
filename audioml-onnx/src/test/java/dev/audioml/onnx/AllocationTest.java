package dev.audioml.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.core.FeatureFrame;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The per-window Java allocation of {@link OnnxClassifier#classify}: only what ONNX Runtime's run allocates. */
class AllocationTest {
    private static final int WARM_UP = 500;
    private static final int WINDOWS = 2_000;
    /**
     * Allowed Java heap bytes per window. ONNX Runtime's Java {@code run} allocates its Result and a few small arrays
     * (about 1 KiB); copying the input or output per window would add the tensor size (16 KiB here) on top.
     */
    private static final long BYTES_PER_WINDOW_LIMIT = 4 * 1024;
    private static final int WINDOW = 4096;

    @Test
    void classifyAllocatesLessThanItsTensors() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (OnnxSession s = OnnxSession.open(TinyModels.linear(WINDOW, 4, true, 1).toByteArray(), "alloc", OnnxSessionOptions.defaults());
                OnnxClassifier c = OnnxClassifier.builder(s).labels(TinyModels.labels(4)).frameShape(1, WINDOW).build()) {
            FeatureFrame frame = new FeatureFrame(1, WINDOW);
            float[] scores = new float[4];
            for (int i = 0; i < WARM_UP; i++) {
                c.classify(frame, scores);
            }
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < WINDOWS; i++) {
                frame.data()[i] = i;
                c.classify(frame, scores);
            }
            long perWindow = (mx.getThreadAllocatedBytes(tid) - before) / WINDOWS;
            System.out.printf("OnnxClassifier.classify heap allocation: %d bytes/window (input %d floats)%n", perWindow, WINDOW);
            assertThat(perWindow).isLessThan(BYTES_PER_WINDOW_LIMIT);
        }
    }
}
