package dev.audioml.capture.file;

/**
 * Uncompressed sample encodings shared by WAV, AIFF and AU, and their conversion to float.
 *
 * <p>Integer samples are scaled by {@code 1 / 2^(bits - 1)} (so full-scale negative is exactly -1), the convention
 * of sox ({@code SOX_SAMPLE_TO_FLOAT_32BIT}) and of librosa/soundfile. G.711 mu-law and A-law expand to 16-bit
 * linear first (ITU-T G.711, as sox's {@code sox_ulaw2linear16}/{@code sox_alaw2linear16}).
 */
enum PcmEncoding {
    U8(1, "pcm_u8"),
    S8(1, "pcm_s8"),
    S16(2, "pcm_s16"),
    S24(3, "pcm_s24"),
    S32(4, "pcm_s32"),
    F32(4, "pcm_f32"),
    F64(8, "pcm_f64"),
    MULAW(1, "pcm_mulaw"),
    ALAW(1, "pcm_alaw");

    static final double S16_SCALE = 1.0 / (1 << 15);
    private static final double S24_SCALE = 1.0 / (1 << 23);
    private static final double S32_SCALE = 1.0 / (1L << 31);

    final int bytesPerSample;
    private final String baseName;

    PcmEncoding(int bytesPerSample, String baseName) {
        this.bytesPerSample = bytesPerSample;
        this.baseName = baseName;
    }

    /** @return the name reported in {@link AudioFileInfo#encoding()}, with le/be for multi-byte encodings */
    String displayName(boolean bigEndian) {
        return bytesPerSample == 1 ? baseName : baseName + (bigEndian ? "be" : "le");
    }

    boolean isFloat() {
        return this == F32 || this == F64;
    }

    /**
     * Decodes one sample.
     *
     * @param b raw bytes
     * @param off index of the sample's first byte
     * @param bigEndian byte order of multi-byte samples
     * @return the sample as float (float encodings may be outside [-1, 1] or non-finite; the caller checks)
     */
    float decode(byte[] b, int off, boolean bigEndian) {
        switch (this) {
            case U8:
                return (float) (((b[off] & 0xFF) - 128) / 128.0);
            case S8:
                return (float) (b[off] / 128.0);
            case S16:
                return (float) ((short) bits(b, off, 2, bigEndian) * S16_SCALE);
            case S24:
                return (float) ((((int) bits(b, off, 3, bigEndian)) << 8 >> 8) * S24_SCALE);
            case S32:
                return (float) ((int) bits(b, off, 4, bigEndian) * S32_SCALE);
            case F32:
                return Float.intBitsToFloat((int) bits(b, off, 4, bigEndian));
            case F64:
                return (float) Double.longBitsToDouble(bits(b, off, 8, bigEndian));
            case MULAW:
                return (float) (mulawToLinear16(b[off] & 0xFF) * S16_SCALE);
            case ALAW:
                return (float) (alawToLinear16(b[off] & 0xFF) * S16_SCALE);
            default:
                throw new AssertionError(this);
        }
    }

    private static long bits(byte[] b, int off, int n, boolean bigEndian) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int idx = bigEndian ? off + i : off + n - 1 - i;
            v = (v << 8) | (b[idx] & 0xFF);
        }
        return v;
    }

    /** ITU-T G.711 mu-law expansion to 16-bit linear. */
    static int mulawToLinear16(int code) {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    /** ITU-T G.711 A-law expansion to 16-bit linear. */
    static int alawToLinear16(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        if (segment == 0) {
            t += 8;
        } else {
            t = (t + 0x108) << (segment - 1);
        }
        return (a & 0x80) != 0 ? t : -t;
    }
}
