package dev.audioml.core.pipeline;

/**
 * What the capture thread of a live source does when the processing thread has fallen behind and the bounded block
 * queue is full. Drops are counted in {@link PipelineStats}; after a drop the stream resumes at the next block's true
 * time (no window spans the gap).
 *
 * @since 0.1
 */
public enum DropPolicy {
    /** Discard the oldest queued block to make room (the default for live sources: stay close to real time). */
    DROP_OLDEST,
    /** Discard the block just captured. */
    DROP_NEWEST,
    /** Wait for room: nothing is dropped, but the capture thread stalls (only sensible for paced files). */
    BLOCK
}
