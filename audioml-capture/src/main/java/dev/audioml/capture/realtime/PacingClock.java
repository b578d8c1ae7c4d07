package dev.audioml.capture.realtime;

import java.util.concurrent.TimeUnit;

/**
 * The time source and sleeper a {@link RealtimeFileSource} paces itself with; tests inject a fake that advances
 * instantly.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface PacingClock {

    /** Wall-clock pacing: {@link System#nanoTime()} and {@link TimeUnit#sleep}. */
    PacingClock SYSTEM = new PacingClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };

    /** @return a monotonic time in nanoseconds (arbitrary origin) */
    long nanoTime();

    /**
     * Sleeps for about {@code nanos} nanoseconds.
     *
     * @param nanos time to sleep in nanoseconds, at least 1
     * @throws InterruptedException when the thread is interrupted
     */
    void sleepNanos(long nanos) throws InterruptedException;
}
