package dev.audioml.capture.file;

/**
 * AIFF and AIFF-C header parser (big-endian IFF): uncompressed 8 to 32-bit PCM, and the AIFF-C compression types
 * {@code NONE}/{@code twos} (big-endian PCM), {@code sowt} (little-endian PCM), {@code fl32}/{@code fl64} (float),
 * {@code ulaw} and {@code alaw}. Reference: Apple "Audio Interchange File Format" 1.3 and the AIFF-C draft (1991).
 */
final class AiffParser {
    private static final int AIFF_COMM_BYTES = 18;
    private static final int AIFC_COMM_BYTES = 22;
    private static final int SSND_PREFIX_BYTES = 8;

    private AiffParser() {
    }

    static PcmLayout parse(FileInput in) throws java.io.IOException {
        in.seek(0);
        byte[] form = in.readFully(12, "FORM header");
        String type = FileInput.fourcc(form, 8);
        if (!"FORM".equals(FileInput.fourcc(form, 0)) || !("AIFF".equals(type) || "AIFC".equals(type))) {
            throw in.format("not an AIFF/AIFF-C file");
        }
        boolean aifc = "AIFC".equals(type);
        byte[] comm = null;
        while (in.remaining() > 0) {
            byte[] header = in.readFully(8, "chunk header");
            String id = FileInput.fourcc(header, 0);
            long size = FileInput.u32be(header, 4);
            if ("COMM".equals(id)) {
                int minimum = aifc ? AIFC_COMM_BYTES : AIFF_COMM_BYTES;
                if (size < minimum || size > FileInput.MAX_HEADER_BYTES) {
                    throw in.format("COMM chunk size " + size + " is outside [" + minimum + ", "
                            + FileInput.MAX_HEADER_BYTES + "] bytes");
                }
                comm = in.readFully((int) size, "COMM chunk");
                in.seek(in.position() + (size & 1));
            } else if ("SSND".equals(id)) {
                if (comm == null) {
                    throw in.format("SSND chunk comes before the COMM chunk");
                }
                byte[] prefix = in.readFully(SSND_PREFIX_BYTES, "SSND offset/blockSize");
                long offset = FileInput.u32be(prefix, 0);
                long dataOffset = in.position() + offset;
                return layout(in, comm, aifc, dataOffset, Math.max(0, size - SSND_PREFIX_BYTES - offset));
            } else {
                in.seek(in.position() + size + (size & 1));
            }
        }
        throw in.format(comm == null ? "no COMM chunk" : "no SSND chunk");
    }

    private static PcmLayout layout(FileInput in, byte[] comm, boolean aifc, long dataOffset, long ssndBytes)
            throws AudioFormatException {
        int channels = FileInput.u16be(comm, 0);
        long declaredFrames = FileInput.u32be(comm, 2);
        int bits = FileInput.u16be(comm, 6);
        double rate = extended80(comm, 8);
        if (!(rate >= 1 && rate <= Integer.MAX_VALUE)) {
            throw in.format("header declares sample rate " + rate + " Hz; expected 1 to " + Integer.MAX_VALUE);
        }
        String compression = aifc ? FileInput.fourcc(comm, 18) : "NONE";
        boolean bigEndian = true;
        PcmEncoding encoding;
        switch (compression) {
            case "NONE":
            case "twos":
                encoding = integer(in, bits);
                break;
            case "sowt":
                encoding = integer(in, bits);
                bigEndian = false;
                break;
            case "fl32":
            case "FL32":
                encoding = PcmEncoding.F32;
                break;
            case "fl64":
            case "FL64":
                encoding = PcmEncoding.F64;
                break;
            case "ulaw":
            case "ULAW":
                encoding = PcmEncoding.MULAW;
                break;
            case "alaw":
            case "ALAW":
                encoding = PcmEncoding.ALAW;
                break;
            default:
                throw in.format("unsupported AIFF-C compression '" + compression.trim()
                        + "'; expected NONE, twos, sowt, fl32, fl64, ulaw or alaw");
        }
        long frameBytes = (long) Math.max(1, channels) * encoding.bytesPerSample;
        return PcmLayout.of(in, aifc ? "aifc" : "aiff", encoding, bigEndian, Math.round(rate), channels,
                dataOffset, declaredFrames * frameBytes, ssndBytes);
    }

    private static PcmEncoding integer(FileInput in, int bits) throws AudioFormatException {
        if (bits < 1 || bits > 32) {
            throw in.format("unsupported sample size " + bits + " bits; expected 1 to 32");
        }
        // Sample points narrower than their container are left-justified, so scaling by the container is exact.
        switch ((bits + 7) / 8) {
            case 1: return PcmEncoding.S8;
            case 2: return PcmEncoding.S16;
            case 3: return PcmEncoding.S24;
            default: return PcmEncoding.S32;
        }
    }

    /** IEEE 754 80-bit extended (big-endian, explicit integer bit) to double; 0 for zero, NaN for inf/NaN. */
    static double extended80(byte[] b, int off) {
        int exponent = FileInput.u16be(b, off) & 0x7FFF;
        boolean negative = (b[off] & 0x80) != 0;
        long mantissa = 0;
        for (int i = 0; i < 8; i++) {
            mantissa = (mantissa << 8) | (b[off + 2 + i] & 0xFF);
        }
        if (exponent == 0x7FFF) {
            return Double.NaN;
        }
        if (exponent == 0 && mantissa == 0) {
            return 0;
        }
        double magnitude = Math.scalb(unsigned(mantissa), exponent - 16383 - 63);
        return negative ? -magnitude : magnitude;
    }

    private static double unsigned(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }
}
