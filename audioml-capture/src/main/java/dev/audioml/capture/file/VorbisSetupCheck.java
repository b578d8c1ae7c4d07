package dev.audioml.capture.file;

import java.nio.file.Path;

/**
 * Checks the codebooks of a Vorbis setup header against the packet before JOrbis reads it: JOrbis allocates what a
 * codebook declares (its length list, decode tree and value table are sized by {@code entries} and
 * {@code entries × dimensions}, up to 2^40 values) before it finds that the packet cannot hold them, and loops forever
 * on a 0-dimension codebook with a lookup table ({@code maptype1_quantvals}).
 *
 * <p>The rules are libvorbis's ({@code vorbis_staticbook_unpack} in {@code codebook.c}, Vorbis I specification
 * 3.2.1), in {@code long} arithmetic: {@code ilog(dimensions) + ilog(entries) <= 24}; unordered code lengths
 * ({@code entries} × 5 bits, or × 1 bit when sparse) and the lookup values ({@code quantvals × value_bits}) must fit
 * in the bits left in the packet; ordered length runs must not pass {@code entries} or 32 bits. On top, dimensions must
 * be at least 1 and the memory JOrbis will take for all codebooks (about {@value #BYTES_PER_ENTRY} bytes per entry
 * plus 4 per value) at most {@value #MAX_CODEBOOK_BYTES} bytes; the codebooks of real encoders take well under 1 MB.
 *
 * <p>Stateless; thread-safe.
 */
final class VorbisSetupCheck {
    /** Most memory all codebooks of one stream may ask JOrbis for, in bytes. */
    static final long MAX_CODEBOOK_BYTES = 64L << 20;
    /** JOrbis's memory per codebook entry: length and code lists, the two decode-tree arrays, the lookup table. */
    static final long BYTES_PER_ENTRY = 28;
    private static final int SYNC = 0x564342; // "BCV"

    private final Path path;
    private final byte[] data;
    private final long endBit;
    private long bit;

    private VorbisSetupCheck(Path path, byte[] data, int offset, int length) {
        this.path = path;
        this.data = data;
        this.bit = 8L * offset;
        this.endBit = 8L * (offset + length);
    }

    /**
     * @param path the file, for messages
     * @param data packet bytes
     * @param offset first byte of the setup packet (its type byte, 5)
     * @param length packet length in bytes
     * @throws AudioFormatException naming the codebook and the rule it breaks
     */
    static void check(Path path, byte[] data, int offset, int length) throws AudioFormatException {
        if (data == null || length < 8 || data[offset] != 5) {
            return; // not a setup header: JOrbis rejects it without allocating
        }
        VorbisSetupCheck c = new VorbisSetupCheck(path, data, offset, length);
        c.bit += 7 * 8; // packet type and "vorbis"
        int books = (int) c.read(8, 0) + 1;
        long bytes = 0;
        for (int b = 1; b <= books; b++) {
            bytes += c.codebook(b, books);
            if (bytes > MAX_CODEBOOK_BYTES) {
                throw c.bad("codebooks 1 to " + b + " of " + books + " would take " + bytes + " bytes to decode, "
                        + "more than the " + MAX_CODEBOOK_BYTES + " allowed");
            }
        }
    }

    /** Reads one codebook; returns the memory JOrbis will take for it, in bytes. */
    private long codebook(int book, int books) throws AudioFormatException {
        if (read(24, book) != SYNC) {
            throw bad("codebook " + book + " of " + books + " lacks its sync pattern");
        }
        long dimensions = read(16, book);
        long entries = read(24, book);
        if (dimensions < 1) {
            throw bad("codebook " + book + " has 0 dimensions");
        }
        if (ilog(dimensions) + ilog(entries) > 24) {
            throw bad("codebook " + book + " declares " + entries + " entries of " + dimensions + " dimensions "
                    + "(ilog(dimensions) + ilog(entries) must be <= 24, as libvorbis requires)");
        }
        if (read(1, book) == 0) {
            boolean sparse = read(1, book) == 1;
            long need = entries * (sparse ? 1 : 5);
            if (need > endBit - bit) {
                throw bad("codebook " + book + " declares " + entries + " entries, whose code lengths need " + need
                        + " bits, packet has " + (endBit - bit) + " left");
            }
            for (long e = 0; e < entries; e++) {
                if (!sparse || read(1, book) == 1) {
                    read(5, book);
                }
            }
        } else {
            long length = read(5, book) + 1;
            for (long e = 0; e < entries; ) {
                long run = read(ilog(entries - e), book);
                if (run > entries - e || length > 32) {
                    throw bad("codebook " + book + " has an ordered length run of " + run + " entries of " + length
                            + " bits, past its " + entries + " entries or 32 bits");
                }
                e += run;
                length++;
            }
        }
        long memory = BYTES_PER_ENTRY * entries;
        long mapType = read(4, book);
        if (mapType == 1 || mapType == 2) {
            read(32, book); // minimum value
            read(32, book); // delta value
            long valueBits = read(4, book) + 1;
            read(1, book); // sequence flag
            long quantValues = mapType == 1 ? lookup1Values(entries, dimensions) : entries * dimensions;
            long need = quantValues * valueBits;
            if (need > endBit - bit) {
                throw bad("codebook " + book + " declares " + quantValues + " lookup values of " + valueBits
                        + " bits, packet has " + (endBit - bit) + " bits left");
            }
            bit += need;
            memory += 4 * (quantValues + entries * dimensions);
        } else if (mapType != 0) {
            throw bad("codebook " + book + " has lookup type " + mapType + " (0, 1 or 2)");
        }
        return memory;
    }

    /** The largest r with {@code r^dimensions <= entries} (Vorbis I 9.2.3, {@code lookup1_values}). */
    static long lookup1Values(long entries, long dimensions) {
        long r = (long) Math.floor(Math.exp(Math.log(Math.max(1, entries)) / dimensions));
        while (r > 0 && power(r, dimensions) > entries) {
            r--;
        }
        while (power(r + 1, dimensions) <= entries) {
            r++;
        }
        return r;
    }

    /** {@code base^exponent}, saturating at {@code Long.MAX_VALUE}. */
    private static long power(long base, long exponent) {
        long p = 1;
        for (long i = 0; i < exponent; i++) {
            if (base != 0 && p > Long.MAX_VALUE / base) {
                return Long.MAX_VALUE;
            }
            p *= base;
        }
        return p;
    }

    /** Vorbis's ilog: the bits needed for {@code v} (0 for 0). */
    private static int ilog(long v) {
        return 64 - Long.numberOfLeadingZeros(v);
    }

    /** {@code n} bits, least significant first (Vorbis bit packing). */
    private long read(int n, int book) throws AudioFormatException {
        if (n > endBit - bit) {
            throw bad("codebook " + book + " is cut short by the end of the packet");
        }
        long v = 0;
        for (int i = 0; i < n; i++, bit++) {
            v |= (long) ((data[(int) (bit >>> 3)] >>> (bit & 7)) & 1) << i;
        }
        return v;
    }

    private AudioFormatException bad(String problem) {
        return new AudioFormatException(path, "corrupt Vorbis setup header: " + problem);
    }
}
