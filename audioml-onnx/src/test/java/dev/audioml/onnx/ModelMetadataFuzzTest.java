package dev.audioml.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fuzzes model metadata: {@code metadata_props} values and a sidecar {@code model.json} next to the model. An input
 * is text: lines {@code key=value} (the props, {@code audioml.} prefix added), then a line {@code ---}, then the
 * sidecar's content (no sidecar without the separator). The invariant: metadata, or an IllegalArgumentException of
 * one line under 1000 characters that names where the value came from. Seeds and kept findings are in
 * {@code src/test/resources/dev/audioml/onnx/ModelMetadataFuzzTestInputs/load/}.
 */
class ModelMetadataFuzzTest {
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("audioml-metadata-fuzz-");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5s")
    void load(byte[] data) throws IOException {
        String text = new String(data, StandardCharsets.UTF_8);
        int separator = text.indexOf("\n---\n");
        String propsText = separator < 0 ? text : text.substring(0, separator);
        Map<String, String> props = new LinkedHashMap<>();
        for (String line : propsText.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                props.put(ModelMetadata.PREFIX + line.substring(0, eq), line.substring(eq + 1));
            }
        }
        Path model = DIR.resolve("fuzz.onnx");
        Path sidecar = DIR.resolve("fuzz.json");
        if (separator >= 0) {
            Files.writeString(sidecar, text.substring(separator + 5));
        } else {
            Files.deleteIfExists(sidecar);
        }
        try {
            ModelMetadata metadata = ModelMetadata.load(props, model, "fuzz.onnx");
            metadata.sampleRateHz();
            metadata.labels().ifPresent(labels -> assertThat(labels).isNotEmpty());
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(1000)
                    .containsAnyOf("metadata_props key", "sidecar", "fuzz.json");
        }
    }
}
