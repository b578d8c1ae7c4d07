package dev.audioml.core.framing;

/**
 * What {@link WindowFramer#finish} does with samples at the end of the stream that no full window covered.
 *
 * @since 0.1
 */
public enum LastWindow {
    /** Emit nothing for them: a stream shorter than one window gives no window at all. */
    DROP,
    /**
     * Emit one more window starting on the hop grid, filled with the remaining samples and then zeros (the default):
     * classifying a 0.7 s clip with a 1 s model gives one window whose last 0.3 s are silence.
     */
    ZERO_PAD
}
