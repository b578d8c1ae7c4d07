package dev.audioml.core.resample;

import dev.audioml.core.Source;
import java.io.IOException;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Source} that delivers another source's audio at a different sample rate, through a {@link Resampler}
 * (so a 44.1 kHz file can feed a 16 kHz model). Output sample {@code n} is the inner stream at time
 * {@code n / toHz} seconds. Allocates nothing per read after construction.
 *
 * <p>Owns the inner source: {@link #close()} closes it. Liveness and description are the inner source's.
 *
 * <p>Not thread-safe: confine to one thread.
 *
 * @since 0.1
 */
public final class ResamplingSource implements Source {
    private static final int READ_SAMPLES = 4096;

    private final Source inner;
    private final Resampler resampler;
    private final float[] input = new float[READ_SAMPLES];
    private final float[] pending;
    private int pendingStart;
    private int pendingEnd;
    private boolean innerEnded;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param inner the source to resample; owned from now on
     * @param toHz the rate to deliver, in Hz
     */
    public ResamplingSource(Source inner, int toHz) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.resampler = new Resampler(inner.sampleRateHz(), toHz);
        this.pending = new float[Math.max(resampler.maxOutputSamples(READ_SAMPLES), resampler.maxFlushSamples())];
    }

    /**
     * Wraps {@code source} so it delivers {@code toHz}; returns it unchanged when it already does.
     *
     * @param source the source; owned by the returned one
     * @param toHz the wanted rate in Hz
     * @return a source at {@code toHz}
     */
    public static Source of(Source source, int toHz) {
        return source.sampleRateHz() == toHz ? source : new ResamplingSource(source, toHz);
    }

    @Override
    public int sampleRateHz() {
        return resampler.toHz();
    }

    @Override
    public int read(float[] buffer, int offset, int length) throws IOException {
        if (closed.get()) {
            throw new IllegalStateException("ResamplingSource is closed");
        }
        Objects.checkFromIndexSize(offset, length, buffer.length);
        while (pendingStart == pendingEnd) {
            if (innerEnded) {
                return -1;
            }
            pendingStart = 0;
            int n = inner.read(input, 0, input.length);
            if (n < 0) {
                innerEnded = true;
                pendingEnd = resampler.flush(pending, 0);
            } else {
                pendingEnd = resampler.process(input, 0, n, pending, 0);
            }
        }
        int n = Math.min(length, pendingEnd - pendingStart);
        System.arraycopy(pending, pendingStart, buffer, offset, n);
        pendingStart += n;
        return n;
    }

    @Override
    public boolean isLive() {
        return inner.isLive();
    }

    @Override
    public OptionalLong frameCount() {
        OptionalLong n = inner.frameCount();
        return n.isPresent() ? OptionalLong.of(resampler.outputLength(n.getAsLong())) : n;
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            inner.close();
        }
    }
}
