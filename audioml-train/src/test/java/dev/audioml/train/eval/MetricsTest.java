package dev.audioml.train.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
    static final double TOLERANCE = 1e-12;

    @Test
    void matchesScikitLearnOnAHandCheckedExample() {
        // truth:     a a a a b b c
        // predicted: a a b c b b b
        int[] truth = {0, 0, 0, 0, 1, 1, 2};
        int[] pred = {0, 0, 1, 2, 1, 1, 1};
        Metrics m = Metrics.of(List.of("a", "b", "c"), truth, pred);
        assertThat(m.accuracy()).isCloseTo(4.0 / 7, within(TOLERANCE));
        // recalls 0.5, 1.0, 0.0 -> balanced accuracy 0.5 (sklearn.metrics.balanced_accuracy_score)
        assertThat(m.balancedAccuracy()).isCloseTo(0.5, within(TOLERANCE));
        assertThat(m.perClass().get(0).precision()).isCloseTo(1.0, within(TOLERANCE));
        assertThat(m.perClass().get(1).precision()).isCloseTo(0.5, within(TOLERANCE));
        assertThat(m.perClass().get(1).f1()).isCloseTo(2.0 / 3, within(TOLERANCE));
        assertThat(m.perClass().get(2).precision()).isZero();
        assertThat(m.perClass().get(2).support()).isEqualTo(1);
        assertThat(m.confusion()).isEqualTo(new int[][] {{2, 1, 1}, {0, 2, 0}, {0, 1, 0}});
        assertThat(m.table()).contains("accuracy 0.571, balanced accuracy 0.500 over 7 clips");
    }
}
