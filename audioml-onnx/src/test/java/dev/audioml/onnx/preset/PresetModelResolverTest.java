package dev.audioml.onnx.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.ModelResolver;
import dev.audioml.onnx.silero.SileroVad;
import dev.audioml.onnx.testing.TestAudio;
import org.junit.jupiter.api.Test;

/** Preset names resolve from a plain Java app: the resolver is registered by audioml-onnx itself, not by the CLI. */
class PresetModelResolverTest {

    @Test
    void openModelResolvesPresetNamesThroughTheServiceLoader() {
        TestAudio.cache(); // the models are in the default cache the resolver uses
        try (AudioModel vad = ModelResolver.openModel("Silero-VAD"); Classifier stream = vad.newClassifier()) {
            assertThat(vad).isInstanceOf(PresetModel.class);
            assertThat(vad.sampleRateHz()).isEqualTo(16_000);
            assertThat(vad.windowSamples()).isEqualTo(512);
            assertThat(vad.labels()).containsExactly("speech");
            assertThat(vad.fileScoring()).isSameAs(SileroVad.SPEECH_TIMESTAMPS);
            float[] p = new float[1];
            stream.classify(new FeatureFrame(1, 512), p);
            assertThat(p[0]).isBetween(0f, 0.1f); // silence
        }
        try (AudioModel wake = ModelResolver.openModel("hey-jarvis"); AudioModel vad = ModelResolver.openModel("silero_vad")) {
            assertThat(wake.windowSamples()).isEqualTo(1280);
            assertThat(wake.labels()).containsExactly("hey_jarvis");
            assertThatThrownBy(() -> ((PresetModel) vad).newPhasedClassifier(2))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openWakeWord presets");
        }
        assertThatThrownBy(() -> ModelResolver.openModel("no-such-model"))
                .isInstanceOf(ModelResolver.UnknownModelException.class)
                .hasMessageContaining("no-such-model").hasMessageContaining("silero-vad");
    }
}
