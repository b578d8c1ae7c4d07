package dev.audioml.core.pipeline;

/**
 * Latency percentiles of one {@link Stage}, read from a log-linear histogram (values are bucket upper edges: at most
 * 12.5 % above the true value).
 *
 * <p>Immutable and thread-safe.
 *
 * @param count how many times the stage was timed
 * @param p50Nanos median, in nanoseconds; 0 when never timed
 * @param p99Nanos 99th percentile, in nanoseconds
 * @param p999Nanos 99.9th percentile, in nanoseconds
 * @since 0.1
 */
public record StageLatency(long count, long p50Nanos, long p99Nanos, long p999Nanos) {
}
