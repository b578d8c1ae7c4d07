package dev.audioml.core.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.Source;
import dev.audioml.core.source.Sources;
import dev.audioml.core.testing.Signals;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResamplingSourceTest {

    @Test
    void deliversTheSameSamplesAsBatchResamplingAtTheTargetRate() throws IOException {
        float[] clip = Signals.sweep(100, 20_000, 44_100, 30_000, 0.8);
        float[] want = Resampler.resample(clip, 44_100, 16_000);
        try (Source source = ResamplingSource.of(Sources.fromArray(clip, 44_100), 16_000)) {
            assertThat(source.sampleRateHz()).isEqualTo(16_000);
            assertThat(source.frameCount()).hasValue(want.length);
            float[] got = new float[want.length + 10];
            int n = 0;
            int step = 1;
            for (int r; (r = source.read(got, n, Math.min(step, got.length - n))) > 0; step = step * 3 % 997 + 1) {
                n += r;
            }
            assertThat(Arrays.copyOf(got, n)).containsExactly(want);
            assertThat(source.read(got, 0, 1)).isEqualTo(-1);
        }
    }

    @Test
    void sameRateIsPassedThroughAndCloseClosesTheInnerSourceOnce() throws IOException {
        Source inner = Sources.fromArray(new float[10], 16_000);
        assertThat(ResamplingSource.of(inner, 16_000)).isSameAs(inner);
        ResamplingSource wrapped = new ResamplingSource(inner, 8_000);
        wrapped.close();
        wrapped.close();
        assertThatThrownBy(() -> inner.read(new float[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> wrapped.read(new float[1], 0, 1)).hasMessageContaining("ResamplingSource is closed");
    }
}
