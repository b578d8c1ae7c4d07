package dev.audioml.capture.file;

/**
 * RIFF/WAVE header parser: PCM (u8, s16, s24, s32), IEEE float (32, 64), G.711 mu-law/A-law, and
 * {@code WAVE_FORMAT_EXTENSIBLE} carrying any of them. Unknown chunks are skipped (with RIFF's pad byte after
 * odd-sized chunks); chunks after {@code data} are ignored. Reference: Microsoft "Multimedia Programming Interface
 * and Data Specifications 1.0" and the WAVE_FORMAT_EXTENSIBLE note.
 */
final class WavParser {
    static final int FORMAT_PCM = 0x0001;
    static final int FORMAT_IEEE_FLOAT = 0x0003;
    static final int FORMAT_ALAW = 0x0006;
    static final int FORMAT_MULAW = 0x0007;
    static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private static final int MIN_FMT_BYTES = 16;
    private static final int EXTENSIBLE_FMT_BYTES = 40;
    private static final long SIZE_UNKNOWN = 0xFFFFFFFFL;

    private WavParser() {
    }

    static PcmLayout parse(FileInput in) throws java.io.IOException {
        in.seek(0);
        byte[] riff = in.readFully(12, "RIFF header");
        if (!"RIFF".equals(FileInput.fourcc(riff, 0)) || !"WAVE".equals(FileInput.fourcc(riff, 8))) {
            throw in.format("not a RIFF/WAVE file");
        }
        byte[] fmt = null;
        while (in.remaining() > 0) {
            byte[] header = in.readFully(8, "chunk header");
            String id = FileInput.fourcc(header, 0);
            long size = FileInput.u32le(header, 4);
            if ("fmt ".equals(id)) {
                if (size < MIN_FMT_BYTES || size > FileInput.MAX_HEADER_BYTES) {
                    throw in.format("fmt chunk size " + size + " is outside [" + MIN_FMT_BYTES + ", "
                            + FileInput.MAX_HEADER_BYTES + "] bytes");
                }
                fmt = in.readFully((int) size, "fmt chunk");
                skipPad(in, size);
            } else if ("data".equals(id)) {
                if (fmt == null) {
                    throw in.format("data chunk comes before the fmt chunk");
                }
                return layout(in, fmt, in.position(), size == SIZE_UNKNOWN ? -1 : size);
            } else {
                in.seek(in.position() + size + (size & 1));
            }
        }
        throw in.format(fmt == null ? "no fmt chunk" : "no data chunk");
    }

    private static void skipPad(FileInput in, long size) throws java.io.IOException {
        if ((size & 1) != 0) {
            in.seek(in.position() + 1);
        }
    }

    private static PcmLayout layout(FileInput in, byte[] fmt, long dataOffset, long declaredBytes)
            throws AudioFormatException {
        int tag = FileInput.u16le(fmt, 0);
        int channels = FileInput.u16le(fmt, 2);
        long rate = FileInput.u32le(fmt, 4);
        int blockAlign = FileInput.u16le(fmt, 12);
        int bits = FileInput.u16le(fmt, 14);
        if (tag == FORMAT_EXTENSIBLE) {
            if (fmt.length < EXTENSIBLE_FMT_BYTES) {
                throw in.format("WAVE_FORMAT_EXTENSIBLE fmt chunk has " + fmt.length + " bytes; expected "
                        + EXTENSIBLE_FMT_BYTES);
            }
            tag = FileInput.u16le(fmt, 24);
        }
        PcmEncoding encoding = encoding(in, tag, bits);
        if (channels < 1) {
            throw in.format("header declares 0 channels; expected at least 1");
        }
        if (blockAlign != encoding.bytesPerSample * channels) {
            throw in.format("block align " + blockAlign + " does not match " + channels + " channels x "
                    + encoding.bytesPerSample + " bytes");
        }
        return PcmLayout.of(in, "wav", encoding, false, rate, channels, dataOffset, declaredBytes);
    }

    private static PcmEncoding encoding(FileInput in, int tag, int bits) throws AudioFormatException {
        switch (tag) {
            case FORMAT_PCM:
                switch (bits) {
                    case 8: return PcmEncoding.U8;
                    case 16: return PcmEncoding.S16;
                    case 24: return PcmEncoding.S24;
                    case 32: return PcmEncoding.S32;
                    default:
                        throw in.format("unsupported PCM bit depth " + bits + "; expected 8, 16, 24 or 32");
                }
            case FORMAT_IEEE_FLOAT:
                if (bits == 32) {
                    return PcmEncoding.F32;
                } else if (bits == 64) {
                    return PcmEncoding.F64;
                }
                throw in.format("unsupported float bit depth " + bits + "; expected 32 or 64");
            case FORMAT_ALAW:
                return eightBit(in, PcmEncoding.ALAW, bits);
            case FORMAT_MULAW:
                return eightBit(in, PcmEncoding.MULAW, bits);
            default:
                throw in.format(String.format("unsupported WAV codec 0x%04x%s; expected PCM, IEEE float, mu-law or "
                        + "A-law", tag, codecName(tag)));
        }
    }

    private static PcmEncoding eightBit(FileInput in, PcmEncoding encoding, int bits) throws AudioFormatException {
        if (bits != 8) {
            throw in.format(encoding.displayName(false) + " with " + bits + " bits per sample; expected 8");
        }
        return encoding;
    }

    private static String codecName(int tag) {
        switch (tag) {
            case 0x0002: return " (MS ADPCM)";
            case 0x0011: return " (IMA ADPCM)";
            case 0x0031: return " (GSM 6.10)";
            case 0x0055: return " (MPEG Layer 3)";
            default: return "";
        }
    }
}
