package dev.audioml.core;

import java.util.Map;

/**
 * Service-provider interface that builds feature extractors from a feature spec (librosa's names, as parsed from
 * JSON into a map). Modules that implement features register a provider in
 * {@code META-INF/services/dev.audioml.core.FeatureExtractorProvider}, so modules that only know a spec (a model's
 * metadata, the CLI) can build an extractor without depending on the implementation.
 *
 * @since 0.1
 */
public interface FeatureExtractorProvider {

    /**
     * @param feature the spec's {@code "feature"} value, e.g. {@code "melspectrogram"}
     * @return whether this provider builds that feature
     */
    boolean supports(String feature);

    /**
     * Builds an extractor.
     *
     * @param spec the whole spec, keys and values as JSON would give them (numbers, strings, booleans, null, maps)
     * @return a new extractor, owned by the caller
     * @throws IllegalArgumentException naming the key and value when the spec is invalid
     */
    FeatureExtractor create(Map<String, Object> spec);
}
