package dev.audioml.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.capture.file.AudioFileSource;
import dev.audioml.capture.file.AudioFiles;
import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.workshop.WorkshopSettings;
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

    /** Reads a workshop {@code SpectrumVariables.csv}; a missing or malformed file is a usage error. */
    static WorkshopSettings workshopSettings(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new Main.UsageException("--workshop-settings must be a SpectrumVariables.csv file, got \"" + csv
                    + "\" (no such file)");
        }
        try {
            return WorkshopSettings.readCsv(csv);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--workshop-settings " + e.getMessage());
        }
    }

    /**
     * Builds the pipeline as librosa.load would read the file: a spec without {@code sr} means 22050 Hz,
     * {@code "sr": null} the file's rate (librosa.load(sr=None)).
     */
    static FeaturePipeline pipeline(Map<String, Object> spec, int fileRateHz) {
        try {
            return FeaturePipeline.fromSpec(spec, fileRateHz);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    /**
     * A whole decoded file.
     *
     * @param samples mono samples
     * @param rateHz their rate in Hz
     */
    record Clip(float[] samples, int rateHz) {
    }

    /** Decodes the whole file (mono mix) at its own rate. */
    static Clip decode(Path file) throws IOException {
        try (AudioFileSource source = AudioFiles.open(file)) {
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
            return new Clip(Arrays.copyOf(samples, length), source.sampleRateHz());
        }
    }

    /**
     * Decodes the file (mono mix), applies the spec's offset/duration, resamples to the spec's rate with its res_type
     * (librosa.load) and computes the features.
     */
    static FeatureMatrix compute(Map<String, Object> spec, Path file) throws IOException {
        Clip clip = decode(file);
        FeaturePipeline pipeline = pipeline(spec, clip.rateHz());
        try {
            return pipeline.computeLoaded(clip.samples(), clip.rateHz());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
