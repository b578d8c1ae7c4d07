package dev.audioml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.audioml.train.ModelEvaluator;
import dev.audioml.train.data.Dataset;
import dev.audioml.train.eval.Metrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        try (ModelEvaluator eval = new ModelEvaluator(model, hopSeconds)) {
            ModelEvaluator.Evaluation e = eval.evaluate(ds);
            Metrics m = e.metrics();
            if (json) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("model", model.toString());
                r.put("data", ds.source());
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
                e.unreadable().forEach((f, why) -> spec.commandLine().getErr().println("skipped " + f + ": " + why));
                out.print(m.table());
            }
        }
        return 0;
    }
}
