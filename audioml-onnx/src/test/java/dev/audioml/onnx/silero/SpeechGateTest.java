package dev.audioml.onnx.silero;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.core.Classification;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.resample.Resampler;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.core.source.Sources;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.testing.TestAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speech gate on a model at another rate (22.05 kHz, overlapping 0.5 s windows): real espeak-ng speech between a
 * 3 kHz tone and pink noise. Windows in the speech keep their scores; windows with no speech in them are zeroed.
 */
class SpeechGateTest {
    private static final int RATE = 22_050;

    /** Scores every window 1: what remains after the gate is the gate's decision. */
    private static final class AlwaysOne implements Classifier {
        @Override
        public List<String> labels() {
            return List.of("event");
        }

        @Override
        public void classify(FeatureFrame features, float[] scores) {
            scores[0] = 1f;
        }
    }

    @Test
    void windowsWithoutSpeechAreZeroedAtAnyRateAndHop(@TempDir Path dir) throws Exception {
        float[] speech = TestAudio.speech(dir, "the quick brown fox jumps over the lazy dog near the river bank", "en", 150);
        float[] noise = TestAudio.noise(dir, 2.0, "pinknoise", 0.3, 1);
        int rate = TestAudio.RATE;
        float[] audio16k = new float[2 * rate + speech.length + 2 * rate];
        for (int i = 0; i < 2 * rate; i++) {
            audio16k[i] = (float) (0.3 * Math.sin(2 * Math.PI * 3000 * i / rate));
        }
        TestAudio.mix(audio16k, speech, 2 * rate);
        TestAudio.mix(audio16k, noise, 2 * rate + speech.length);
        float[] audio = Resampler.resample(audio16k, rate, RATE);
        double speechStart = 2.0;
        double speechEnd = 2.0 + speech.length / (double) rate;

        List<Classification> got = new ArrayList<>();
        SpeechGate gate = new SpeechGate((SileroVad) Presets.classifier(Preset.SILERO_VAD.presetName(), TestAudio.cache()),
                0.5f);
        try (Pipeline p = Pipeline.builder().source(Sources.fromArray(audio, RATE))
                .features(gate.watch(new IdentityExtractor(RATE))).classifier(gate.gate(new AlwaysOne()))
                .windowSeconds(0.5, 0.25).sink(new CallbackSink(got::add)).build()) {
            p.run();
        }
        int kept = 0;
        for (Classification c : got) {
            double start = c.startSample() / (double) RATE;
            double end = c.endSample() / (double) RATE;
            if (end <= speechStart - 0.1 || start >= speechEnd + 0.1) {
                assertThat(c.score(0)).as("window %.2f-%.2f s, no speech", start, end).isZero();
            }
            if (c.score(0) > 0) {
                kept++;
                assertThat(end).as("kept window %.2f-%.2f s", start, end).isGreaterThan(speechStart);
                assertThat(start).as("kept window %.2f-%.2f s", start, end).isLessThan(speechEnd);
            }
        }
        int speechWindows = (int) ((speechEnd - speechStart) / 0.25);
        assertThat(kept).as("windows kept of about %d in the speech", speechWindows)
                .isGreaterThanOrEqualTo(speechWindows * 3 / 4);
    }
}
