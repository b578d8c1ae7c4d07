package dev.audioml.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.capture.file.AudioFileSource;
import dev.audioml.capture.file.AudioFiles;
import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** What the {@code features} and {@code spectrogram} commands share: spec parsing and decoding a whole file. */
final class FeatureInputs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeatureInputs() {
    }

    /**
     * @param specArgument a path to a JSON file, or inline JSON (starts with "{")
     * @return the spec as a map
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(String specArgument) throws IOException {
        String text = specArgument.strip();
        String source = "--spec";
        if (!text.startsWith("{")) {
            Path path = Path.of(specArgument);
            if (!Files.isRegularFile(path)) {
                throw new Main.UsageException("--spec must be a JSON file or inline JSON object, got \"" + specArgument
                        + "\" (no such file)");
            }
            text = Files.readString(path);
            source = path.toString();
        }
        try {
            Object value = JSON.readValue(text, Object.class);
            if (!(value instanceof Map<?, ?>)) {
                throw new Main.UsageException(source + " must hold a JSON object, got " + value);
            }
            return (Map<String, Object>) value;
        } catch (JsonProcessingException e) {
            throw new Main.UsageException(source + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Builds the pipeline; a spec without {@code sr} uses the file's rate (librosa.load(sr=None)). */
    static FeaturePipeline pipeline(Map<String, Object> spec, int fileRateHz) {
        try {
            return FeaturePipeline.fromSpec(spec, fileRateHz);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    /** Decodes the file (mono mix), resamples to the spec's rate and computes the features. */
    static FeatureMatrix compute(Map<String, Object> spec, Path file) throws IOException {
        try (AudioFileSource source = AudioFiles.open(file)) {
            int rate = source.sampleRateHz();
            FeaturePipeline pipeline = pipeline(spec, rate);
            float[] samples = new float[1 << 16];
            int length = 0;
            while (true) {
                if (length == samples.length) {
                    samples = Arrays.copyOf(samples, samples.length * 2);
                }
                int n = source.read(samples, length, samples.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
            try {
                return pipeline.compute(Arrays.copyOf(samples, length), rate);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
    }
}
