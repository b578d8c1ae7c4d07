/**
 * Cutting a stream of audio blocks into fixed-length analysis windows: {@link dev.audioml.core.framing.WindowFramer} keeps
 * a ring buffer of the newest {@code windowSamples} samples and emits a window every {@code hopSamples} samples,
 * whatever the size of the blocks that feed it. Window start indices are exact stream sample indices; what happens to
 * the partial window at end of stream is a {@link dev.audioml.core.framing.LastWindow} policy.
 */
package dev.audioml.core.framing;
