package dev.audioml.core.pipeline;

/**
 * What {@link Pipeline#stop()} and {@link Pipeline#close()} do with audio captured but not yet processed.
 *
 * @since 0.1
 */
public enum ShutdownPolicy {
    /**
     * Process every block already read, then end the stream as if the source had ended: the resampler is flushed, the
     * partial last window is handled by the framing policy and open events are closed (the default).
     */
    DRAIN,
    /** Discard queued blocks and the partial window; open events are still closed at the last processed window. */
    DROP
}
