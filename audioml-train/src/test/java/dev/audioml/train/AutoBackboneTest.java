package dev.audioml.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.train.embed.Backbones;
import dev.audioml.train.testing.SyntheticSounds;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code auto} on espeak-ng words vs sox noise vs sox tones, with the real openWakeWord backbone. */
class AutoBackboneTest {
    static final int PER_CLASS = 10;

    @TempDir
    Path tmp;

    @Test
    void autoComparesEveryBackbonePoolingAndHeadAndTheOwwExportRunsAlone() throws Exception {
        Path data = SyntheticSounds.speechNoiseTones(PER_CLASS);
        Path cache = tmp.resolve("cache");
        ModelCache models = ModelCache.defaultCache(System.out::println);
        TrainingResult auto = Trainer.builder().data(data).out(tmp.resolve("auto")).cacheDir(cache).models(models)
                .seed(11).testFraction(0.3).progress(System.out::println).build().run();

        // no --head: every backbone x pooling is tried with both heads
        assertThat(auto.comparison()).extracting(TrainingResult.Candidate::backbone)
                .containsExactly("logmel-stats", "logmel-stats", "logmel-stats", "logmel-stats", "oww-embedding",
                        "oww-embedding", "oww-embedding", "oww-embedding");
        assertThat(auto.comparison()).extracting(TrainingResult.Candidate::head)
                .containsExactly("logreg", "mlp", "logreg", "mlp", "logreg", "mlp", "logreg", "mlp");
        TrainingResult.Candidate best = auto.comparison().stream()
                .reduce((a, b) -> b.isBetterThan(a) ? b : a).orElseThrow();
        assertThat(auto.comparison()).allSatisfy(c -> assertThat(c.balancedAccuracy())
                .isLessThanOrEqualTo(best.balancedAccuracy()));
        assertThat(auto.backbone()).isEqualTo(best.backbone());
        assertThat(auto.pooling()).isEqualTo(best.pooling());
        assertThat(auto.head()).isEqualTo(best.head());
        JsonNode report = new ObjectMapper().readTree(tmp.resolve("auto").resolve("report.json").toFile());
        assertThat(report.get("head").asText()).isEqualTo(best.head());
        assertThat(report.get("auto_comparison")).hasSize(8);
        assertThat(report.get("auto_comparison").get(1).get("head").asText()).isEqualTo("mlp");

        // a fixed head: auto compares backbones and poolings only, with that head (embeddings from the cache)
        TrainingResult fixed = Trainer.builder().data(data).out(tmp.resolve("fixed")).cacheDir(cache).models(models)
                .head("logreg").seed(11).testFraction(0.3).build().run();
        assertThat(fixed.cacheMisses()).isZero();
        assertThat(fixed.comparison()).hasSize(4).allSatisfy(c -> assertThat(c.head()).isEqualTo("logreg"));
        assertThat(fixed.head()).isEqualTo("logreg");
        assertThat(auto.testMetrics().accuracy()).isGreaterThan(TrainerTest.MIN_ACCURACY);

        // the embedding backbone on its own: every clip comes from the cache auto filled
        TrainingResult oww = Trainer.builder().data(data).out(tmp.resolve("oww")).cacheDir(cache).models(models)
                .backbone("oww-embedding").seed(11).testFraction(0.3).build().run();
        assertThat(oww.cacheMisses()).isZero();
        assertThat(oww.cacheHits()).isEqualTo(3 * PER_CLASS);
        assertThat(oww.testMetrics().accuracy()).isGreaterThan(TrainerTest.MIN_ACCURACY);
        assertThat(oww.featureSpec()).containsEntry("feature", "oww_embedding").containsEntry("pooling", "mean_max");
        try (var backbone = Backbones.open("oww-embedding", 1.0, models)) {
            TrainerTest.assertExportEqualsHead(oww, backbone, data);
        }
    }
}
