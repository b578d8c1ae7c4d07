package dev.audioml.train.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a trained model records about its licenses and training files, and how a loaded model reads it back. */
class ProvenanceTest {
    @TempDir
    Path dir;

    @Test
    void licensesFollowTheBackboneAndNoPathLeaks() throws Exception {
        Path a = Files.write(dir.resolve("a.wav"), new byte[] {1, 2, 3});
        Path b = Files.write(dir.resolve("b.wav"), new byte[] {1, 2, 4});
        Path copy = Files.write(dir.resolve("copy-of-a.wav"), new byte[] {1, 2, 3});

        Provenance mine = Provenance.of("logmel-stats", List.of(a, b));
        assertThat(mine.isRestricted()).isFalse();
        assertThat(mine.lines().get(0)).contains("no third-party pretrained weights");
        assertThat(Provenance.licenseLine(mine.metadata())).isEmpty(); // nothing to show: no license key

        Provenance oww = Provenance.of("oww-embedding", List.of(a));
        assertThat(oww.isRestricted()).isTrue();
        Map<String, String> props = new java.util.HashMap<>(oww.metadata());
        props.put("license", "CC-BY-NC-SA-4.0"); // what the backbone's graph adds
        assertThat(Provenance.licenseLine(props)).hasValueSatisfying(l -> assertThat(l)
                .startsWith("license CC-BY-NC-SA-4.0 (backbone oww-embedding").contains("NON-COMMERCIAL")
                .doesNotContain("hey_jarvis"));

        Provenance onnx = Provenance.of("onnx:" + dir.resolve("nets/cnn.onnx") + "#emb", List.of(a));
        assertThat(onnx.metadata().toString()).contains("onnx:cnn.onnx#emb").doesNotContain(dir.toString());

        // byte-identical files share a fingerprint, whatever their name; a changed byte does not
        assertThat(Provenance.trainingFiles(mine.metadata())).hasValueSatisfying(set -> assertThat(set)
                .hasSize(2).contains(Provenance.fingerprint(copy)));
        assertThat(Provenance.fingerprint(a)).hasSize(16).isNotEqualTo(Provenance.fingerprint(b));
        assertThat(Provenance.trainingFiles(Map.of())).isEmpty();
    }
}
