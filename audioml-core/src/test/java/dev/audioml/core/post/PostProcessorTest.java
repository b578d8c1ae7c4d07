package dev.audioml.core.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Windows of 10 samples at 100 Hz (0.1 s), back to back: window i spans [10 i, 10 i + 10). */
class PostProcessorTest {
    private static final int RATE_HZ = 100;
    private static final int WINDOW = 10;
    private static final float SCORE_TOLERANCE = 1e-6f;
    private static final List<String> LABELS = List.of("a", "b", "c");

    private final List<Classification> windows = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final Sink out = new Sink() {
        @Override
        public void onClassification(Classification c) {
            windows.add(c);
        }

        @Override
        public void onEvent(Event e) {
            events.add(e);
        }
    };

    private static Classification window(int i, float a, float b, float c) {
        return new Classification((long) i * WINDOW, (long) i * WINDOW + WINDOW, RATE_HZ, LABELS, new float[] {a, b, c});
    }

    /** Runs label a's scores (b = c = 0) through {@code pp} and finishes the stream. */
    private void runA(PostProcessor pp, float... a) {
        for (int i = 0; i < a.length; i++) {
            pp.accept(window(i, a[i], 0, 0), out);
        }
        pp.finish(out);
    }

    @Test
    void hysteresisStartsAtOnAndEndsBelowOff() {
        runA(PostProcessor.builder().events(0.5f, 0.4f).build(), 0.1f, 0.6f, 0.45f, 0.35f, 0.2f, 0.7f, 0.7f, 0.1f);
        assertThat(events).containsExactly(new Event("a", 10, 30, RATE_HZ, 0.6f), new Event("a", 50, 70, RATE_HZ, 0.7f));
        assertThat(windows).hasSize(8);
    }

    @Test
    void scoreBetweenOffAndOnDoesNotStartAnEvent() {
        runA(PostProcessor.builder().events(0.5f, 0.4f).build(), 0.45f, 0.49f, 0.45f);
        assertThat(events).isEmpty();
    }

    @Test
    void eventsShorterThanTheMinimumAreDropped() {
        float[] a = {0.9f, 0.9f, 0.1f, 0.9f, 0.1f};
        runA(PostProcessor.builder().events(0.5f, 0.5f).minEventSeconds(0.2).build(), a);
        assertThat(events).containsExactly(new Event("a", 0, 20, RATE_HZ, 0.9f));
    }

    @Test
    void cooldownDelaysTheNextEventOfTheSameLabel() {
        runA(PostProcessor.builder().events(0.5f, 0.5f).cooldownSeconds(0.15).build(), 0.9f, 0.1f, 0.9f, 0.9f, 0.1f);
        // first ends at 10, so nothing may start before 25: window 2 (20) is ignored, window 3 (30) starts one
        assertThat(events).containsExactly(new Event("a", 0, 10, RATE_HZ, 0.9f), new Event("a", 30, 40, RATE_HZ, 0.9f));
    }

    @Test
    void patienceNeedsConsecutiveWindowsAndStartsAtTheFirstOfThem() {
        // a one-window blip (window 1) is ignored; windows 3-5 form a run that starts at window 3
        runA(PostProcessor.builder().events(0.5f, 0.5f).patience(2).build(), 0.1f, 0.9f, 0.1f, 0.8f, 0.9f, 0.7f, 0.1f);
        assertThat(events).containsExactly(new Event("a", 30, 60, RATE_HZ, 0.9f));
    }

    @Test
    void gapMergingJoinsRunsCloserThanTheGap() {
        float[] a = {0.9f, 0.1f, 0.9f, 0.9f, 0.1f, 0.1f, 0.1f, 0.9f, 0.1f};
        runA(PostProcessor.builder().events(0.5f, 0.5f).mergeGapSeconds(0.15).build(), a);
        // gap of one window (0.1 s) merges; gap of three windows (0.3 s) does not
        assertThat(events).containsExactly(new Event("a", 0, 40, RATE_HZ, 0.9f), new Event("a", 70, 80, RATE_HZ, 0.9f));
        events.clear();
        runA(PostProcessor.builder().events(0.5f, 0.5f).build(), a);
        assertThat(events).hasSize(3);
    }

