package dev.audioml.train.embed;

import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureExtractors;
import dev.audioml.core.testing.contract.FeatureExtractorContract;
import dev.audioml.onnx.preset.ModelCache;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * The backbones' pooled embeddings as feature extractors (what a model exported with a backbone spec runs) keep the
 * contract; the openWakeWord one owns ONNX sessions, so its use after close must fail as closed.
 */
class EmbeddingExtractorContractsTest {

    @Nested
    class LogMelStats extends FeatureExtractorContract {
        @Override
        protected FeatureExtractor newExtractor() {
            return FeatureExtractors.fromSpec(Map.of("feature", "logmel_stats", "sr", 16_000, "n_fft", 512,
                    "hop_length", 160, "n_mels", 40, "n_mfcc", 20, "pooling", "mean_std"));
        }

        @Override
        protected int[] windowLengths() {
            return new int[] {16_000, 8_001};
        }

        @Override
        protected int tooShortWindow() {
            return 0;
        }
    }

    @Nested
    class OwwEmbedding extends FeatureExtractorContract {
        @Override
        protected FeatureExtractor newExtractor() {
            ModelCache.defaultCache(line -> System.out.println("[model cache] " + line)); // fetched by the onnx tests
            return FeatureExtractors.fromSpec(Map.of("feature", "oww_embedding", "pooling", "mean_max"));
        }

        @Override
        protected int[] windowLengths() {
            return new int[] {16_000, 12_801};
        }

        @Override
        protected int tooShortWindow() {
            return 0;
        }
    }
}
