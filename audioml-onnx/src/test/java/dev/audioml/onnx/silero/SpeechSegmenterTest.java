package dev.audioml.onnx.silero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import dev.audioml.core.post.PostProcessor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The segment logic against values worked out by hand from {@code get_speech_timestamps} (16 kHz: 512-sample chunks,
 * min speech 4000 samples, min silence 1600 samples, pad 480 samples).
 */
class SpeechSegmenterTest {
    private static final int CHUNK = 512;

    private static float[] probs(int chunks, int[]... speechChunkRanges) {
        float[] p = new float[chunks];
        java.util.Arrays.fill(p, 0.05f);
        for (int[] r : speechChunkRanges) {
            for (int c = r[0]; c < r[1]; c++) {
                p[c] = 0.9f;
            }
        }
        return p;
    }

    private static List<long[]> spans(List<Event> events) {
        List<long[]> out = new ArrayList<>();
        for (Event e : events) {
            out.add(new long[] {e.startSample(), e.endSample()});
        }
        return out;
    }

    @Test
    void oneSegmentIsPaddedOnBothSides() {
        // speech chunks 10..29: start 5120; first chunk below neg at 30 (15360); silence reaches 1600 at chunk 34
        List<Event> s = SpeechSegmenter.builder().build().segments(probs(60, new int[] {10, 30}), 60 * CHUNK);
        assertThat(spans(s)).containsExactly(new long[] {5120 - 480, 15360 + 480});
        assertThat(s.get(0).label()).isEqualTo("speech");
        assertThat(s.get(0).peakScore()).isEqualTo(0.9f);
    }

    @Test
    void shortBurstsAreDroppedAndShortPausesDoNotSplit() {
        // burst of 7 chunks = 3584 samples, not > 4000: dropped. Pause of 3 chunks (1536 < 1600) inside speech: kept.
        SpeechSegmenter seg = SpeechSegmenter.builder().build();
        assertThat(seg.segments(probs(40, new int[] {5, 12}), 40 * CHUNK)).isEmpty();
        assertThat(spans(seg.segments(probs(80, new int[] {10, 20}, new int[] {23, 40}), 80 * CHUNK)))
                .containsExactly(new long[] {5120 - 480, 40 * CHUNK + 480});
    }

    @Test
    void closeSegmentsShareTheGapAndOpenSpeechEndsAtTheClip() {
        // pad 2000 samples: gap 10240 - 5120*... segments [512*10, 512*20) and [512*26, end)
        SpeechSegmenter seg = SpeechSegmenter.builder().speechPadMs(125).build(); // pad = 2000 samples
        int len = 40 * CHUNK - 100;
        List<Event> s = seg.segments(probs(40, new int[] {10, 20}, new int[] {26, 40}), len);
        long gap = 26 * CHUNK - 20 * CHUNK; // 3072 < 4000 = 2 * pad: half each
        assertThat(spans(s)).containsExactly(new long[] {5120 - 2000, 20 * CHUNK + gap / 2},
                new long[] {26 * CHUNK - gap / 2, len});
    }

    @Test
    void asThePostProcessorsEventStepItGivesTheSameSegments() {
        SpeechSegmenter seg = SpeechSegmenter.builder().speechPadMs(125).build();
        int len = 40 * CHUNK - 100;
        float[] p = probs(40, new int[] {10, 20}, new int[] {26, 40});
        PostProcessor post = PostProcessor.builder().events(seg).build();
        List<Event> got = new ArrayList<>();
        Sink sink = new Sink() {
            @Override
            public void onClassification(Classification c) {
                // windows are not under test
            }

            @Override
            public void onEvent(Event e) {
                got.add(e);
            }
        };
        for (int c = 0; c < p.length; c++) {
            long end = Math.min((long) (c + 1) * CHUNK, len); // the last window is zero-padded: it ends at the audio's end
            post.accept(new Classification((long) c * CHUNK, end, 16_000, List.of("speech"), new float[] {p[c]}), sink);
        }
        post.finish(sink);
        assertThat(got).isEqualTo(seg.segments(p, len));
        PostProcessor gap = PostProcessor.builder().events(seg).build();
        gap.accept(new Classification(0, CHUNK, 16_000, List.of("speech"), new float[] {0.9f}), sink);
        assertThatThrownBy(() -> gap.accept(new Classification(2 * CHUNK, 3 * CHUNK, 16_000, List.of("speech"),
                new float[] {0.9f}), sink)).hasMessageContaining("back-to-back windows of 512 samples");
    }

    @Test
    void hysteresisUsesTheNegativeThreshold() {
        float[] p = probs(60, new int[] {10, 30});
        for (int c = 30; c < 45; c++) {
            p[c] = 0.4f; // below 0.5 but above 0.35: still speech
        }
        List<Event> s = SpeechSegmenter.builder().build().segments(p, 60 * CHUNK);
        assertThat(spans(s)).containsExactly(new long[] {5120 - 480, 45 * CHUNK + 480});
        List<Event> lower = SpeechSegmenter.builder().negativeThreshold(0.45f).build().segments(p, 60 * CHUNK);
        assertThat(spans(lower)).containsExactly(new long[] {5120 - 480, 30 * CHUNK + 480});
    }

    @Test
    void streamEmitsEachSegmentSoonAfterItsEndAndEqualsBatch() {
        SpeechSegmenter seg = SpeechSegmenter.builder().build();
        float[] p = probs(100, new int[] {10, 30}, new int[] {60, 80});
        List<Event> streamed = new ArrayList<>();
        SpeechSegmenter.Stream stream = seg.newStream(streamed::add);
        int emittedAt = -1;
        for (int c = 0; c < p.length; c++) {
            stream.accept(p[c]);
            if (emittedAt < 0 && !streamed.isEmpty()) {
                emittedAt = c;
            }
        }
        stream.finish(p.length * CHUNK);
        assertThat(streamed).isEqualTo(seg.segments(p, p.length * CHUNK));
        assertThat(emittedAt).as("first segment emitted by chunk").isBetween(30, 36);
        stream.reset();
        assertThat(stream.hasEmitted()).isFalse();
    }

    @Test
    void builderRejectsImpossibleValues() {
        assertThatThrownBy(() -> SpeechSegmenter.builder().threshold(1.5f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold must be in (0, 1), got 1.5");
        assertThatThrownBy(() -> SpeechSegmenter.builder().threshold(0.5f).negativeThreshold(0.6f).build())
                .hasMessageContaining("negativeThreshold");
        assertThatThrownBy(() -> SpeechSegmenter.builder().minSilenceMs(-1).build()).hasMessageContaining("minSilenceMs");
        assertThatThrownBy(() -> SpeechSegmenter.builder().sampleRateHz(44_100).build()).hasMessageContaining("44100");
        assertThat(SpeechSegmenter.builder().threshold(0.6f).build().negativeThreshold()).isEqualTo(0.45f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(SpeechSegmenter.builder().sampleRateHz(8_000).build().chunkSamples()).isEqualTo(256);
    }
}
