package dev.audioml.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.audioml.train.data.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Stage 6, report: the {@link TrainingResult}, {@code report.json} and the closing lines. */
final class ReportStage {

    private ReportStage() {
    }

    /**
     * @param startNanos when the run started ({@link System#nanoTime()})
     * @return the result
     * @throws IOException if report.json cannot be written
     */
    static TrainingResult run(TrainingConfig cfg, LoadStage.Loaded data, EmbedStage.Embeddings embeddings,
            SelectStage.Selection selection, FitStage.Fitted fitted, ExportStage.Exported exported, long startNanos,
            Consumer<String> say) throws IOException {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        TrainingResult r = new TrainingResult(data.classes(), selection.chosen(), exported.featureSpec(), cfg.seed(),
                fitted.testMetrics(), fitted.result().head(), fitted.result().history(), selection.comparison(),
                selection.folds(), cfg.repeats(),
                Map.of("train", Dataset.countByClass(data.classes(), embeddings.split().train()),
                        "test", Dataset.countByClass(data.classes(), embeddings.split().test())),
                embeddings.unreadable().keySet().stream().map(c -> c.file().toString()).toList(),
                embeddings.cache().hits(), embeddings.cache().misses(), seconds, fitted.seconds(), cfg.out(),
                cfg.augmentation().describe(), fitted.windows());
        writeReport(r, cfg.out().resolve("report.json"));
        exported.provenance().addTo(cfg.out().resolve("report.json"));
        say.accept(fitted.testMetrics().table().stripTrailing());
        exported.provenance().lines().forEach(say);
        say.accept(String.format("Wrote %s (model.onnx, report.json, confusion.png, loss.png) in %.1f s", cfg.out(),
                seconds));
        return r;
    }

    private static void writeReport(TrainingResult r, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), r.toReport());
    }
}
