package dev.audioml.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationTest {
    private final Classification c = new Classification(16_000, 32_000, 16_000, List.of("cat", "dog", "bird"),
            new float[] {0.2f, 0.7f, 0.1f});

    @Test
    void topAndTopKRankByScore() {
        assertThat(c.top().label()).isEqualTo("dog");
        assertThat(c.topK(2)).extracting(Classification.Score::label).containsExactly("dog", "cat");
        assertThat(c.topK(10)).extracting(Classification.Score::index).containsExactly(1, 0, 2);
        assertThat(c.score("bird")).isEqualTo(0.1f);
    }

    @Test
    void secondsAreDerivedFromSampleIndices() {
        assertThat(c.startSeconds()).isEqualTo(1.0);
        assertThat(c.endSeconds()).isEqualTo(2.0);
    }

    @Test
    void scoresAreCopiedInAndOut() {
        float[] scores = {0.5f, 0.5f};
        Classification x = new Classification(0, 1, 1, List.of("a", "b"), scores);
        scores[0] = 9f;
        x.scores()[1] = 9f;
        assertThat(x.scores()).containsExactly(0.5f, 0.5f);
    }

    @Test
    void mismatchedLabelsAndScoresAreRejected() {
        assertThatThrownBy(() -> new Classification(0, 1, 1, List.of("a"), new float[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 scores for 1 labels");
        assertThatThrownBy(() -> c.score("fish")).hasMessageContaining("fish");
    }
}
