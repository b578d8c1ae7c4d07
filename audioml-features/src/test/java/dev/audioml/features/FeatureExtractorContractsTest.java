package dev.audioml.features;

import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureExtractors;
import dev.audioml.core.testing.contract.FeatureExtractorContract;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** librosa feature specs, created as users create them (by spec, through the service loader), run the contract. */
class FeatureExtractorContractsTest {

    @Nested
    class LogMel extends FeatureExtractorContract {
        @Override
        protected FeatureExtractor newExtractor() {
            return FeatureExtractors.fromSpec(Map.of("feature", "melspectrogram", "sr", 16_000, "n_fft", 512,
                    "hop_length", 160, "n_mels", 40, "to_db", Map.of("ref", "max", "top_db", 80)));
        }

        @Override
        protected int[] windowLengths() {
            return new int[] {16_000, 1_023, 513};
        }

        @Override
        protected int tooShortWindow() {
            return 0; // librosa pads (center=True): any window of at least one sample gives at least one frame
        }
    }

    @Nested
    class Mfcc extends FeatureExtractorContract {
        @Override
        protected FeatureExtractor newExtractor() {
            return FeatureExtractors.fromSpec(Map.of("feature", "mfcc", "sr", 22_050, "n_mfcc", 13));
        }

        @Override
        protected int[] windowLengths() {
            return new int[] {22_050, 4_097, 2_049};
        }

        @Override
        protected int tooShortWindow() {
            return 0;
        }
    }

    @Nested
    class ChromaStft extends FeatureExtractorContract {
        @Override
        protected FeatureExtractor newExtractor() {
            return FeatureExtractors.fromSpec(Map.of("feature", "chroma_stft", "sr", 22_050));
        }

        @Override
        protected int[] windowLengths() {
            return new int[] {22_050, 5_001};
        }

        @Override
        protected int tooShortWindow() {
            return 0;
        }
    }

    @Nested
    class Cqt extends FeatureExtractorContract {
        @Override
        protected FeatureExtractor newExtractor() {
            return FeatureExtractors.fromSpec(Map.of("feature", "cqt", "sr", 22_050));
        }

        @Override
        protected int[] windowLengths() {
            return new int[] {22_050, 11_025};
        }

        @Override
        protected int tooShortWindow() {
            return 0;
        }
    }
}
