package dev.audioml.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Builds a {@link FeatureExtractor} from a feature spec through the registered {@link FeatureExtractorProvider}s.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class FeatureExtractors {
    private FeatureExtractors() {
    }

    /**
     * @param spec a feature spec with at least a {@code "feature"} key
     * @return a new extractor
     * @throws IllegalArgumentException if the spec names no feature, or one no provider on the class path supports
     */
    public static FeatureExtractor fromSpec(Map<String, Object> spec) {
        Object feature = spec.get("feature");
        if (!(feature instanceof String name)) {
            throw new IllegalArgumentException("feature spec needs a string \"feature\" key, got " + feature);
        }
        List<String> seen = new ArrayList<>();
        for (FeatureExtractorProvider p : ServiceLoader.load(FeatureExtractorProvider.class)) {
            if (p.supports(name)) {
                return p.create(spec);
            }
            seen.add(p.getClass().getSimpleName());
        }
        throw new IllegalArgumentException("unknown feature \"" + name + "\"" + (seen.isEmpty()
                ? "; no feature provider on the class path (add audioml-features)"
                : "; providers present: " + seen));
    }
}
