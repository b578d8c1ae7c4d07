package dev.audioml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.features.workshop.WorkshopSettings;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.ModelMetadata;
import dev.audioml.onnx.ModelResolver;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.onnx.OnnxSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --model} option shared by the model commands: a file path or a preset name, resolved and opened. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "M",
            description = "ONNX model: a file (labels and preprocessing from its audioml.* metadata, a sidecar"
                    + " <model>.json/model.json or labels.txt) or a preset name.")
    List<String> models = new ArrayList<>();

    @Option(names = "--workshop-settings", paramLabel = "CSV",
            description = "The workshop's SpectrumVariables.csv: model files take its spectrogram images (sets"
                    + " audioml.features and audioml.window_seconds over the model's own; a sidecar JSON still wins).")
    Path workshopSettings;

    /**
     * Opens every model; on failure closes those already open.
     *
     * @return the open models, in option order; the caller closes them
     */
    List<NamedModel> open() {
        List<NamedModel> opened = new ArrayList<>();
        try {
            for (String m : models) {
                AudioModel model;
                try {
                    model = workshopSettings != null && Files.isRegularFile(Path.of(m))
                            ? openWithWorkshopSettings(Path.of(m)) : ModelResolver.openModel(m);
                } catch (ModelResolver.UnknownModelException e) {
                    throw new Main.UsageException(e.getMessage());
                }
                opened.add(new NamedModel(displayName(m), model));
            }
            return opened;
        } catch (RuntimeException e) {
            opened.forEach(NamedModel::close);
            throw e;
        }
    }

    private OnnxModel openWithWorkshopSettings(Path file) {
        WorkshopSettings settings;
        String spec;
        try {
            settings = FeatureInputs.workshopSettings(workshopSettings);
            spec = new ObjectMapper().writeValueAsString(settings.toSpec());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OnnxSession session = OnnxSession.open(file);
        try {
            Map<String, String> props = new HashMap<>(session.metadata());
            props.put(ModelMetadata.PREFIX + ModelMetadata.FEATURES, spec);
            props.put(ModelMetadata.PREFIX + ModelMetadata.WINDOW_SECONDS,
                    Double.toString(settings.windowSeconds()));
            return OnnxModel.of(session, ModelMetadata.load(props, file, session.name()));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * @param hopSeconds the {@code --hop} value, or null
     * @param model the model
     * @return the hop in samples at the model's rate: the model's own hop (its {@code audioml.hop_seconds}, else its
     *     window) when {@code hopSeconds} is null
     */
    static int hopSamples(Double hopSeconds, AudioModel model) {
        if (hopSeconds != null && model.isStateful()) {
            throw new Main.UsageException("--hop does not apply to a stateful model: it runs on back-to-back windows of "
                    + model.windowSamples() + " samples");
        }
        return hopSeconds == null ? model.hopSamples() : Math.max(1, (int) Math.round(hopSeconds * model.sampleRateHz()));
    }

    /**
     * @param flag the option's name, for the message
     * @param seconds its value, or null when not given
     * @throws Main.UsageException if given and not a positive finite number
     */
    static void requirePositive(String flag, Double seconds) {
        if (seconds != null && !(seconds > 0 && seconds < Double.POSITIVE_INFINITY)) {
            throw new Main.UsageException(flag + " must be a positive number of seconds, got " + seconds);
        }
    }

    private static String displayName(String argument) {
        Path file = Path.of(argument);
        if (!Files.isRegularFile(file)) {
            return argument;
        }
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** An open model and the name its results are labelled with when several models run side by side. */
    record NamedModel(String name, AudioModel model) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }
}
