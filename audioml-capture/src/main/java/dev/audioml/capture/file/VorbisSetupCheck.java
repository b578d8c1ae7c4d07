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
 * <p>The rest of the setup header (times, floors, residues, mappings, modes) is then read as JOrbis reads it, with
 * libvorbis's residue rules on top ({@code res0_unpack}): see {@link #lookups}. The look-ups JOrbis builds for each
 * mode count towards the same budget.
 *
 * <p>Instances are confined to one check; the static entry point is thread-safe.
 */
final class VorbisSetupCheck {
    /** Most memory all codebooks and per-mode look-ups of one stream may ask JOrbis for, in bytes. */
    static final long MAX_CODEBOOK_BYTES = 64L << 20;
    /** JOrbis's memory per codebook entry: length and code lists, the two decode-tree arrays, the lookup table. */
    static final long BYTES_PER_ENTRY = 28;
    /**
     * Most values of a residue vector in one block, per channel: half the largest block Vorbis allows (8192 samples).
     * libvorbis clamps a residue's end to it ({@code res0_inverse}: {@code max = pcmend >> 1}, times the channels for
     * residue type 2); JOrbis does not, and sizes its partition list by the end as declared.
     */
    static final long MAX_RESIDUE_VALUES = 4096;
    /** JOrbis's residue look-up arrays ({@code Residue0.look}: {@code decodemap}, {@code partbooks}) hold at most 256
     * stage books ({@code InfoResidue0.booklist}). */
    static final int MAX_STAGE_BOOKS = 256;
    private static final int SYNC = 0x564342; // "BCV"
    private static final int ENTRIES = 0;
    private static final int DIMENSIONS = 1;
    private static final int MAP_TYPE = 2;
    private static final int MEMORY = 3;

    private final Path path;
    private final byte[] data;
    private final long endBit;
    private long bit;
    /** What is being read, for "cut short" messages. */
    private String part = "the setup header";

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
     * @param channels the stream's channel count (from the identification header)
     * @throws AudioFormatException naming the codebook, floor, residue, mapping or mode and the rule it breaks
     */
    static void check(Path path, byte[] data, int offset, int length, int channels) throws AudioFormatException {
        if (data == null || length < 8 || data[offset] != 5) {
            return; // not a setup header: JOrbis rejects it without allocating
        }
        VorbisSetupCheck c = new VorbisSetupCheck(path, data, offset, length);
        c.bit += 7 * 8; // packet type and "vorbis"
        c.part = "the codebook count";
        int books = (int) c.read(8) + 1;
        long[][] book = new long[books][];
        long bytes = 0;
        for (int b = 1; b <= books; b++) {
            book[b - 1] = c.codebook(b, books);
            bytes += book[b - 1][MEMORY];
            if (bytes > MAX_CODEBOOK_BYTES) {
                throw c.bad("codebooks 1 to " + b + " of " + books + " would take " + bytes + " bytes to decode, "
                        + "more than the " + MAX_CODEBOOK_BYTES + " allowed");
            }
        }
        c.lookups(book, Math.max(1, channels), bytes);
    }

