package dev.audioml.onnx.silero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.testing.TestAudio;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The openWakeWord-style VAD gate with the real Silero model, on pink noise with one espeak-ng sentence. */
class VadGatedClassifierTest {
    private static final int RATE = TestAudio.RATE;
    /** openWakeWord's hop. */
    private static final int WINDOW = 1_280;
    private static final double SPEECH_AT_S = 2.0;
    /** The gate looks 4-6 windows back: scores open 0.32-0.56 s after the VAD hears speech, plus its own latency. */
    private static final double OPEN_LATENCY_S = 0.9;

    @TempDir
    static Path dir;
    private static SileroVadModel model;

    @BeforeAll
    static void open() {
        model = Presets.sileroVad(TestAudio.cache());
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    /** Always scores 1, counting closes. */
    private static final class Always implements Classifier {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public List<String> labels() {
            return List.of("wake");
        }

        @Override
        public void classify(FeatureFrame features, float[] scores) {
            scores[0] = 1f;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    private static float[] gated(VadGatedClassifier gate, float[] audio) {
        int windows = audio.length / WINDOW;
        float[] out = new float[windows];
        FeatureFrame frame = new FeatureFrame(new int[] {1, WINDOW});
        float[] score = new float[1];
        for (int w = 0; w < windows; w++) {
            System.arraycopy(audio, w * WINDOW, frame.data(), 0, WINDOW);
            gate.classify(frame, score);
            out[w] = score[0];
        }
        return out;
    }

    @Test
    void labelsFireOnlyShortlyAfterSpeech() {
        float[] audio = TestAudio.noise(dir, 6.0, "pinknoise", 0.02, 5);
        float[] speech = TestAudio.speech(dir, "please turn on the kitchen lights", "en-us", 160);
        TestAudio.mix(audio, speech, (int) (SPEECH_AT_S * RATE));
        double speechEndS = SPEECH_AT_S + (double) speech.length / RATE;
        Always inner = new Always();
        try (VadGatedClassifier gate = new VadGatedClassifier(inner, model.newStream(RATE), 0.5f)) {
            float[] s = gated(gate, audio);
            for (int w = 0; w < s.length; w++) {
                double t = (double) w * WINDOW / RATE;
                if (t < SPEECH_AT_S + 0.3) {
                    assertThat(s[w]).as("window at %.2f s: noise only behind it", t).isZero();
                }
                if (t > SPEECH_AT_S + OPEN_LATENCY_S && t < speechEndS) {
                    assertThat(s[w]).as("window at %.2f s: speech 0.32-0.56 s before", t).isEqualTo(1f);
                }
                if (t > speechEndS + OPEN_LATENCY_S) {
                    assertThat(s[w]).as("window at %.2f s: speech over", t).isZero();
                }
            }
            gate.reset();
            assertThat(gated(gate, new float[5 * WINDOW])).containsOnly(0f);
        }
        assertThat(inner.closes.get()).isEqualTo(1);
        assertThatThrownBy(() -> new VadGatedClassifier(new Always(), model.newStream(RATE), 1.5f))
                .hasMessage("vad threshold must be in (0, 1), got 1.5");
    }
}
