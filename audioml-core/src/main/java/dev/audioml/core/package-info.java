/**
 * The pipeline contracts every AudioML stage implements: audio flows in as {@link dev.audioml.core.AudioBlock}s
 * from a {@link dev.audioml.core.Source}, is cut into windows, turned into a {@link dev.audioml.core.FeatureFrame}
 * by a {@link dev.audioml.core.FeatureExtractor}, scored by a {@link dev.audioml.core.Classifier} into a
 * {@link dev.audioml.core.Classification}, and delivered (with any {@link dev.audioml.core.Event}s) to
 * {@link dev.audioml.core.Sink}s.
 *
 * <p>Timestamps are sample indices at the pipeline's sample rate; they become seconds only at the edges
 * ({@code startSeconds()} accessors, sinks). Per-hop buffers ({@code AudioBlock}, {@code FeatureFrame}) are owned by
 * the caller and reused, so the hot path allocates nothing after warm-up.
 */
package dev.audioml.core;
