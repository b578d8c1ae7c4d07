package dev.audioml.capture.realtime;

import dev.audioml.core.Source;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plays any {@link Source} at wall-clock pace, so that a file behaves like a microphone ({@link #isLive()} is true):
 * a block of samples is returned once the time it spans has passed since the first read, as a capture device
 * would deliver it. Lets live pipelines be tested and demonstrated without a device.
 *
 * <p>Reads are cut into blocks of at most {@code blockSamples}; the pace does not drift (each block's due time is
 * computed from the total delivered, not accumulated), and a slow reader is not slowed further: a block that is
 * already due is returned at once.
 *
 * <p>Owns the wrapped source and closes it. Not thread-safe: confine to one thread (the pipeline's capture thread).
 *
 * @since 0.1
 */
public final class RealtimeFileSource implements Source {
    /** Default block: 20 ms at any rate. */
    private static final int DEFAULT_BLOCKS_PER_SECOND = 50;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Source source;
    private final int blockSamples;
    private final PacingClock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long startNanos;
    private long samplesDelivered;
    private boolean started;

    private RealtimeFileSource(Source source, int blockSamples, PacingClock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (blockSamples < 1) {
            throw new IllegalArgumentException("blockSamples must be >= 1, got " + blockSamples);
        }
        this.blockSamples = blockSamples;
    }

    /**
     * Paces {@code source} in 20 ms blocks with the system clock.
     *
     * @param source the source to play; owned (closed) by the returned object
     * @return a live source
     */
    public static RealtimeFileSource of(Source source) {
        return new RealtimeFileSource(source, Math.max(1, source.sampleRateHz() / DEFAULT_BLOCKS_PER_SECOND),
                PacingClock.SYSTEM);
    }

    /**
     * Paces {@code source} in blocks of at most {@code blockSamples} with the given clock.
     *
     * @param source the source to play; owned (closed) by the returned object
     * @param blockSamples largest block returned by one read, in samples, at least 1
     * @param clock time source and sleeper
     * @return a live source
     */
    public static RealtimeFileSource of(Source source, int blockSamples, PacingClock clock) {
        return new RealtimeFileSource(source, blockSamples, clock);
    }

    @Override
    public int sampleRateHz() {
        return source.sampleRateHz();
    }

    /**
     * Reads the next block and waits until its last sample's time has come.
     *
     * @throws InterruptedIOException when interrupted while waiting (the interrupt flag is kept)
     */
    @Override
    public int read(float[] buffer, int offset, int length) throws IOException {
        if (closed.get()) {
            throw new IllegalStateException("RealtimeFileSource is closed: " + source.description());
        }
        if (!started) {
            startNanos = clock.nanoTime();
            started = true;
        }
        int n = source.read(buffer, offset, Math.min(length, blockSamples));
        if (n < 0) {
            return n;
        }
        samplesDelivered += n;
        long waitNanos = startNanos + elapsedNanos(samplesDelivered, sampleRateHz()) - clock.nanoTime();
        if (waitNanos > 0) {
            try {
                clock.sleepNanos(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InterruptedIOException io = new InterruptedIOException("interrupted while pacing "
                        + source.description());
                io.bytesTransferred = n;
                throw io;
            }
        }
        return n;
    }

    /** Time spanned by {@code samples} at {@code rateHz}, in nanoseconds, without overflow for any stream length. */
    static long elapsedNanos(long samples, int rateHz) {
        return samples / rateHz * NANOS_PER_SECOND + samples % rateHz * NANOS_PER_SECOND / rateHz;
    }

    /** @return true: samples arrive at wall-clock pace */
    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public OptionalLong frameCount() {
        return source.frameCount();
    }

    @Override
    public String description() {
        return "realtime " + source.description();
    }

    /** Closes the wrapped source. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            source.close();
        }
    }
}
