package dev.audioml.capture.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The frames of a raw AAC stream in ADTS framing (ISO/IEC 13818-7 section 6.2, {@code .aac} files): each frame's
 * 7-byte header (9 with CRC) gives its length; the first header gives the AudioSpecificConfig. An ID3v2 tag at the
 * start is skipped.
 */
final class AdtsReader implements PacketReader {
    private final Path path;
    private final InputStream in;
    private final byte[] header = new byte[9];
    private final byte[] config;
    private long position;
    private long frames;

    private AdtsReader(Path path, InputStream in, long position) throws IOException {
        this.path = path;
        this.in = in;
        this.position = position;
        in.mark(header.length);
        int n = in.readNBytes(header, 0, 7);
        in.reset();
        if (n < 7 || !isHeader(header)) {
            throw new AudioFormatException(path, "no ADTS frame header at byte " + position);
        }
        int profile = (header[2] & 0xFF) >> 6;
        int rateIndex = (header[2] >> 2) & 0xF;
        int channels = (header[2] & 1) << 2 | (header[3] & 0xFF) >> 6;
        if (rateIndex > 12 || channels == 0) {
            throw new AudioFormatException(path, "unsupported ADTS stream: sampling frequency index " + rateIndex
                    + ", channel configuration " + channels);
        }
        int asc = (profile + 1) << 11 | rateIndex << 7 | channels << 3;
        this.config = new byte[] {(byte) (asc >> 8), (byte) asc};
    }

    static AdtsReader open(Path path) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            Mp3FileSource.skipId3v2Tags(path, in, Files.size(path));
            return new AdtsReader(path, in, 0);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Sync word 0xFFF, layer 0 (ADTS, not an MPEG audio frame). */
    static boolean isHeader(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xF6) == 0xF0;
    }

    byte[] audioSpecificConfig() {
        return config.clone();
    }

    @Override
    public boolean next(Packet packet, DecodingSource source) throws IOException {
        int n = in.readNBytes(header, 0, 7);
        if (n == 0) {
            return false;
        }
        if (n < 7 || !isHeader(header)) {
            return stop(source, n < 7 ? "truncated data: ADTS stream ends inside a frame header"
                    : "lost ADTS frame sync at byte " + position + " after " + frames + " frames");
        }
        boolean crc = (header[1] & 1) == 0;
        int length = (header[3] & 0x3) << 11 | (header[4] & 0xFF) << 3 | (header[5] & 0xFF) >> 5;
        int headerBytes = crc ? 9 : 7;
        if ((header[6] & 0x3) != 0) {
            return stop(source, "ADTS frame " + (frames + 1) + " holds several raw data blocks, which are not "
                    + "supported");
        }
        if (length <= headerBytes) {
            return stop(source, "corrupt ADTS frame " + (frames + 1) + ": length " + length);
        }
        if (crc && in.readNBytes(header, 7, 2) < 2) {
            return stop(source, "truncated data: ADTS stream ends inside a frame header");
        }
        int payload = length - headerBytes;
        byte[] data = packet.ensure(payload);
        if (in.readNBytes(data, 0, payload) < payload) {
            return stop(source, "truncated data: ADTS stream ends inside frame " + (frames + 1));
        }
        position += length;
        frames++;
        return true;
    }

    private boolean stop(DecodingSource source, String problem) throws AudioFormatException {
        if (source == null) {
            throw new AudioFormatException(path, problem);
        }
        source.warn(problem + "; stopped there");
        return false;
    }

    @Override
    public long endFrame() {
        return -1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
