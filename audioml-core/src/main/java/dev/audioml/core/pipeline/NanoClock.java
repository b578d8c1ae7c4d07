package dev.audioml.core.pipeline;

/**
 * The time source a {@link Pipeline} stamps blocks and times stages with, in nanoseconds (only differences matter,
 * as with {@link System#nanoTime()}). Tests and simulations inject their own to drive time instead of sleeping.
 *
 * <p>Implementations must be thread-safe: the capture and processing threads both read it.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface NanoClock {

    /** The JVM's monotonic clock, {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /** @return the current time in nanoseconds, from an arbitrary origin; never decreasing */
    long nanoTime();
}
