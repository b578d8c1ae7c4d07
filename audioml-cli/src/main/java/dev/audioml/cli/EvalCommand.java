package dev.audioml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.audioml.train.ModelEvaluator;
import dev.audioml.train.data.Clip;
import dev.audioml.train.data.Dataset;
import dev.audioml.train.eval.Metrics;
import dev.audioml.train.export.Provenance;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audioml eval}: the classification report of a model on a labelled folder. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a model (with labels, features and window in its metadata) on labelled clips: "
                + "DIR/<label>/*.wav or a CSV. A clip's scores are the mean of its windows' scores.")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "M", description = "ONNX model, e.g. model.onnx "
            + "written by 'audioml train'.")
    Path model;

    @Option(names = "--data", paramLabel = "DIR", description = "Labelled folder (one sub-folder per class); a folder "
            + "with train/ and test/ is evaluated on test/.")
    Path data;

    @Option(names = "--csv", paramLabel = "FILE", description = "CSV dataset instead of --data.")
    Path csv;

    @Option(names = "--hop-seconds", paramLabel = "S", description = "Hop between windows (default: the model's own "
            + "hop, else its window).")
    double hopSeconds;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((data == null) == (csv == null)) {
            throw new Main.UsageException("give exactly one of --data DIR and --csv FILE");
        }
        if (hopSeconds < 0) {
            throw new Main.UsageException("--hop-seconds must be > 0, got " + hopSeconds);
        }
        Dataset ds = csv != null ? Dataset.fromCsv(csv)
                : Dataset.fromFolders(Dataset.hasTrainTestFolders(data) ? data.resolve("test") : data);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (ModelEvaluator eval = new ModelEvaluator(model, hopSeconds)) {
            String header = String.format(Locale.ROOT, "Evaluating %s (%d labels: %s; window %.2f s, hop %.2f s, "
                    + "a clip's scores are the mean of its windows') on %d clips of %s", model,
                    eval.labels().size(), String.join(", ", eval.labels()), eval.windowSeconds(), eval.hopSeconds(),
                    ds.clips().size(), ds.source());
            if (json) {
                err.println(header);
            } else {
                out.println(header);
            }
            Provenance.licenseLine(eval.metadataProperties())
                    .ifPresent(l -> err.println("Model " + model + ": " + l));
            List<String> overlap = overlapWithTraining(eval.metadataProperties(), ds);
            if (!overlap.isEmpty()) {
                err.printf(Locale.ROOT, "audioml eval: WARNING: %d of %d clips are byte for byte files %s was trained "
                        + "on (e.g. %s): scores on them overstate how the model does on new recordings; evaluate on "
                        + "the test/ folder or clips recorded apart%n", overlap.size(), ds.clips().size(), model,
                        overlap.get(0));
            }
            ModelEvaluator.Evaluation e;
            try (Progress progress = new Progress(err, "audioml eval: scoring clips")) {
                e = eval.evaluate(ds, progress::update);
            }
            Metrics m = e.metrics();
            if (json) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("model", model.toString());
                r.put("data", ds.source());
                r.put("clips", ds.clips().size());
                r.put("clips_in_training_data", overlap.size());
                r.put("accuracy", m.accuracy());
                r.put("balanced_accuracy", m.balancedAccuracy());
                r.put("classes", m.classes());
                List<Map<String, Object>> per = new ArrayList<>();
                for (Metrics.ClassMetrics c : m.perClass()) {
                    per.add(Map.of("label", c.label(), "precision", c.precision(), "recall", c.recall(), "f1",
                            c.f1(), "support", c.support()));
                }
                r.put("per_class", per);
                r.put("confusion_matrix", m.confusion());
                Map<String, String> skipped = new LinkedHashMap<>();
                e.unreadable().forEach((f, why) -> skipped.put(f.toString(), why));
                r.put("unreadable_files", skipped);
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(r));
            } else {
                e.unreadable().forEach((f, why) -> err.println("skipped " + f + ": " + why));
                out.print(m.table());
            }
        }
        return 0;
    }

    /**
     * @return the dataset's files whose content the model recorded as training files (empty when it records none)
     */
    private static List<String> overlapWithTraining(Map<String, String> metadata, Dataset ds) {
        Optional<Set<String>> trained = Provenance.trainingFiles(metadata);
        List<String> out = new ArrayList<>();
        if (trained.isEmpty()) {
            return out;
        }
        for (Clip c : ds.clips()) {
            try {
                if (trained.get().contains(Provenance.fingerprint(c.file()))) {
                    out.add(c.file().toString());
                }
            } catch (UncheckedIOException unreadable) {
                // reported by the evaluation itself
            }
        }
        return out;
    }
}
