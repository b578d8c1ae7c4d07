package dev.audioml.cli;

import dev.audioml.core.Source;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.OptionalLong;

/**
 * Delivers another source's samples at wall-clock speed, as a live source ({@code demo --realtime}).
 *
 * <p>Stop-gap until the capture module's {@code RealtimeFileSource} is on main. Not thread-safe.
 */
final class PacedSource implements Source {
    private final Source inner;
    private final int blockSamples;
    private long delivered;
    private long startNanos = -1;

    PacedSource(Source inner, int blockSamples) {
        this.inner = inner;
        this.blockSamples = blockSamples;
    }

    @Override
    public int sampleRateHz() {
        return inner.sampleRateHz();
    }

    @Override
    public int read(float[] buffer, int offset, int length) throws IOException {
        if (startNanos < 0) {
            startNanos = System.nanoTime();
        }
        int n = inner.read(buffer, offset, Math.min(length, blockSamples));
        if (n < 0) {
            return n;
        }
        delivered += n;
        long due = startNanos + delivered * 1_000_000_000L / inner.sampleRateHz();
        long wait = due - System.nanoTime();
        try {
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("paced read interrupted");
        }
        return n;
    }

    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public OptionalLong frameCount() {
        return inner.frameCount();
    }

    @Override
    public String description() {
        return inner.description() + " (paced)";
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
