package dev.audioml.features.workshop;

import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureExtractorProvider;
import java.util.Map;

/**
 * Registers {@code workshop_image} ({@link WorkshopSettings}) with
 * {@link dev.audioml.core.FeatureExtractors#fromSpec}, so models whose {@code audioml.features} metadata holds the
 * workshop's settings run live through {@link WorkshopImageExtractor}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class WorkshopFeatureProvider implements FeatureExtractorProvider {
    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public WorkshopFeatureProvider() {
    }

    @Override
    public boolean supports(String feature) {
        return WorkshopSettings.FEATURE.equals(feature);
    }

    @Override
    public FeatureExtractor create(Map<String, Object> spec) {
        return new WorkshopImageExtractor(WorkshopSettings.fromSpec(spec));
    }
}
