/**
 * The pipeline runtime: {@link dev.audioml.core.pipeline.Pipeline} wires a {@link dev.audioml.core.Source}, an
 * optional resampler, the framer, a {@link dev.audioml.core.FeatureExtractor}, a {@link dev.audioml.core.Classifier},
 * an optional {@link dev.audioml.core.post.PostProcessor} and {@link dev.audioml.core.Sink}s, in the order data flows.
 * Non-live sources are processed on the caller's thread as fast as possible; live sources are read on a capture
 * thread that hands preallocated blocks over a bounded queue with a {@link dev.audioml.core.pipeline.DropPolicy}.
 * {@link dev.audioml.core.pipeline.PipelineStats} counts blocks, drops, windows and per-window latency.
 */
package dev.audioml.core.pipeline;
