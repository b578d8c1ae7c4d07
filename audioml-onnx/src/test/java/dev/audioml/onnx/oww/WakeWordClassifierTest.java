package dev.audioml.onnx.oww;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.testing.TestAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openWakeWord with the real models on espeak-ng speech. */
class WakeWordClassifierTest {
    /** Detection threshold on the head's score (openWakeWord's default). */
    private static final float THRESHOLD = 0.5f;
    /** Required gap between the true-positive and false-positive rates. */
    private static final double MIN_TPR_MINUS_FPR = 0.5;
    private static final String[] VOICES = {"en-us", "en", "en-gb-x-rp", "en-us+m3", "en+f3"};
    private static final int[] SPEEDS_WPM = {140, 175};
    private static final String[] DISTRACTORS = {
        "what time is it", "good morning everyone", "turn on the kitchen lights", "hello there",
        "the weather is nice today", "please open the door",
    };

    @TempDir
    static Path dir;
    private static WakeWordModel model;

    @BeforeAll
    static void open() {
        model = Presets.wakeWords(TestAudio.cache(), List.of(Preset.HEY_JARVIS, Preset.ALEXA));
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    private static float maxScore(WakeWordClassifier c, float[] clip, int label) {
        float best = 0;
        for (float[] s : c.predictClip(clip)) {
            best = Math.max(best, s[label]);
        }
        return best;
    }

    @Test
    void heyJarvisScoresAboveThresholdFarMoreOftenThanDistractors() {
        int jarvis = model.labels().indexOf("hey_jarvis");
        int tp = 0;
        int positives = 0;
        int fp = 0;
        int negatives = 0;
        float worstDistractor = 0;
        StringBuilder report = new StringBuilder();
        try (WakeWordClassifier c = model.newClassifier()) {
            for (String voice : VOICES) {
                for (int wpm : SPEEDS_WPM) {
                    float s = maxScore(c, TestAudio.speech(dir, "hey jarvis", voice, wpm), jarvis);
                    positives++;
                    tp += s >= THRESHOLD ? 1 : 0;
                    report.append(String.format(Locale.ROOT, "  + %-11s %3d wpm  %.3f%n", voice, wpm, s));
                    for (String text : DISTRACTORS) {
                        float d = maxScore(c, TestAudio.speech(dir, text, voice, wpm), jarvis);
                        negatives++;
                        fp += d >= THRESHOLD ? 1 : 0;
                        worstDistractor = Math.max(worstDistractor, d);
                    }
                }
            }
        }
        double tpr = (double) tp / positives;
        double fpr = (double) fp / negatives;
        System.out.printf(Locale.ROOT, "hey_jarvis @ %.2f: TPR %d/%d = %.2f, FPR %d/%d = %.2f, highest distractor score %.3f%n%s",
                THRESHOLD, tp, positives, tpr, fp, negatives, fpr, worstDistractor, report);
        assertThat(tpr - fpr).isGreaterThanOrEqualTo(MIN_TPR_MINUS_FPR);
    }

    @Test
    void resetRestoresTheInitialStateAndStreamsAreIndependent() {
        float[] a = TestAudio.speech(dir, "hey jarvis", "en-us", 150);
        float[] b = TestAudio.noise(dir, 2.0, "pinknoise", 0.05, 7);
        try (WakeWordClassifier first = model.newClassifier(); WakeWordClassifier second = model.newClassifier()) {
            float[][] serialA = first.predictClip(a);
            float[][] serialB = first.predictClip(b);
            assertThat(first.predictClip(a)).isDeepEqualTo(serialA);
            // interleave two streams hop by hop: each must equal its serial run
            float[] padA = padded(a);
            float[] padB = padded(b);
            first.reset();
            second.reset();
            int hop = OwwBackbone.HOP_SAMPLES;
            float[] sa = new float[model.labels().size()];
            float[] sb = new float[model.labels().size()];
            for (int i = 0; i < Math.max(serialA.length, serialB.length); i++) {
                if (i < serialA.length) {
                    first.score(padA, i * hop, sa);
                    assertThat(sa).as("stream A hop %d", i).containsExactly(serialA[i]);
                }
                if (i < serialB.length) {
                    second.score(padB, i * hop, sb);
                    assertThat(sb).as("stream B hop %d", i).containsExactly(serialB[i]);
                }
            }
        }
    }

    private static float[] padded(float[] clip) {
        float[] out = new float[clip.length + 2 * OwwBackbone.SAMPLE_RATE_HZ];
        System.arraycopy(clip, 0, out, OwwBackbone.SAMPLE_RATE_HZ, clip.length);
        return out;
    }

    @Test
    void firstFivePredictionsAreZeroAndLabelsComeFromAllHeads() {
        assertThat(model.labels()).containsExactly("hey_jarvis", "alexa");
        float[] loud = TestAudio.noise(dir, 1.0, "whitenoise", 0.5, 3);
        try (WakeWordClassifier c = model.newClassifier()) {
            FeatureFrame frame = new FeatureFrame(1, OwwBackbone.HOP_SAMPLES);
            float[] scores = new float[2];
            List<Float> seen = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                System.arraycopy(loud, i * OwwBackbone.HOP_SAMPLES, frame.data(), 0, OwwBackbone.HOP_SAMPLES);
                c.classify(frame, scores);
                seen.add(scores[0] + scores[1]);
            }
            assertThat(seen.subList(0, WakeWordClassifier.WARMUP_PREDICTIONS)).containsOnly(0f);
            assertThat(seen.subList(WakeWordClassifier.WARMUP_PREDICTIONS, 8)).allMatch(s -> s > 0f);
            assertThatThrownBy(() -> c.classify(new FeatureFrame(1, 512), scores))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1280");
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() {
        WakeWordClassifier c = model.newClassifier();
        c.close();
        c.close();
        assertThatThrownBy(() -> c.score(new float[1280], 0, new float[2]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("WakeWordClassifier");
    }

    @Test
    void embeddingBackboneEmbedsClipsAndStreams() {
        EmbeddingBackbone backbone = model.backbone();
        float[] clip = TestAudio.speech(dir, "hey jarvis what time is it", "en-us", 150);
        float[][] e = backbone.embedClip(clip);
        int frames = clip.length / 160 - 3;
        assertThat(e).hasNumberOfRows((frames - 76) / 8 + 1);
        assertThat(e[0]).hasSize(96);
        assertThatThrownBy(() -> backbone.embedClip(new float[backbone.minClipSamples() - 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least " + backbone.minClipSamples());
        assertThat(backbone.embedClip(new float[backbone.minClipSamples()])).hasNumberOfRows(1);
        try (EmbeddingStream s = backbone.newStream()) {
            float[] first = new float[96];
            float[] again = new float[96];
            s.next(clip, 0, first);
            s.next(clip, 1280, new float[96]);
            s.reset();
            s.next(clip, 0, again);
            assertThat(again).containsExactly(first);
        }
    }

    @Test
    void everyShippedHeadOpensOnOneSharedStreamWithItsOwnContextLength() {
        try (WakeWordModel all = Presets.wakeWords(TestAudio.cache(), Preset.ofKind(Preset.Kind.WAKE_WORD));
                WakeWordClassifier c = all.newClassifier()) {
            assertThat(all.heads()).extracting(WakeWordHead::name)
                    .containsExactly("hey_jarvis", "alexa", "hey_mycroft", "hey_rhasspy", "weather", "timer");
            assertThat(all.heads()).extracting(WakeWordHead::inputEmbeddings).containsExactly(16, 16, 16, 16, 22, 34);
            assertThat(all.labels()).hasSize(11).contains("1_hour_timer").doesNotContain("0");
            float[] audio = TestAudio.noise(dir, 10.0, "pinknoise", 0.05, 21);
            float[] scores = new float[all.labels().size()];
            int hops = audio.length / OwwBackbone.HOP_SAMPLES;
            long start = System.nanoTime();
            for (int i = 0; i < hops; i++) {
                c.score(audio, i * OwwBackbone.HOP_SAMPLES, scores);
                for (float s : scores) {
                    assertThat(s).isBetween(0f, 1f);
                }
            }
            double usPerHop = (System.nanoTime() - start) / 1e3 / hops;
            System.out.printf(Locale.ROOT, "openWakeWord backbone + 6 heads: %.0f us per 80 ms hop (cold JIT)%n", usPerHop);
        }
    }
}
