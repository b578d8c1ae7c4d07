package dev.audioml.core.framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.testing.Signals;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FramerTest {
    private static final int RATE_HZ = 16_000;
    /**
     * Bytes tolerated over 20000 warmed-up pushes (about 20000 hops): JVM noise such as a JIT tier change. One
     * allocation per hop, even an empty object, would exceed it a hundred times over.
     */
    private static final long ALLOCATION_BUDGET_BYTES = 1024;

    record Window(long start, int valid, float[] samples) {
    }

    private static List<Window> frame(WindowFramer framer, float[] signal, int[] blockSizes) {
        List<Window> out = new ArrayList<>();
        WindowFramer.WindowConsumer collect = (w, valid) -> out.add(new Window(w.startSample(), valid, w.toArray()));
        int pos = 0;
        int i = 0;
        while (pos < signal.length) {
            int n = Math.min(blockSizes[i++ % blockSizes.length], signal.length - pos);
            framer.push(signal, pos, n, collect);
            pos += n;
        }
        framer.finish(collect);
        return out;
    }

    /** The obvious definition: window k starts at k * hop; full windows, then one padded window if samples remain. */
    private static List<Window> reference(float[] signal, int window, int hop, LastWindow policy) {
        List<Window> out = new ArrayList<>();
        long coveredEnd = 0;
        int start = 0;
        for (; start + window <= signal.length; start += hop) {
            out.add(new Window(start, window, Arrays.copyOfRange(signal, start, start + window)));
            coveredEnd = start + window;
        }
        if (policy == LastWindow.ZERO_PAD && signal.length > Math.max(start, coveredEnd)) {
            out.add(new Window(start, signal.length - start, Arrays.copyOf(Arrays.copyOfRange(signal, start, signal.length), window)));
        }
        return out;
    }

    @ParameterizedTest(name = "window {0}, hop {1}, blocks {2}, {3} samples")
    @CsvSource({
        "400, 160, 1, 1000", "400, 160, 7, 1601", "400, 400, 512, 4000", "400, 500, 97, 4321", "400, 1000, 1, 3500",
        "1, 1, 3, 10", "16000, 8000, 4096, 11200", "512, 128, 256, 5000", "3, 2, 1024, 2049", "10, 25, 4, 99"})
    void windowsMatchTheDefinitionForAnyBlockSize(int window, int hop, int block, int length) {
        float[] signal = Signals.noise(length, 1.0, length);
        SplittableRandom random = new SplittableRandom(block);
        int[] sizes = {block, 1 + random.nextInt(2 * block), 1, block + 1};
        for (LastWindow policy : LastWindow.values()) {
            List<Window> got = frame(new WindowFramer(window, hop, RATE_HZ, policy), signal, sizes);
            List<Window> want = reference(signal, window, hop, policy);
            assertThat(got).hasSameSizeAs(want);
            for (int k = 0; k < want.size(); k++) {
                assertThat(got.get(k).start()).as("start of window %d", k).isEqualTo(want.get(k).start());
                assertThat(got.get(k).valid()).isEqualTo(want.get(k).valid());
                assertThat(got.get(k).samples()).as("window %d", k).containsExactly(want.get(k).samples());
            }
        }
    }

    @Test
    void clipShorterThanTheWindowIsZeroPaddedByDefaultAndDroppedOnRequest() {
        float[] clip = Signals.sine(440, RATE_HZ, 11_200, 0.5); // 0.7 s for a 1 s model
        List<Window> padded = frame(new WindowFramer(RATE_HZ, RATE_HZ / 2, RATE_HZ), clip, new int[] {1024});
        assertThat(padded).hasSize(1);
        assertThat(padded.get(0).start()).isZero();
        assertThat(padded.get(0).valid()).isEqualTo(11_200);
        assertThat(padded.get(0).samples()).hasSize(RATE_HZ);
        assertThat(padded.get(0).samples()[11_199]).isEqualTo(clip[11_199]);
        assertThat(padded.get(0).samples()[11_200]).isZero();
        assertThat(frame(new WindowFramer(RATE_HZ, RATE_HZ / 2, RATE_HZ, LastWindow.DROP), clip, new int[] {1024})).isEmpty();
    }

    @Test
    void hopLongerThanWindowSkipsTheSamplesBetweenWindows() {
        float[] ramp = new float[50];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i;
        }
        List<Window> got = frame(new WindowFramer(4, 10, RATE_HZ, LastWindow.DROP), ramp, new int[] {3});
        assertThat(got).extracting(Window::start).containsExactly(0L, 10L, 20L, 30L, 40L);
        assertThat(got.get(2).samples()).containsExactly(20f, 21f, 22f, 23f);
    }

    @Test
    void resetStartsANewStreamAtTheGivenIndex() {
        WindowFramer framer = new WindowFramer(4, 2, RATE_HZ);
        List<Long> starts = new ArrayList<>();
        framer.push(new float[5], 0, 5, (w, v) -> starts.add(w.startSample()));
        framer.reset(1_000);
        framer.push(new float[6], 0, 6, (w, v) -> starts.add(w.startSample()));
        assertThat(starts).containsExactly(0L, 1_000L, 1_002L);
        assertThat(framer.nextSample()).isEqualTo(1_006L);
    }

    @Test
    void emptyStreamGivesNoWindowAndPushAfterFinishIsRejected() {
        WindowFramer framer = new WindowFramer(4, 2, RATE_HZ);
        List<Long> starts = new ArrayList<>();
        framer.push(new float[0], 0, 0, (w, v) -> starts.add(w.startSample()));
        framer.push(new dev.audioml.core.AudioBlock(1, RATE_HZ), (w, v) -> starts.add(w.startSample()));
        framer.finish((w, v) -> starts.add(w.startSample()));
        assertThat(starts).isEmpty();
        assertThatThrownBy(() -> framer.push(new float[1], 0, 1, (w, v) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WindowFramer");
        assertThatThrownBy(() -> framer.push(new dev.audioml.core.AudioBlock(4, 8_000), (w, v) -> { }))
                .hasMessageContaining("block is at 8000 Hz but the framer at 16000 Hz");
        assertThatThrownBy(() -> new WindowFramer(0, 1, RATE_HZ)).hasMessageContaining("windowSamples must be >= 1, got 0");
        assertThatThrownBy(() -> new WindowFramer(4, 0, RATE_HZ)).hasMessageContaining("hopSamples must be >= 1, got 0");
    }

    @Test
    void steadyStateAllocatesNothingPerHop() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        WindowFramer framer = new WindowFramer(400, 160, RATE_HZ);
        float[] block = Signals.noise(333, 1.0, 7);
        long[] windows = new long[1];
        WindowFramer.WindowConsumer count = (w, valid) -> windows[0] += valid;
        for (int i = 0; i < 20_000; i++) { // warm-up: let the JIT compile the path
            framer.push(block, 0, block.length, count);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 20_000; i++) {
            framer.push(block, 0, 1 + (i % block.length), count);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(windows[0]).isPositive();
        assertThat(allocated).as("bytes allocated over 20000 pushes").isLessThanOrEqualTo(ALLOCATION_BUDGET_BYTES);
    }
}
