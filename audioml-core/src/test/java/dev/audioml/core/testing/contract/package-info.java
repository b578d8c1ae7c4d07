/**
 * Contract tests every implementation of a core interface runs: extend {@link SourceContract},
 * {@link SinkContract} or {@link FeatureExtractorContract} in the implementation's module and supply fresh instances.
 * They check what the interfaces' javadoc promises: close twice, use after close, empty input, odd block sizes.
 */
package dev.audioml.core.testing.contract;
