/**
 * Features with librosa/torchaudio parity, batch and streaming from one object: build a {@link
 * dev.audioml.features.FeaturePipeline} from a feature spec (librosa's keyword names), then {@code compute} a clip,
 * stream hop by hop with {@link dev.audioml.features.StreamingFeatures}, or use it as the pipeline's
 * {@link dev.audioml.core.FeatureExtractor}. See {@code docs/features.md}.
 *
 * @since 0.1
 */
package dev.audioml.features;
