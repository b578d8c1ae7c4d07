package dev.audioml.features;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes feature matrices as NumPy {@code .npy} files (format version 1.0): float32 little-endian ({@code <f4}),
 * C order, shape {@code [frames, bins]}, readable with {@code numpy.load}.
 *
 * <p>Immutable and thread-safe (static methods only).
 *
 * @since 0.1
 */
public final class NpyWriter {
    private NpyWriter() {
    }

    /**
     * Writes a matrix.
     *
     * @param matrix the features
     * @param out destination; not closed
     * @throws IOException if writing fails
     */
    public static void write(FeatureMatrix matrix, OutputStream out) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + matrix.frames() + ", " + matrix.bins()
                + "), }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict);
        while (10 + header.length() + 1 < total) {
            header.append(' ');
        }
        header.append('\n');
        byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        pre.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        pre.putShort((short) h.length);
        out.write(pre.array());
        out.write(h);
        // float runs through a little-endian view (a bulk copy) instead of one putFloat per value
        ByteBuffer body = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        java.nio.FloatBuffer floats = body.asFloatBuffer();
        float[] data = matrix.data();
        for (int i = 0; i < data.length; ) {
            int n = Math.min(floats.capacity(), data.length - i);
            floats.clear();
            floats.put(data, i, n);
            out.write(body.array(), 0, 4 * n);
            i += n;
        }
    }
}
