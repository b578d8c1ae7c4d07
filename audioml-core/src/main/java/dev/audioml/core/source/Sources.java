package dev.audioml.core.source;

import dev.audioml.core.Source;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Static factories of in-memory {@link Source}s.
 *
 * @since 0.1
 */
public final class Sources {
    private Sources() {
    }

    /**
     * A non-live source that delivers {@code samples} as fast as they are read.
     *
     * @param samples mono PCM in [-1, 1]; copied
     * @param sampleRateHz their sample rate in Hz, at least 1
     * @return a new source, owned by the caller; not thread-safe
     */
    public static Source fromArray(float[] samples, int sampleRateHz) {
        return new ArraySource(samples.clone(), sampleRateHz);
    }

    private static final class ArraySource implements Source {
        private final float[] samples;
        private final int sampleRateHz;
        private final AtomicBoolean closed = new AtomicBoolean();
        private int position;

        ArraySource(float[] samples, int sampleRateHz) {
            if (sampleRateHz < 1) {
                throw new IllegalArgumentException("sampleRateHz must be >= 1, got " + sampleRateHz);
            }
            this.samples = samples;
            this.sampleRateHz = sampleRateHz;
        }

        @Override
        public int sampleRateHz() {
            return sampleRateHz;
        }

        @Override
        public int read(float[] buffer, int offset, int length) {
            if (closed.get()) {
                throw new IllegalStateException("ArraySource is closed");
            }
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (position == samples.length) {
                return -1;
            }
            int n = Math.min(length, samples.length - position);
            System.arraycopy(samples, position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public OptionalLong frameCount() {
            return OptionalLong.of(samples.length);
        }

        @Override
        public String description() {
            return "array of " + samples.length + " samples @ " + sampleRateHz + " Hz";
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
