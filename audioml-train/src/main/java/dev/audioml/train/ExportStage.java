package dev.audioml.train;

import dev.audioml.train.TrainingResult.Candidate;
import dev.audioml.train.data.Clip;
import dev.audioml.train.eval.Plots;
import dev.audioml.train.export.HeadExport;
import dev.audioml.train.export.Provenance;
import dev.audioml.train.embed.OnnxTensorBackbone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 5, export: {@code model.onnx} (backbone, pooling and head as one graph; classes, window, hop and gate in its
 * metadata), {@code confusion.png} and {@code loss.png} in the output folder.
 */
final class ExportStage {

    private ExportStage() {
    }

    /**
     * What was exported.
     *
     * @param featureSpec the feature spec of the model's input
     * @param provenance the licenses the model carries and its training files' fingerprints
     */
    record Exported(Map<String, Object> featureSpec, Provenance provenance) {
    }

    /**
     * @return what was exported
     * @throws IOException if the output cannot be written
     */
    static Exported run(TrainingConfig cfg, LoadStage.Loaded data, EmbedStage.Embeddings embeddings,
            SelectStage.Selection selection, FitStage.Fitted fitted) throws IOException {
        Candidate chosen = selection.chosen();
        Files.createDirectories(cfg.out());
        HeadExport.Framing framing = new HeadExport.Framing(chosen.windowSeconds(), chosen.hopSeconds(),
                chosen.gateDb());
        // licenses of what the model contains and fingerprints of its training files (eval's overlap check)
        Provenance provenance = Provenance.of(selection.embedded().backbone().name(),
                embeddings.split().train().stream().map(Clip::file).toList());
        Map<String, String> extra = new LinkedHashMap<>(provenance.metadata());
        extra.putAll(Map.of("audioml-train.backbone", withoutFolders(chosen.backbone()), "audioml-train.pooling",
                chosen.pooling(), "audioml-train.head", chosen.head(), "audioml-train.C", Double.toString(chosen.c()),
                "audioml-train.seed", Long.toString(cfg.seed()), "audioml-train.name",
                String.valueOf(cfg.out().toAbsolutePath().normalize().getFileName())));
        HeadExport.Exported model = HeadExport.export(fitted.result().head(), data.classes(),
                selection.embedded().backbone(), chosen.pooling(), framing, extra);
        Files.write(cfg.out().resolve("model.onnx"), model.bytes());
        Plots.confusion(fitted.testMetrics(), "Test set confusion (" + chosen.backbone() + " / " + chosen.pooling()
                + ", " + chosen.head() + ")", cfg.out().resolve("confusion.png"));
        Plots.curves(fitted.result().history(), fitted.result().history().size(), cfg.out().resolve("loss.png"));
        return new Exported(model.featureSpec(), provenance);
    }

    /** {@code onnx:/abs/dir/cnn.onnx#t} as {@code onnx:cnn.onnx#t}: a model file names no folder of this machine. */
    private static String withoutFolders(String backbone) {
        if (!backbone.startsWith(OnnxTensorBackbone.PREFIX)) {
            return backbone;
        }
        String rest = backbone.substring(OnnxTensorBackbone.PREFIX.length());
        int hash = rest.lastIndexOf('#');
        String file = hash < 0 ? rest : rest.substring(0, hash);
        return OnnxTensorBackbone.PREFIX + Path.of(file).getFileName() + (hash < 0 ? "" : rest.substring(hash));
    }
}
