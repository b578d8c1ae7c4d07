package dev.audioml.core.pipeline;

/**
 * A snapshot of a pipeline's counters.
 *
 * <p>Immutable and thread-safe.
 *
 * @param blocksIn blocks read from the source
 * @param blocksDropped blocks discarded because the queue was full (live sources only)
 * @param samplesDropped samples in those blocks, at the source's rate
 * @param windowsProcessed windows classified
 * @param latencyP50Nanos median time from a window being complete to its results leaving the sinks, in nanoseconds
 *     (upper edge of a histogram bucket: within 12.5 % above the true value); 0 before the first window
 * @param latencyP99Nanos 99th percentile of that time, in nanoseconds, same resolution
 * @since 0.1
 */
public record PipelineStats(long blocksIn, long blocksDropped, long samplesDropped, long windowsProcessed,
        long latencyP50Nanos, long latencyP99Nanos) {
}
