package dev.audioml.sinks.delivery;

/**
 * What a sink's sender thread has done so far.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sent items delivered without failure
 * @param dropped items dropped because the queue was full (or closed)
 * @param failed deliveries that threw (e.g. no receiver)
 * @since 0.1
 */
public record DeliveryStats(long sent, long dropped, long failed) {
}
