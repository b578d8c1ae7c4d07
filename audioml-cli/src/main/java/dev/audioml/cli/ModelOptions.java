package dev.audioml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.features.workshop.WorkshopSettings;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.ModelMetadata;
import dev.audioml.onnx.ModelResolver;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.OnnxSessionOptions;
import dev.audioml.train.export.Provenance;
import java.io.IOException;
import java.io.PrintWriter;
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

    @Option(names = "--threads", paramLabel = "N",
            description = "ONNX Runtime intra-op threads for model files (default: ONNX Runtime's choice, one per core;"
                    + " presets always run on one). 1 leaves the other cores to other work.")
    Integer threads;

    private OnnxSessionOptions sessionOptions() {
        if (threads == null) {
            return OnnxSessionOptions.defaults();
        }
        if (threads < 1 || threads > 256) {
            throw new Main.UsageException("--threads must be in [1, 256], got " + threads);
        }
        return OnnxSessionOptions.builder().intraOpThreads(threads).build();
    }

    /**
     * Opens every model; on failure closes those already open.
     *
     * @return the open models, in option order; the caller closes them
     */
    List<NamedModel> open() {
        return open(null);
    }

    /**
     * Opens every model and prints, for each ONNX file that names a license in its metadata, that license: the
     * model's own (a model trained on openWakeWord's backbone carries CC BY-NC-SA 4.0), not a preset's.
     *
     * @param err where license lines and hints go, or null for none
     * @return the open models, in option order; the caller closes them
     */
    List<NamedModel> open(PrintWriter err) {
        OnnxSessionOptions options = sessionOptions();
        List<NamedModel> opened = new ArrayList<>();
        try {
            for (String m : models) {
                AudioModel model;
                try {
                    model = workshopSettings != null && Files.isRegularFile(Path.of(m))
                            ? openWithWorkshopSettings(Path.of(m), options)
                            : threads != null && Files.isRegularFile(Path.of(m)) ? OnnxModel.open(Path.of(m), options)
                            : ModelResolver.openModel(m);
                } catch (ModelResolver.UnknownModelException e) {
                    throw new Main.UsageException(e.getMessage());
                }
                opened.add(new NamedModel(displayName(m), model));
                if (err != null && model instanceof OnnxModel onnx) {
                    Map<String, String> props = onnx.session().metadata();
                    Provenance.licenseLine(props).ifPresent(l -> err.println("Model " + m + ": " + l));
                    backgroundHint(m, onnx, props).ifPresent(err::println);
                }
            }
            return opened;
        } catch (RuntimeException e) {
            opened.forEach(NamedModel::close);
            throw e;
        }
    }

    /**
     * A model's name for people (the page title): the name training recorded in its metadata, else the folder of a
     * generic {@code model.onnx}, else the name it is shown with; followed by its label count.
     */
    static String title(NamedModel named) {
        String name = named.name();
        if (named.model() instanceof OnnxModel onnx) {
            String recorded = onnx.session().metadata().get("audioml-train.name");
            if (recorded != null && !recorded.isBlank()) {
                name = recorded;
            } else if (name.equals("model")) {
                name = onnx.session().path().map(Path::toAbsolutePath).map(Path::getParent).map(Path::getFileName)
                        .map(Path::toString).orElse(name);
            }
        }
        return name + " (" + named.model().labels().size() + " labels)";
    }

    /** Label names that mean "none of the sounds": a model with one of them can say a window is nothing. */
    private static final java.util.Set<String> BACKGROUND_LABELS = java.util.Set.of("background", "silence", "noise",
            "none", "other", "_background_noise_", "_silence_", "nothing", "ambient", "room");

    /**
     * A hint for models trained here with neither a background class nor a level gate: they give every window one
     * of their labels, silence included, and users read that as a wrong detection.
     */
    static java.util.Optional<String> backgroundHint(String name, OnnxModel model, Map<String, String> props) {
        boolean trainedHere = props.keySet().stream().anyMatch(k -> k.startsWith("audioml-train."));
        boolean background = model.labels().stream()
                .anyMatch(l -> BACKGROUND_LABELS.contains(l.toLowerCase(java.util.Locale.ROOT)));
        if (!trainedHere || background || model.metadata().gateDb().isPresent()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("hint: " + name + " has no background class and no level gate, so every window, "
                + "silence included, gets one of its labels " + model.labels() + "; train with a folder "
                + "DIR/background/ of room noise and silence, or with --gate-db (the level gate) so quiet windows "
                + "get no decision");
    }

    private OnnxModel openWithWorkshopSettings(Path file, OnnxSessionOptions options) {
        WorkshopSettings settings;
        String spec;
        try {
            settings = FeatureInputs.workshopSettings(workshopSettings);
            spec = new ObjectMapper().writeValueAsString(settings.toSpec());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OnnxSession session = OnnxSession.open(file, options);
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
