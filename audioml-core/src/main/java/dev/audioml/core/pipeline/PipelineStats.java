package dev.audioml.core.pipeline;

import java.util.EnumMap;
import java.util.Map;

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
 * @param stages latency per {@link Stage} (every stage present; count 0 for a stage that never ran)
 * @since 0.1
 */
public record PipelineStats(long blocksIn, long blocksDropped, long samplesDropped, long windowsProcessed,
        long latencyP50Nanos, long latencyP99Nanos, Map<Stage, StageLatency> stages) {

    /** Copies the stage map (unmodifiable, in {@link Stage} order). */
    public PipelineStats {
        stages = java.util.Collections.unmodifiableMap(new EnumMap<>(stages));
    }

    /**
     * @param stage a stage
     * @return its latency percentiles (zeros when it never ran)
     */
    public StageLatency stage(Stage stage) {
        return stages.getOrDefault(stage, new StageLatency(0, 0, 0, 0));
    }
}
