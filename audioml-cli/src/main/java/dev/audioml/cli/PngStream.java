package dev.audioml.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a PNG (8-bit RGB, no interlace, filter type 0 on every row) whose rows arrive as byte runs, so an image of
 * any width is written without holding a row: {@link #startRow()}, then the row's {@code 3 × width} bytes in any number
 * of {@link #write} calls. Follows the PNG specification (ISO/IEC 15948): signature, IHDR, zlib data in IDAT chunks of
 * at most 64 KiB, IEND; each chunk with its CRC-32.
 *
 * <p>Not thread-safe. Closing finishes the image and closes the underlying stream.
 */
final class PngStream implements AutoCloseable {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int CHUNK_BYTES = 1 << 16;

    private final OutputStream out;
    private final DeflaterOutputStream pixels;
    private final Deflater deflater = new Deflater(6);
    private final byte[] idat = new byte[CHUNK_BYTES];
    private int idatLength;
    private boolean closed;

    /**
     * Writes the signature and the header.
     *
     * @param out where the file goes (owned: closed by {@link #close})
     * @param width pixels per row, in [1, 2^31 - 1]
     * @param height rows, in [1, 2^31 - 1]
     */
    PngStream(OutputStream out, long width, long height) throws IOException {
        if (width < 1 || width > Integer.MAX_VALUE || height < 1 || height > Integer.MAX_VALUE) {
            throw new IOException("a PNG is at most 2147483647 pixels wide and high, got " + width + " x " + height);
        }
        this.out = out;
        out.write(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, (int) width);
        putInt(header, 4, (int) height);
        header[8] = 8; // bits per sample
        header[9] = 2; // truecolour
        chunk("IHDR", header, header.length);
        pixels = new DeflaterOutputStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = Math.min(len, idat.length - idatLength);
                    System.arraycopy(b, off, idat, idatLength, n);
                    idatLength += n;
                    off += n;
                    len -= n;
                    if (idatLength == idat.length) {
                        flushIdat();
                    }
                }
            }
        }, deflater, CHUNK_BYTES);
    }

    /** Starts the next row (its filter type byte). */
    void startRow() throws IOException {
        pixels.write(0);
    }

    /** Adds {@code length} bytes (R, G, B per pixel) to the current row. */
    void write(byte[] bytes, int offset, int length) throws IOException {
        pixels.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pixels.finish();
            flushIdat();
            chunk("IEND", new byte[0], 0);
        } finally {
            deflater.end();
            out.close();
        }
    }

    private void flushIdat() throws IOException {
        if (idatLength > 0) {
            chunk("IDAT", idat, idatLength);
            idatLength = 0;
        }
    }

    private void chunk(String type, byte[] data, int length) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        byte[] word = new byte[4];
        putInt(word, 0, length);
        out.write(word);
        out.write(name);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        putInt(word, 0, (int) crc.getValue());
        out.write(word);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
