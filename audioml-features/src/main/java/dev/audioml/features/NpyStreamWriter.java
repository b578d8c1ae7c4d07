package dev.audioml.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a float32 {@code .npy} matrix of shape {@code [frames, bins]} row by row, without knowing the number of
 * frames in advance: the header is written with room for any frame count and rewritten with the real one on
 * {@link #close()}. Memory is one 16 KiB buffer, whatever the length. The file equals {@link NpyWriter}'s for the
 * same matrix apart from the header's padding spaces (numpy reads both alike).
 *
 * <p>Not thread-safe: confine to one thread.
 *
 * @since 0.1
 */
public final class NpyStreamWriter implements java.io.Closeable {
    /** Header length in bytes (a multiple of 64, as the format asks), wide enough for a 19-digit frame count. */
    private static final int HEADER_BYTES = 128;

    private final FileChannel channel;
    private final int bins;
    private final ByteBuffer body = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    /** {@link #body} seen as floats (the same memory), for bulk copies. */
    private final java.nio.FloatBuffer floats = body.asFloatBuffer();
    private long frames;
    private boolean closed;

    /**
     * Creates (or truncates) {@code path} and writes a header for {@code bins} columns.
     *
     * @param path the file
     * @param bins values per frame, at least 1
     * @throws IOException if the file cannot be written
     */
    public NpyStreamWriter(Path path, int bins) throws IOException {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        this.bins = bins;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            writeHeader();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Appends frames.
     *
     * @param data row-major frames, {@code frames * bins} values from {@code offset}
     * @param offset first value
     * @param frameCount frames to append
     * @throws IOException if writing fails
     */
    public void write(float[] data, int offset, int frameCount) throws IOException {
        if (closed) {
            throw new IllegalStateException("NpyStreamWriter is closed");
        }
        int n = frameCount * bins;
        for (int i = 0; i < n; ) {
            // float runs through the little-endian view (a bulk copy) instead of one putFloat per value
            int k = Math.min(floats.capacity() - body.position() / 4, n - i);
            floats.position(body.position() / 4);
            floats.put(data, offset + i, k);
            body.position(body.position() + 4 * k);
            i += k;
            if (!body.hasRemaining()) {
                drain();
            }
        }
        frames += frameCount;
    }

    /** @return frames written so far */
    public long frames() {
        return frames;
    }

    /** Writes the remaining rows and the header with the final frame count, then closes the file. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            drain();
            writeHeader();
        } finally {
            channel.close();
        }
    }

    private void drain() throws IOException {
        body.flip();
        while (body.hasRemaining()) {
            channel.write(body);
        }
        body.clear();
    }

    private void writeHeader() throws IOException {
        StringBuilder dict = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + frames + ", "
                + bins + "), }");
        while (10 + dict.length() + 1 < HEADER_BYTES) {
            dict.append(' ');
        }
        dict.append('\n');
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        h.putShort((short) (HEADER_BYTES - 10));
        h.put(dict.toString().getBytes(StandardCharsets.US_ASCII));
        h.flip();
        long end = channel.position();
        channel.position(0);
        while (h.hasRemaining()) {
            channel.write(h);
        }
        channel.position(Math.max(end, HEADER_BYTES));
    }
}