    @Test
    void debounceCountsFromTheStartOfTheLastEvent() {
        float[] a = {0.9f, 0.9f, 0.9f, 0.1f, 0.9f, 0.1f, 0.9f, 0.1f};
        runA(PostProcessor.builder().events(0.5f, 0.5f).debounceSeconds(0.5).build(), a);
        // first event starts at 0: window 4 (40) is blocked, window 6 (60 >= 50) starts the next one
        assertThat(events).containsExactly(new Event("a", 0, 30, RATE_HZ, 0.9f), new Event("a", 60, 70, RATE_HZ, 0.9f));
    }

    @Test
    void minimumDurationAppliesAfterMerging() {
        runA(PostProcessor.builder().events(0.5f, 0.5f).mergeGapSeconds(0.15).minEventSeconds(0.25).build(),
                0.9f, 0.1f, 0.9f, 0.1f, 0.1f, 0.9f, 0.1f);
        assertThat(events).containsExactly(new Event("a", 0, 30, RATE_HZ, 0.9f));
    }

    @Test
    void eventRulesFromAPresetCanBeChangedAndReplaceTheBuiltInOptions() {
        EventRules preset = EventRules.builder().threshold(0.5f).patience(2).debounceSeconds(1.0).build();
        EventRules mine = preset.toBuilder().patience(1).build();
        assertThat(mine.patience()).isEqualTo(1);
        assertThat(mine.debounceSeconds()).isEqualTo(1.0);
        assertThat(mine.offThreshold()).isEqualTo(0.5f);
        runA(PostProcessor.builder().events(mine).build(), 0.1f, 0.9f, 0.1f);
        assertThat(events).containsExactly(new Event("a", 10, 20, RATE_HZ, 0.9f));
        assertThatThrownBy(() -> PostProcessor.builder().events(mine).patience(3).build())
                .hasMessageContaining("replaces the built-in event rules");
        assertThatThrownBy(() -> EventRules.builder().patience(0).build()).hasMessage("patience must be >= 1 windows, got 0");
        assertThatThrownBy(() -> EventRules.builder().thresholds(0.5f, 0.6f).build())
                .hasMessage("offThreshold must be <= onThreshold (0.5), got 0.6");
        assertThatThrownBy(() -> EventRules.builder().mergeGapSeconds(-1).build())
                .hasMessage("mergeGapSeconds must be a finite number >= 0, got -1.0");
    }

    @Test
    void eventOpenAtEndOfStreamIsClosedThere() {
        runA(PostProcessor.builder().events(0.5f, 0.3f).build(), 0.1f, 0.9f, 0.8f);
        assertThat(events).containsExactly(new Event("a", 10, 30, RATE_HZ, 0.9f));
    }

    @Test
    void movingAverageAveragesTheLastNWindows() {
        runA(PostProcessor.builder().movingAverage(2).build(), 0f, 0.3f, 0.6f, 0.9f);
        assertScoresOfA(0f, 0.15f, 0.45f, 0.75f);
    }

    @Test
    void exponentialSmoothingStartsAtTheFirstScore() {
        runA(PostProcessor.builder().exponentialSmoothing(0.5).build(), 0f, 0.3f, 0.6f, 0.9f);
        assertScoresOfA(0f, 0.15f, 0.375f, 0.6375f);
    }

    private void assertScoresOfA(float... want) {
        assertThat(windows).hasSize(want.length);
        for (int i = 0; i < want.length; i++) {
            assertThat(windows.get(i).score("a")).as("window %d", i).isCloseTo(want[i], within(SCORE_TOLERANCE));
        }
    }

