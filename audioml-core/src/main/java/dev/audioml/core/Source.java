package dev.audioml.core;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * Where audio comes from: a file, a microphone, an array. A source delivers mono float PCM in [-1, 1] at a fixed
 * sample rate known before the first read.
 *
 * <p>Not thread-safe: confine to one thread (the pipeline reads a live source from its capture thread only).
 *
 * @since 0.1
 */
public interface Source extends AutoCloseable {

    /** @return the sample rate in Hz of the samples {@link #read} delivers; fixed for the source's life */
    int sampleRateHz();

    /**
     * Reads up to {@code length} mono samples into {@code buffer[offset, offset + length)}. Blocks until at least one
     * sample is available or the stream ends.
     *
     * @param buffer destination, owned by the caller
     * @param offset first index to write
     * @param length maximum number of samples to read, at least 1
     * @return the number of samples read (at least 1), or -1 at end of stream
     * @throws IOException when the underlying file or device fails
     */
    int read(float[] buffer, int offset, int length) throws IOException;

    /**
     * Whether samples arrive in real time (microphone, paced file). Live sources are read on a capture thread and
     * handed over a bounded queue; others are read on the caller's thread as fast as possible.
     *
     * @return true for real-time sources
     */
    default boolean isLive() {
        return false;
    }

    /** @return the total number of samples this source will deliver, when known in advance */
    default OptionalLong frameCount() {
        return OptionalLong.empty();
    }

    /** @return a short human-readable name (file path, device name) for messages */
    default String description() {
        return getClass().getSimpleName();
    }

    /**
     * Releases the file or device. Idempotent. A read after close returns -1 or throws ({@link IOException}, or
     * {@link IllegalStateException} saying the source is closed); it never blocks and never returns data. A close from
     * another thread ends a blocked read the same way (the pipeline relies on it to stop a source that ignores a stop).
     */
    @Override
    void close() throws IOException;
}
