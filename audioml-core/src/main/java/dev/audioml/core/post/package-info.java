/**
 * Post-processing of the stream of {@link dev.audioml.core.Classification}s: smoothing over windows, label
 * allow/deny lists, hysteresis event detection (with minimum duration and cooldown) producing
 * {@link dev.audioml.core.Event}s, and top-k/threshold reduction of what is reported. One
 * {@link dev.audioml.core.post.PostProcessor}, configured by its builder, applies the steps in a fixed order.
 */
package dev.audioml.core.post;
