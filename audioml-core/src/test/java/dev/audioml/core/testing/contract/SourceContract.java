package dev.audioml.core.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.audioml.core.Source;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Source} promises: a fixed rate, samples in [-1, 1], the same sample sequence whatever the read
 * sizes, {@code -1} at the end (and again after it), {@link Source#frameCount()} equal to what is delivered when it
 * is known, an idempotent close, and after close a read that ends the stream ({@code -1}) or fails with an
 * {@link IOException} or an {@link IllegalStateException} saying it is closed — never hangs, never returns data.
 *
 * <p>Extend it for a non-live source that delivers a known, finite stream.
 */
public abstract class SourceContract {

    /**
     * @return a new source of at least 2,000 samples; the test owns and closes it. Two calls give the same samples
     * @throws Exception if it cannot be opened
     */
    protected abstract Source newSource() throws Exception;

    /**
     * @return a new source with no samples, or null if the implementation cannot be empty
     * @throws Exception if it cannot be opened
     */
    protected abstract Source newEmptySource() throws Exception;

    @Test
    void readSizesDoNotChangeTheSamples() throws Exception {
        float[] whole = readAll(newSource(), new int[] {4096});
        assertThat(whole.length).as("samples delivered").isGreaterThanOrEqualTo(2_000);
        for (int[] sizes : new int[][] {{1}, {3, 7}, {1, 1000, 13}, {whole.length + 5}}) {
            assertThat(readAll(newSource(), sizes)).as("read sizes %s", Arrays.toString(sizes)).isEqualTo(whole);
        }
        for (float v : whole) {
            assertThat(v).isBetween(-1f, 1f);
        }
    }

    @Test
    void frameCountWhenKnownIsWhatIsDelivered() throws Exception {
        OptionalLong count;
        int rate;
        try (Source s = newSource()) {
            count = s.frameCount();
            rate = s.sampleRateHz();
        }
        assertThat(rate).isPositive();
        if (count.isPresent()) {
            assertThat(readAll(newSource(), new int[] {1024}).length).isEqualTo(count.getAsLong());
        }
    }

    @Test
    void theEndIsMinusOneAndStaysSo() throws Exception {
        try (Source s = newSource()) {
            float[] buffer = new float[4096];
            while (s.read(buffer, 0, buffer.length) > 0) {
                // drain
            }
            assertThat(s.read(buffer, 0, buffer.length)).isEqualTo(-1);
            assertThat(s.read(buffer, 7, 1)).isEqualTo(-1);
        }
    }

    @Test
    void writesOnlyInsideTheGivenRange() throws Exception {
        try (Source s = newSource()) {
            float[] buffer = new float[64];
            Arrays.fill(buffer, 42f);
            int n = s.read(buffer, 10, 20);
            assertThat(n).isBetween(1, 20);
            for (int i = 0; i < buffer.length; i++) {
                if (i < 10 || i >= 10 + n) {
                    assertThat(buffer[i]).as("index %d", i).isEqualTo(42f);
                }
            }
        }
    }

    @Test
    void closeIsIdempotentAndAReadAfterItEndsOrFailsCleanly() throws Exception {
        Source s = newSource();
        float[] buffer = new float[256];
        assertThat(s.read(buffer, 0, buffer.length)).isPositive();
        s.close();
        assertThatCode(s::close).doesNotThrowAnyException();
        int[] n = {Integer.MIN_VALUE};
        Throwable t = catchThrowable(() -> n[0] = s.read(buffer, 0, buffer.length));
        if (t == null) {
            assertThat(n[0]).as("a read after close").isEqualTo(-1);
        } else {
            assertThat(t).isInstanceOfAny(IOException.class, IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    @Test
    void anEmptySourceEndsAtOnce() throws Exception {
        Source s = newEmptySource();
        if (s == null) {
            return;
        }
        try (s) {
            assertThat(s.sampleRateHz()).isPositive();
            assertThat(s.read(new float[16], 0, 16)).isEqualTo(-1);
            assertThat(s.frameCount().orElse(0)).isZero();
        }
    }

    /** Reads a new source to its end, cycling through the read sizes, and closes it. */
    private static float[] readAll(Source source, int[] sizes) throws IOException {
        try (source) {
            float[] out = new float[1024];
            int total = 0;
            int maxSize = Arrays.stream(sizes).max().orElseThrow();
            float[] buffer = new float[maxSize + 3];
            for (int i = 0;; i++) {
                int size = sizes[i % sizes.length];
                int n = source.read(buffer, 3, size);
                if (n < 0) {
                    return Arrays.copyOf(out, total);
                }
                assertThat(n).as("a read of %d", size).isBetween(1, size);
                if (total + n > out.length) {
                    out = Arrays.copyOf(out, Math.max(out.length * 2, total + n));
                }
                System.arraycopy(buffer, 3, out, total, n);
                total += n;
            }
        }
    }
}
