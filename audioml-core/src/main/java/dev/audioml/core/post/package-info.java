/**
 * Post-processing of the stream of {@link dev.audioml.core.Classification}s: smoothing over windows, label
 * allow/deny lists, event detection ({@link dev.audioml.core.post.EventRules}: hysteresis, patience, gap merging, minimum duration,
 * debounce, cooldown; or a model's own {@link dev.audioml.core.post.EventDetector}) producing
 * {@link dev.audioml.core.Event}s, and top-k/threshold reduction of what is reported. One
 * {@link dev.audioml.core.post.PostProcessor}, configured by its builder, applies the steps in a fixed order.
 */
package dev.audioml.core.post;
