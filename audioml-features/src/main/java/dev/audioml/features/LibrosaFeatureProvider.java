package dev.audioml.features;

import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureExtractorProvider;
import java.util.Map;

/**
 * Registers this module's features with {@link dev.audioml.core.FeatureExtractors#fromSpec}: {@code stft},
 * {@code melspectrogram}, {@code mfcc}, {@code kaldi_fbank}, {@code spectral} and the single descriptors.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class LibrosaFeatureProvider implements FeatureExtractorProvider {
    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public LibrosaFeatureProvider() {
    }

    @Override
    public boolean supports(String feature) {
        return FeaturePlan.FEATURES.contains(feature);
    }

    @Override
    public FeatureExtractor create(Map<String, Object> spec) {
        return FeaturePipeline.fromSpec(spec);
    }
}
