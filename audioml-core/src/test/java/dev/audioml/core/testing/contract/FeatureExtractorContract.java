package dev.audioml.core.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FeatureExtractor} promises: {@link FeatureExtractor#outputShape} matches what
 * {@link FeatureExtractor#extract} writes for any accepted window length (odd ones included), a too-short window is
 * refused with an {@link IllegalArgumentException} naming the length, the same window gives the same features after
 * {@link FeatureExtractor#reset()} as on a new extractor (streaming = batch), silence gives finite values, and
 * {@link FeatureExtractor#close()} is idempotent, after which a use works or fails with an
 * {@link IllegalStateException}.
 */
public abstract class FeatureExtractorContract {

    /**
     * @return a new extractor; the test owns and closes it
     * @throws Exception if it cannot be created
     */
    protected abstract FeatureExtractor newExtractor() throws Exception;

    /** @return window lengths (samples) the extractor accepts, including odd ones */
    protected abstract int[] windowLengths();

    /** @return a window length it refuses as too short, or 0 if every length of at least 1 is accepted */
    protected abstract int tooShortWindow();

    @Test
    void theShapeMatchesWhatIsWrittenForEveryLength() throws Exception {
        try (FeatureExtractor fx = newExtractor()) {
            for (int n : windowLengths()) {
                int[] shape = fx.outputShape(n);
                FeatureFrame frame = new FeatureFrame(shape);
                fx.extract(AudioBlock.of(noise(n, 1), fx.sampleRateHz(), 0), frame);
                assertThat(frame.data().length).as("window of %d", n)
                        .isEqualTo(Arrays.stream(shape).reduce(1, (a, b) -> a * b));
                for (float v : frame.data()) {
                    assertThat(Float.isFinite(v)).as("finite feature for a window of %d", n).isTrue();
                }
            }
        }
    }

    @Test
    void silenceGivesFiniteFeatures() throws Exception {
        try (FeatureExtractor fx = newExtractor()) {
            int n = windowLengths()[0];
            FeatureFrame frame = new FeatureFrame(fx.outputShape(n));
            fx.extract(AudioBlock.of(new float[n], fx.sampleRateHz(), 0), frame);
            for (float v : frame.data()) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    @Test
    void afterResetTheSameWindowGivesWhatANewExtractorGives() throws Exception {
        int n = windowLengths()[0];
        float[] window = noise(n, 2);
        float[] fresh;
        try (FeatureExtractor fx = newExtractor()) {
            FeatureFrame frame = new FeatureFrame(fx.outputShape(n));
            fx.extract(AudioBlock.of(window, fx.sampleRateHz(), 0), frame);
            fresh = frame.data().clone();
        }
        try (FeatureExtractor fx = newExtractor()) {
            FeatureFrame frame = new FeatureFrame(fx.outputShape(n));
            fx.extract(AudioBlock.of(noise(n, 3), fx.sampleRateHz(), 0), frame);
            fx.extract(AudioBlock.of(noise(n, 4), fx.sampleRateHz(), n), frame);
            fx.reset();
            fx.extract(AudioBlock.of(window, fx.sampleRateHz(), 0), frame);
            assertThat(frame.data()).containsExactly(fresh);
        }
    }

    @Test
    void aTooShortWindowIsRefusedByName() throws Exception {
        int n = tooShortWindow();
        if (n == 0) {
            return;
        }
        try (FeatureExtractor fx = newExtractor()) {
            Throwable t = catchThrowable(() -> fx.outputShape(n));
            assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(n));
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseWorksOrFailsClearly() throws Exception {
        FeatureExtractor fx = newExtractor();
        int n = windowLengths()[0];
        FeatureFrame frame = new FeatureFrame(fx.outputShape(n));
        fx.close();
        assertThatCode(fx::close).doesNotThrowAnyException();
        Throwable t = catchThrowable(() -> fx.extract(AudioBlock.of(noise(n, 5), fx.sampleRateHz(), 0), frame));
        if (t != null) {
            assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    /** Deterministic noise in [-0.5, 0.5). */
    protected static float[] noise(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat() - 0.5f;
        }
        return x;
    }
}