    /** Reads one codebook; returns its {@link #ENTRIES}, {@link #DIMENSIONS}, {@link #MAP_TYPE} and the
     * {@link #MEMORY} JOrbis will take for it, in bytes. */
    private long[] codebook(int book, int books) throws AudioFormatException {
        part = "codebook " + book;
        if (read(24) != SYNC) {
            throw bad("codebook " + book + " of " + books + " lacks its sync pattern");
        }
        long dimensions = read(16);
        long entries = read(24);
        if (dimensions < 1) {
            throw bad("codebook " + book + " has 0 dimensions");
        }
        if (ilog(dimensions) + ilog(entries) > 24) {
            throw bad("codebook " + book + " declares " + entries + " entries of " + dimensions + " dimensions "
                    + "(ilog(dimensions) + ilog(entries) must be <= 24, as libvorbis requires)");
        }
        if (read(1) == 0) {
            boolean sparse = read(1) == 1;
            long need = entries * (sparse ? 1 : 5);
            if (need > endBit - bit) {
                throw bad("codebook " + book + " declares " + entries + " entries, whose code lengths need " + need
                        + " bits, packet has " + (endBit - bit) + " left");
            }
            for (long e = 0; e < entries; e++) {
                if (!sparse || read(1) == 1) {
                    read(5);
                }
            }
        } else {
            long length = read(5) + 1;
            for (long e = 0; e < entries; ) {
                long run = read(ilog(entries - e));
                if (run > entries - e || length > 32) {
                    throw bad("codebook " + book + " has an ordered length run of " + run + " entries of " + length
                            + " bits, past its " + entries + " entries or 32 bits");
                }
                e += run;
                length++;
            }
        }
        long memory = BYTES_PER_ENTRY * entries;
        long mapType = read(4);
        if (mapType == 1 || mapType == 2) {
            read(32); // minimum value
            read(32); // delta value
            long valueBits = read(4) + 1;
            read(1); // sequence flag
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
        return new long[] {entries, dimensions, mapType, memory};
    }

    /**
     * Reads the time, floor, residue, mapping and mode sections the way JOrbis does ({@code Info.unpack_books}), with
     * libvorbis's residue rules ({@code res0_unpack} in {@code res0.c}): the classbook and every stage book exist, stage
     * books have a lookup table, and the classbook has at least {@code partitions^dimensions} entries (JOrbis's
     * {@code Residue0.look} allocates {@code partvals = partitions^dimensions} arrays without that check, so 2 classes
     * of a 30-dimension classbook would be 2^30). A residue's end must lie within the largest block's vector
     * ({@link #MAX_RESIDUE_VALUES}, times the channels for type 2) and not before its begin: JOrbis's decode sizes its
     * partition list by {@code (end - begin) / grouping} per channel. The look-ups JOrbis builds per mode and submap
     * (floor 0's LPC tables, the residue decode maps) count towards the same memory budget as the codebooks.
     */
    private void lookups(long[][] book, int channels, long codebookBytes) throws AudioFormatException {
        part = "the time domain section";
        long times = read(6) + 1;
        for (long t = 0; t < times; t++) {
            long type = read(16);
            if (type != 0) {
                throw bad("time domain transform " + (t + 1) + " has type " + type + " (must be 0)");
            }
        }
        part = "the floor section";
        int floors = (int) read(6) + 1;
        long[] floorLook = new long[floors];
        for (int f = 0; f < floors; f++) {
            floorLook[f] = floor(f + 1, book.length);
        }
        part = "the residue section";
        int residues = (int) read(6) + 1;
        long[] residueLook = new long[residues];
        for (int r = 0; r < residues; r++) {
            residueLook[r] = residue(r + 1, book, channels);
        }
        part = "the mapping section";
        int mappings = (int) read(6) + 1;
        long[] mappingLook = new long[mappings];
        for (int m = 0; m < mappings; m++) {
            mappingLook[m] = mapping(m + 1, channels, times, floorLook, residueLook);
        }
        part = "the mode section";
        int modes = (int) read(6) + 1;
        long bytes = codebookBytes;
        for (int m = 1; m <= modes; m++) {
            part = "mode " + m;
            read(1); // block flag
            long window = read(16);
            long transform = read(16);
            long mapping = read(8);
            if (window != 0 || transform != 0 || mapping >= mappings) {
                throw bad("mode " + m + " has window type " + window + ", transform type " + transform + " and mapping "
                        + mapping + " (must be 0, 0 and below " + mappings + ")");
            }
            bytes += mappingLook[(int) mapping]; // DspState.init builds each mode's look-ups anew
            if (bytes > MAX_CODEBOOK_BYTES) {
                throw bad("codebooks and the floor and residue look-ups of modes 1 to " + m + " of " + modes
                        + " would take " + bytes + " bytes to decode, more than the " + MAX_CODEBOOK_BYTES + " allowed");
            }
        }
        part = "the setup header";
        if (read(1) != 1) {
            throw bad("lacks its framing bit");
        }
    }

    /** Reads floor {@code n} ({@code Floor0.unpack}, {@code Floor1.unpack}); returns the bytes of one look-up of it. */
    private long floor(int n, int books) throws AudioFormatException {
        part = "floor " + n;
        long type = read(16);
        if (type == 0) {
            long order = read(8);
            long rate = read(16);
            long barkMap = read(16);
            read(6); // amplitude bits
            read(8); // amplitude offset
            long count = read(4) + 1;
            for (long i = 0; i < count; i++) {
                if (read(8) >= books) {
                    throw bad("floor " + n + " uses a codebook past the " + books + " declared");
                }
            }
            if (order < 1 || rate < 1 || barkMap < 1) {
                throw bad("floor " + n + " (type 0) has order " + order + ", rate " + rate + ", bark map size "
                        + barkMap + " (each must be at least 1)");
            }
            // Floor0.look: the LPC's FFT tables, 6 floats per bark map value, and a linear map of half a block
            return 24 * barkMap + 4 * MAX_RESIDUE_VALUES + 1024;
        }
        if (type != 1) {
            throw bad("floor " + n + " has type " + type + " (0 or 1)");
        }
        int partitions = (int) read(5);
        int[] partitionClass = new int[partitions];
        int classes = 0;
        for (int i = 0; i < partitions; i++) {
            partitionClass[i] = (int) read(4);
            classes = Math.max(classes, partitionClass[i] + 1);
        }
        int[] classDimensions = new int[classes];
        for (int c = 0; c < classes; c++) {
            classDimensions[c] = (int) read(3) + 1;
            long subclasses = read(2);
            if (subclasses != 0 && read(8) >= books) {
                throw bad("floor " + n + " uses a codebook past the " + books + " declared");
            }
            for (long k = 0; k < 1L << subclasses; k++) {
                if (read(8) - 1 >= books) {
                    throw bad("floor " + n + " uses a codebook past the " + books + " declared");
                }
            }
        }
        read(2); // multiplier
        int rangeBits = (int) read(4);
        long posts = 0;
        for (int i = 0; i < partitions; i++) {
            posts += classDimensions[partitionClass[i]];
        }
        if (posts > 63) {
            throw bad("floor " + n + " has " + posts + " posts, more than 63 (libvorbis's floor1_unpack)");
        }
        bit += posts * rangeBits;
        if (bit > endBit) {
            throw bad(part + " is cut short by the end of the packet");
        }
        return 2048; // Floor1.look: fixed arrays of 65 posts
    }

    /** Reads residue {@code n} ({@code Residue0.unpack}); returns the bytes of one look-up of it. */
    private long residue(int n, long[][] book, int channels) throws AudioFormatException {
        part = "residue " + n;
        long type = read(16);
        if (type > 2) {
            throw bad("residue " + n + " has type " + type + " (0, 1 or 2)");
        }
        long begin = read(24);
        long end = read(24);
        long grouping = read(24) + 1;
        long partitions = read(6) + 1;
        long classBook = read(8);
        long stageBooks = 0;
        long[] cascade = new long[(int) partitions];
        for (int j = 0; j < partitions; j++) {
            cascade[j] = read(3);
            if (read(1) == 1) {
                cascade[j] |= read(5) << 3;
            }
            stageBooks += Long.bitCount(cascade[j]);
        }
        if (stageBooks > MAX_STAGE_BOOKS) {
            throw bad("residue " + n + " lists " + stageBooks + " stage codebooks, more than the "
                    + MAX_STAGE_BOOKS + " JOrbis holds");
        }
        for (long j = 0; j < stageBooks; j++) {
            long b = read(8);
            if (b >= book.length) {
                throw bad("residue " + n + " uses codebook " + (b + 1) + ", past the " + book.length + " declared");
            }
            if (book[(int) b][MAP_TYPE] == 0) {
                throw bad("residue " + n + " uses codebook " + (b + 1) + ", which has no lookup table, for its "
                        + "values (libvorbis's res0_unpack refuses it)");
            }
        }
        if (classBook >= book.length) {
            throw bad("residue " + n + " has classbook " + (classBook + 1) + ", past the " + book.length
                    + " codebooks declared");
        }
        long entries = book[(int) classBook][ENTRIES];
        long dimensions = book[(int) classBook][DIMENSIONS];
        long partVals = 1;
        for (long d = 0; d < dimensions; d++) {
            partVals *= partitions; // at most 64 times entries (< 2^24) before the check: no overflow
            if (partVals > entries) {
                throw bad("residue " + n + " has " + partitions + " partition classes, and its classbook "
                        + (classBook + 1) + " of " + dimensions + " dimensions has " + entries + " entries, fewer "
                        + "than the " + partitions + "^" + dimensions + " combinations (libvorbis's res0_unpack "
                        + "refuses it)");
            }
        }
        long maxEnd = MAX_RESIDUE_VALUES * (type == 2 ? channels : 1);
        if (end < begin || end > maxEnd) {
            throw bad("residue " + n + " covers values " + begin + " to " + end + "; the end must lie between the "
                    + "begin and " + maxEnd + " (half the largest Vorbis block" + (type == 2 ? ", times "
                    + channels + " channels" : "") + "), or the decoder sizes its partition list by it");
        }
        // Residue0.look: decodemap (partVals arrays of `dimensions` ints) and partbooks (one array per class)
        return partVals * (16 + 4 * dimensions) + partitions * (16 + 4 * 8) + 256;
    }

    /**
     * Reads mapping {@code n} ({@code Mapping0.unpack}); returns the bytes of the look-ups one mode using it takes.
     * JOrbis reads the coupling channel numbers in {@code floor(log2(channels))} bits ({@code Util.ilog2}), the
     * specification in {@code ilog(channels - 1)}: the same for 1, 2, 4 and 8 channels; for the others a coupled
     * stream is an {@link UnsupportedCodecException} (a decoder provider such as audioml-ffmpeg may read it).
     */
    private long mapping(int n, int channels, long times, long[] floorLook, long[] residueLook)
            throws AudioFormatException {
        part = "mapping " + n;
        long type = read(16);
        if (type != 0) {
            throw bad("mapping " + n + " has type " + type + " (must be 0)");
        }
        int submaps = read(1) == 1 ? (int) read(4) + 1 : 1;
        if (read(1) == 1) {
            long steps = read(8) + 1;
            int width = 31 - Integer.numberOfLeadingZeros(channels);
            int specified = 32 - Integer.numberOfLeadingZeros(channels - 1); // ilog(channels - 1)
            if (width != specified) {
                // 3, 5, 6, 7 channels: JOrbis would misread the rest of the header (oggenc's 5.1 files)
                throw new UnsupportedCodecException(path, channels + "-channel Vorbis with channel coupling: the "
                        + "built-in decoder (JOrbis) reads the coupled channel numbers in " + width + " bits, not "
                        + "the " + specified + " the specification gives");
            }
            for (long s = 0; s < steps; s++) {
                long magnitude = read(width);
                long angle = read(width);
                if (magnitude == angle || magnitude >= channels || angle >= channels) {
                    throw bad("mapping " + n + " couples channels " + magnitude + " and " + angle + " of "
                            + channels);
                }
            }
        }
        if (read(2) != 0) {
            throw bad("mapping " + n + " sets its reserved bits");
        }
        if (submaps > 1) {
            for (int ch = 0; ch < channels; ch++) {
                if (read(4) >= submaps) {
                    throw bad("mapping " + n + " puts channel " + ch + " in a submap past its " + submaps);
                }
            }
        }
        long bytes = 0;
        for (int s = 0; s < submaps; s++) {
            long time = read(8);
            long floor = read(8);
            long residue = read(8);
            if (time >= times || floor >= floorLook.length || residue >= residueLook.length) {
                throw bad("mapping " + n + " submap " + (s + 1) + " uses time " + time + ", floor " + floor
                        + ", residue " + residue + "; the header declares " + times + ", " + floorLook.length
                        + " and " + residueLook.length);
            }
            bytes += floorLook[(int) floor] + residueLook[(int) residue];
        }
        return bytes;
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
    private long read(int n) throws AudioFormatException {
        if (n > endBit - bit) {
            throw bad(part + " is cut short by the end of the packet");
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