    @Test
    void eventsSeeSmoothedScores() {
        // raw 0, 1, 0, 0: averaged over 2 windows 0, 0.5, 0.5, 0 -> one event over windows 1-2
        runA(PostProcessor.builder().movingAverage(2).events(0.5f, 0.5f).build(), 0f, 1f, 0f, 0f);
        assertThat(events).containsExactly(new Event("a", 10, 30, RATE_HZ, 0.5f));
    }

    @Test
    void allowAndDenyListsRestrictLabelsInModelOrder() {
        PostProcessor deny = PostProcessor.builder().deny("b").build();
        assertThat(deny.outputLabels(LABELS)).containsExactly("a", "c");
        deny.accept(window(0, 0.2f, 0.7f, 0.1f), out);
        assertThat(windows.get(0).labels()).containsExactly("a", "c");
        assertThat(windows.get(0).scores()).containsExactly(0.2f, 0.1f);
        assertThat(PostProcessor.builder().allow("c", "a").build().outputLabels(LABELS)).containsExactly("a", "c");
        assertThatThrownBy(() -> PostProcessor.builder().allow("x").build().outputLabels(LABELS))
                .hasMessageContaining("allow list names unknown label \"x\"; labels are [a, b, c]");
    }

    @Test
    void topKAndThresholdReduceWhatIsReported() {
        PostProcessor pp = PostProcessor.builder().topK(2).threshold(0.15f).build();
        pp.accept(window(0, 0.2f, 0.7f, 0.1f), out);
        pp.accept(window(1, 0.2f, 0.1f, 0.12f), out);
        pp.accept(window(2, 0.1f, 0.1f, 0.1f), out);
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).labels()).containsExactly("a", "b");
        assertThat(windows.get(1).labels()).containsExactly("a");
        assertThat(windows.get(1).startSample()).isEqualTo(10);
    }

    @Test
    void topKBreaksTiesInModelOrder() {
        PostProcessor pp = PostProcessor.builder().topK(2).build();
        pp.accept(window(0, 0.5f, 0.5f, 0.5f), out);
        pp.accept(window(1, 0.1f, 0.5f, 0.5f), out);
        assertThat(windows.get(0).labels()).containsExactly("a", "b");
        assertThat(windows.get(1).labels()).containsExactly("b", "c");
    }

    @Test
    void noOptionsPassesThroughAndResetForgetsState() {
        PostProcessor pp = PostProcessor.builder().movingAverage(3).build();
        Classification c = window(0, 0.2f, 0.7f, 0.1f);
        pp.accept(c, out);
        pp.reset();
        pp.accept(window(1, 1f, 1f, 1f), out);
        assertThat(windows.get(1).scores()).containsExactly(1f, 1f, 1f);
        PostProcessor plain = PostProcessor.builder().build();
        plain.accept(c, out);
        assertThat(windows.get(2)).isEqualTo(c);
    }

    @Test
    void badConfigurationsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> PostProcessor.builder().events(0.4f, 0.5f))
                .hasMessageContaining("offThreshold must be <= onThreshold (0.4), got 0.5");
        assertThatThrownBy(() -> PostProcessor.builder().movingAverage(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> PostProcessor.builder().exponentialSmoothing(1.5)).hasMessageContaining("(0, 1], got 1.5");
        assertThatThrownBy(() -> PostProcessor.builder().movingAverage(2).exponentialSmoothing(0.5).build())
                .hasMessageContaining("choose one");
        assertThatThrownBy(() -> PostProcessor.builder().allow("a").deny("a").build())
                .hasMessageContaining("\"a\" is both allowed and denied");
        assertThatThrownBy(() -> PostProcessor.builder().minEventSeconds(1).build()).hasMessageContaining("need events");
        assertThatThrownBy(() -> PostProcessor.builder().cooldownSeconds(-1)).hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> PostProcessor.builder().topK(0)).hasMessageContaining("topK must be >= 1, got 0");
    }
}
