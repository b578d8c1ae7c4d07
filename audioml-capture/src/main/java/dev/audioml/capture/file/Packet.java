package dev.audioml.capture.file;

import java.util.Arrays;

/** One compressed packet read from a container into a reused buffer; the bytes are valid until the next read. */
final class Packet {
    /** Largest packet accepted (an AAC frame is at most 6144 bits per channel; an Opus packet at most 1275 bytes per frame). */
    static final int MAX_BYTES = 1 << 20;

    byte[] data = new byte[4096];
    int length;
    /** Frames (per channel) to drop from the end of this packet's decoded output: Matroska's DiscardPadding. */
    long discardEndFrames;

    /** Makes room for {@code n} bytes (checked against {@link #MAX_BYTES} by the caller's reader). */
    byte[] ensure(int n) {
        if (data.length < n) {
            data = Arrays.copyOf(data, Math.max(n, data.length * 2));
        }
        length = n;
        discardEndFrames = 0;
        return data;
    }
}
