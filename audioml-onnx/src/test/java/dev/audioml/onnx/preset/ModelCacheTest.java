package dev.audioml.onnx.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache: fetch errors, hand-placed files, corrupt files, preset lookup. */
class ModelCacheTest {
    @TempDir
    Path root;

    @Test
    void withoutNpmTheErrorSaysWhereToPutTheFileByHand() {
        List<String> lines = new ArrayList<>();
        ModelCache cache = new ModelCache(root, new NpmPackFetcher(root.resolve("no-such-npm").toString(), 5), lines::add);
        assertThatThrownBy(() -> cache.resolve(Preset.SILERO_VAD))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("not installed or not on the PATH")
                .hasMessageContaining("@ricky0123/vad-web@0.0.31")
                .hasMessageContaining("package/dist/silero_vad_v5.onnx")
                .hasMessageContaining(root.resolve("ricky0123-vad-web/0.0.31/silero_vad_v5.onnx").toString());
        assertThat(lines).anyMatch(l -> l.contains("MIT"));
        assertThat(cache.isCached(Preset.SILERO_VAD)).isFalse();
    }

    @Test
    void wakeWordErrorNamesEveryFileAndTheNonCommercialLicenseIsShown() {
        List<String> lines = new ArrayList<>();
        ModelCache cache = new ModelCache(root, new NpmPackFetcher(root.resolve("no-such-npm").toString(), 5), lines::add);
        assertThatThrownBy(() -> cache.resolve(Preset.HEY_JARVIS))
                .hasMessageContaining("models/melspectrogram.onnx")
                .hasMessageContaining("models/embedding_model.onnx, models/hey_jarvis_v0.1.onnx");
        assertThat(lines).anyMatch(l -> l.contains("CC BY-NC-SA 4.0") && l.contains("NON-COMMERCIAL"));
    }

    @Test
    void aCorruptCachedFileIsRejectedByItsHash() throws Exception {
        ModelCache cache = new ModelCache(root, new NpmPackFetcher("npm", 5), line -> { });
        ModelFile f = Preset.SILERO_VAD.files().get(0);
        Path p = cache.pathOf(f);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> cache.resolve(Preset.SILERO_VAD))
                .hasMessageContaining(p.toString()).hasMessageContaining(f.sha256()).hasMessageContaining("delete it");
    }

    @Test
    void aHandPlacedFileIsUsedWithoutFetching() throws Exception {
        ModelCache real = ModelCache.defaultCache(System.out::println);
        Path fetched = real.resolve(Preset.SILERO_VAD).get(0);
        List<String> lines = new ArrayList<>();
        ModelCache offline = new ModelCache(root, new NpmPackFetcher(root.resolve("no-such-npm").toString(), 5), lines::add);
        Path target = offline.pathOf(Preset.SILERO_VAD.files().get(0));
        Files.createDirectories(target.getParent());
        Files.copy(fetched, target);
        assertThat(offline.isCached(Preset.SILERO_VAD)).isTrue();
        assertThat(offline.resolve(Preset.SILERO_VAD)).containsExactly(target);
        assertThat(lines).isEmpty();
    }

    @Test
    void presetsAreFoundByNameAndListTheirFiles() {
        assertThat(Preset.byName("Hey-Jarvis")).isEqualTo(Preset.HEY_JARVIS);
        assertThat(Preset.byName("silero_vad")).isEqualTo(Preset.SILERO_VAD);
        assertThat(Preset.names()).contains("silero-vad", "hey_jarvis", "alexa", "hey_mycroft", "hey_rhasspy", "timer", "weather");
        assertThatThrownBy(() -> Preset.byName("ok_google")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ok_google").hasMessageContaining("hey_jarvis");
        assertThat(Preset.HEY_JARVIS.files()).hasSize(3);
        assertThat(Preset.TIMER.labels()).hasSize(6);
        assertThat(Preset.SILERO_VAD.sizeBytes()).isEqualTo(2_327_524);
    }
}
