package dev.audioml.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    /** A value read back is at most this much above the recorded one (8 buckets per octave). */
    private static final double RELATIVE_RESOLUTION = 1.0 / LatencyHistogram.SUB_BUCKETS;

    @Test
    void bucketsTileTheValuesWithBoundedRelativeWidth() {
        long previousEdge = -1;
        for (int i = 0; i < 400; i++) {
            long edge = LatencyHistogram.upperEdge(i);
            assertThat(LatencyHistogram.index(edge)).isEqualTo(i);
            assertThat(LatencyHistogram.index(previousEdge + 1)).isEqualTo(i);
            assertThat(edge - previousEdge - 1).isLessThanOrEqualTo((long) Math.ceil(RELATIVE_RESOLUTION * (previousEdge + 1)));
            previousEdge = edge;
        }
        assertThat(LatencyHistogram.index(Long.MAX_VALUE)).isLessThan(8 * 62);
    }

    @Test
    void percentilesOfAKnownDistribution() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentile(0.5)).isZero();
        for (int i = 1; i <= 100; i++) {
            h.record(i * 1_000L); // 1 .. 100 microseconds
        }
        assertThat(h.percentile(0.5)).isBetween(50_000L, (long) (50_000 * (1 + RELATIVE_RESOLUTION)));
        assertThat(h.percentile(0.99)).isBetween(99_000L, (long) (99_000 * (1 + RELATIVE_RESOLUTION)));
        assertThat(h.percentile(1.0)).isBetween(100_000L, (long) (100_000 * (1 + RELATIVE_RESOLUTION)));
    }
}
