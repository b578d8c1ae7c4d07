package dev.audioml.onnx.preset;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.oww.OwwBackbone;
import dev.audioml.onnx.oww.WakeWordHead;
import dev.audioml.onnx.silero.SileroVadModel;
import dev.audioml.onnx.testing.TestAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong or broken model files give one clear error naming the file and what was expected. */
class BadModelFileTest {
    @TempDir
    Path dir;

    @Test
    void randomBytesAreNotAModel() throws Exception {
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        Path file = Files.write(dir.resolve("junk.onnx"), junk);
        assertThatThrownBy(() -> SileroVadModel.open(file)).isInstanceOf(AudioMLException.class)
                .hasMessageContaining("cannot load ONNX model " + file);
        assertThatThrownBy(() -> SileroVadModel.open(dir.resolve("missing.onnx")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model file not found").hasMessageContaining("missing.onnx");
    }

    @Test
    void theWrongPretrainedModelIsNamed() {
        ModelCache cache = TestAudio.cache();
        List<Path> jarvis = cache.resolve(Preset.HEY_JARVIS);
        Path silero = cache.resolve(Preset.SILERO_VAD).get(0);
        assertThatThrownBy(() -> SileroVadModel.open(jarvis.get(2))).isInstanceOf(AudioMLException.class)
                .hasMessageContaining("is not a Silero VAD v5 model").hasMessageContaining("lacks input \"input\"");
        assertThatThrownBy(() -> OwwBackbone.open(silero, jarvis.get(1))).isInstanceOf(AudioMLException.class)
                .hasMessageContaining("not an openWakeWord melspectrogram model");
        assertThatThrownBy(() -> WakeWordHead.open(jarvis.get(1), "embedding", List.of()))
                .isInstanceOf(AudioMLException.class).hasMessageContaining("is not an openWakeWord head");
        assertThatThrownBy(() -> WakeWordHead.open(jarvis.get(2), "hey_jarvis", List.of("a", "b", "c")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 1 outputs but 3 labels");
    }
}
