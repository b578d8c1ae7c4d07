package dev.audioml.capture.file;

/**
 * Sun/NeXT AU ({@code .snd}) header parser: big-endian, 8/16/24/32-bit linear PCM, 32/64-bit float, mu-law and
 * A-law. Reference: the Sun {@code audio_filehdr} layout (magic, data offset, data size, encoding, rate, channels).
 */
final class AuParser {
    private static final int HEADER_BYTES = 24;
    private static final long SIZE_UNKNOWN = 0xFFFFFFFFL;

    private AuParser() {
    }

    static PcmLayout parse(FileInput in) throws java.io.IOException {
        in.seek(0);
        byte[] h = in.readFully(HEADER_BYTES, "AU header");
        if (!".snd".equals(FileInput.fourcc(h, 0))) {
            throw in.format("not a Sun AU file");
        }
        long dataOffset = FileInput.u32be(h, 4);
        long dataSize = FileInput.u32be(h, 8);
        long code = FileInput.u32be(h, 12);
        long rate = FileInput.u32be(h, 16);
        long channels = FileInput.u32be(h, 20);
        if (dataOffset < HEADER_BYTES || dataOffset > in.sizeBytes) {
            throw in.format("data offset " + dataOffset + " is outside [" + HEADER_BYTES + ", " + in.sizeBytes
                    + "] (file size)");
        }
        if (channels > PcmLayout.MAX_CHANNELS) {
            throw in.format("header declares " + channels + " channels; expected 1 to " + PcmLayout.MAX_CHANNELS);
        }
        return PcmLayout.of(in, "au", encoding(in, code), true, rate, (int) channels, dataOffset,
                dataSize == SIZE_UNKNOWN ? -1 : dataSize);
    }

    private static PcmEncoding encoding(FileInput in, long code) throws AudioFormatException {
        switch ((int) code) {
            case 1: return PcmEncoding.MULAW;
            case 2: return PcmEncoding.S8;
            case 3: return PcmEncoding.S16;
            case 4: return PcmEncoding.S24;
            case 5: return PcmEncoding.S32;
            case 6: return PcmEncoding.F32;
            case 7: return PcmEncoding.F64;
            case 27: return PcmEncoding.ALAW;
            default:
                throw in.format("unsupported AU encoding " + code
                        + "; expected 1 (mu-law), 2-5 (linear PCM), 6-7 (float) or 27 (A-law)");
        }
    }
}
