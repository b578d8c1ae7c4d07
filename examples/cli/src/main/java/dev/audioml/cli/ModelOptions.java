package dev.audioml.cli;

import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.ModelResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --model} option shared by the model commands: a file path or a preset name, resolved and opened. */
final class ModelOptions {
    @Option(names = "--model", required = true, paramLabel = "M",
            description = "ONNX model: a file (labels and preprocessing from its audioml.* metadata, a sidecar"
                    + " <model>.json/model.json or labels.txt) or a preset name.")
    List<String> models = new ArrayList<>();

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
                    model = ModelResolver.openModel(m);
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

    /**
     * @param hopSeconds the {@code --hop} value, or null
     * @param model the model
     * @return the hop in samples at the model's rate: the model's window when {@code hopSeconds} is null
     */
    static int hopSamples(Double hopSeconds, AudioModel model) {
        if (hopSeconds != null && model.isStateful()) {
            throw new Main.UsageException("--hop does not apply to a stateful model: it runs on back-to-back windows of "
                    + model.windowSamples() + " samples");
        }
        return hopSeconds == null ? model.windowSamples() : Math.max(1, (int) Math.round(hopSeconds * model.sampleRateHz()));
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
