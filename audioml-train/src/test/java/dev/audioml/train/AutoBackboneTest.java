package dev.audioml.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.train.embed.Backbones;
import dev.audioml.train.testing.SyntheticSounds;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auto} and the named openWakeWord backbone on espeak-ng words vs sox noise vs sox tones, with real models. */
class AutoBackboneTest {
    static final int PER_CLASS = 16;

    @TempDir
    Path tmp;

    @Test
    void autoHeadComparesBothHeadsAndTheOwwModelIsOneSelfContainedGraph() throws Exception {
        Path data = SyntheticSounds.speechNoiseTones(PER_CLASS);
        Path cache = tmp.resolve("cache");
        ModelCache models = ModelCache.defaultCache(System.out::println);
        TrainingResult auto = Trainer.builder().data(data).out(tmp.resolve("auto")).cacheDir(cache).models(models)
                .head(Trainer.AUTO).windowSeconds(1.0).seed(11).testFraction(0.3).progress(System.out::println)
                .build().run();

        // --head auto: every gate x pooling with both heads, logmel-stats only (auto never opts into a NC license)
        assertThat(auto.comparison()).extracting(TrainingResult.Candidate::backbone).containsOnly("logmel-stats");
        assertThat(auto.comparison()).extracting(TrainingResult.Candidate::head)
                .containsExactly("logreg", "mlp", "logreg", "mlp", "logreg", "mlp", "logreg", "mlp", "logreg", "mlp",
                        "logreg", "mlp");
        TrainingResult.Candidate best = auto.comparison().stream()
                .max(java.util.Comparator.comparingDouble(TrainingResult.Candidate::balancedAccuracy)).orElseThrow();
        // the MLP only wins by more than one standard error over every logistic regression
        if (auto.head().equals("mlp")) {
            assertThat(auto.chosen()).isEqualTo(best);
            assertThat(auto.comparison()).filteredOn(c -> c.head().equals("logreg")).allSatisfy(c -> assertThat(
                    c.balancedAccuracy()).isLessThan(best.balancedAccuracy() - best.spread() / Math.sqrt(5)));
        }
        JsonNode report = new ObjectMapper().readTree(tmp.resolve("auto").resolve("report.json").toFile());
        assertThat(report.get("chosen").get("head").asText()).isEqualTo(auto.head());
        assertThat(report.get("comparison")).hasSize(12);
        // tones at pitches no training tone had are this tiny synthetic set's hard case for log-mel statistics, and
        // with 32 training clips the simplest model within one standard error is the 100-column "mean" at C=0.01
        // (0.75 measured, chance 0.33); accuracy on real recordings is what audioml-bench/accuracy measures
        assertThat(auto.testMetrics().accuracy()).isGreaterThan(0.7);

        // the embedding backbone, named: raw audio in, one graph, its license in the metadata
        TrainingResult oww = Trainer.builder().data(data).out(tmp.resolve("oww")).cacheDir(cache).models(models)
                .backbone("oww-embedding").windowSeconds(1.0).gateDb(0.0).seed(11).testFraction(0.3).build().run();
        assertThat(oww.testMetrics().accuracy()).isGreaterThan(TrainerTest.MIN_ACCURACY);
        assertThat(oww.featureSpec()).containsEntry("feature", "raw").containsEntry("sr", 16_000);
        try (var backbone = Backbones.open("oww-embedding", 1.0, models)) {
            TrainerTest.assertExportEqualsHead(oww, backbone, data);
        }
        try (OnnxSession s = OnnxSession.open(tmp.resolve("oww/model.onnx"))) {
            assertThat(s.metadata()).containsEntry("license", "CC-BY-NC-SA-4.0");
        }
    }
}
