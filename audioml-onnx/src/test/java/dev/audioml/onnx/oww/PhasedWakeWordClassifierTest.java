package dev.audioml.onnx.oww;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.testing.TestAudio;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finer-stride scoring of files with the real hey_jarvis model: phase 0 is {@code predict_clip}, and the detection
 * rate per stride on a synthesized test set (the numbers in docs/presets.md come from this test's report).
 */
class PhasedWakeWordClassifierTest {
    private static final float THRESHOLD = 0.5f;
    /** Stride-20 ms scoring must still separate wake words from distractors this well. */
    private static final double MIN_TPR_MINUS_FPR = 0.5;
    private static final int PHASES = 4;
    private static final String[] VOICES = {"en-us", "en", "en-gb-x-rp", "en-us+m3", "en+f3", "en-us+f2",
        "en-gb-scotland", "en-us+m7"};
    private static final int[] SPEEDS_WPM = {170, 200, 230};
    /** Speech gain and noise level: a hard set (about 10 dB SNR), so that some decisions depend on the grid. */
    private static final float SPEECH_GAIN = 0.5f;
    private static final double NOISE_VOLUME = 0.03;
    private static final String[] DISTRACTORS = {
        "what time is it", "good morning everyone", "turn on the kitchen lights", "hello there",
        "hey travis", "jarvis is a name",
    };
    private static final double CLIP_SECONDS = 2.0;
    private static final int RATE = TestAudio.RATE;

    @TempDir
    static Path dir;
    private static WakeWordModel model;

    @BeforeAll
    static void open() {
        model = Presets.wakeWords(TestAudio.cache(), List.of(Preset.HEY_JARVIS));
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    /** Speech placed at 0.3 s plus a random fraction of a hop, over soft pink noise, 2.5 s. */
    private static float[] placed(String text, String voice, int wpm, float[] noise, SplittableRandom random) {
        float[] clip = noise.clone();
        float[] speech = TestAudio.speech(dir, text, voice, wpm);
        for (int i = 0; i < speech.length; i++) {
            speech[i] *= SPEECH_GAIN;
        }
        TestAudio.mix(clip, speech, (int) (0.3 * RATE) + random.nextInt(OwwBackbone.HOP_SAMPLES));
        return clip;
    }

    @Test
    void phaseZeroIsPredictClipAndOtherPhasesAreShiftedStreams() {
        float[] clip = placed("hey jarvis", "en-us", 150, TestAudio.noise(dir, CLIP_SECONDS, "pinknoise", 0.01, 7),
                new SplittableRandom(1));
        try (WakeWordClassifier plain = model.newClassifier();
                PhasedWakeWordClassifier phased = model.newPhasedClassifier(PHASES)) {
            float[][] reference = plain.predictClip(clip);
            float[][] fine = phased.predictClip(clip);
            assertThat(phased.strideSamples()).isEqualTo(320);
            assertThat(fine.length).isBetween(PHASES * (reference.length - 1) + 1, PHASES * reference.length);
            for (int k = 0; k < reference.length; k++) {
                assertThat(fine[PHASES * k]).as("hop %d", k).containsExactly(reference[k]);
            }
            // phase 2 is a plain stream over the same padded audio starting 640 samples (40 ms) later
            float[] padded = new float[clip.length + 2 * RATE - 1];
            System.arraycopy(clip, 0, padded, RATE, clip.length);
            plain.reset();
            float[] score = new float[1];
            for (int k = 0; PHASES * k + 2 < fine.length; k++) {
                plain.score(padded, 640 + k * OwwBackbone.HOP_SAMPLES, score);
                assertThat(fine[PHASES * k + 2][0]).as("phase 2 hop %d", k).isEqualTo(score[0]);
            }
        }
        assertThatThrownBy(() -> model.newPhasedClassifier(3)).hasMessageContaining("phases must divide 1280");
    }

    @Test
    void finerStridesDetectAtLeastAsManyWakeWordsAndReportRatesPerStride() {
        SplittableRandom random = new SplittableRandom(15);
        float[] noise = TestAudio.noise(dir, CLIP_SECONDS, "pinknoise", NOISE_VOLUME, 15);
        // strides 80, 40, 20 ms = phases {0}, {0, 2}, {0, 1, 2, 3} of one 4-phase run
        int[][] phaseSets = {{0}, {0, 2}, {0, 1, 2, 3}};
        int[] tp = new int[3];
        int[] fp = new int[3];
        int positives = 0;
        int negatives = 0;
        try (PhasedWakeWordClassifier c = model.newPhasedClassifier(PHASES)) {
            for (String voice : VOICES) {
                for (int wpm : SPEEDS_WPM) {
                    for (String text : new String[] {"hey jarvis", DISTRACTORS[random.nextInt(DISTRACTORS.length)],
                        DISTRACTORS[random.nextInt(DISTRACTORS.length)]}) {
                        boolean positive = text.equals("hey jarvis");
                        float[][] s = c.predictClip(placed(text, voice, wpm, noise, random));
                        for (int set = 0; set < phaseSets.length; set++) {
                            float max = 0;
                            for (int j = 0; j < s.length; j++) {
                                for (int p : phaseSets[set]) {
                                    if (j % PHASES == p) {
                                        max = Math.max(max, s[j][0]);
                                    }
                                }
                            }
                            if (max >= THRESHOLD) {
                                if (positive) {
                                    tp[set]++;
                                } else {
                                    fp[set]++;
                                }
                            }
                        }
                        if (positive) {
                            positives++;
                        } else {
                            negatives++;
                        }
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder("stride  TPR            FPR\n");
        int[] strideMs = {80, 40, 20};
        for (int set = 0; set < 3; set++) {
            report.append(String.format(Locale.ROOT, "%3d ms  %2d/%d = %.2f  %2d/%d = %.2f%n", strideMs[set], tp[set], positives,
                    (double) tp[set] / positives, fp[set], negatives, (double) fp[set] / negatives));
        }
        System.out.print(report);
        assertThat(tp[1]).as(report.toString()).isGreaterThanOrEqualTo(tp[0]);
        assertThat(tp[2]).as(report.toString()).isGreaterThanOrEqualTo(tp[1]);
        assertThat((double) tp[2] / positives - (double) fp[2] / negatives).as(report.toString())
                .isGreaterThanOrEqualTo(MIN_TPR_MINUS_FPR);
    }
}
