package dev.audioml.capture.file;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds little-endian RIFF/WAVE bytes chunk by chunk, so tests can make malformed files on purpose. */
final class RiffBytes {
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private Long riffSizeOverride;

    /** Appends a chunk with its real size and RIFF's pad byte after odd sizes. */
    RiffBytes chunk(String id, byte[] payload) {
        return chunk(id, payload.length, payload);
    }

    /** Appends a chunk whose header declares {@code declaredSize} whatever the payload's length. */
    RiffBytes chunk(String id, long declaredSize, byte[] payload) {
        body.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(le(4, declaredSize));
        body.writeBytes(payload);
        if ((payload.length & 1) != 0) {
            body.write(0);
        }
        return this;
    }

    RiffBytes riffSize(long size) {
        this.riffSizeOverride = size;
        return this;
    }

    /** A 16-byte fmt payload. */
    static byte[] fmt(int tag, int channels, int rateHz, int bits) {
        int blockAlign = channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) tag).putShort((short) channels).putInt(rateHz).putInt(rateHz * blockAlign)
                .putShort((short) blockAlign).putShort((short) bits);
        return b.array();
    }

    /** 16-bit little-endian PCM payload. */
    static byte[] s16(short... samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /** 32-bit float little-endian payload. */
    static byte[] f32(float... samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            b.putFloat(s);
        }
        return b.array();
    }

    byte[] toBytes() {
        byte[] chunks = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le(4, riffSizeOverride != null ? riffSizeOverride : 4 + chunks.length));
        out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(chunks);
        return out.toByteArray();
    }

    private static byte[] le(int n, long v) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }
}
