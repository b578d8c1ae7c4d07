package dev.audioml.capture.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one audio track of a Matroska or WebM file (EBML, RFC 8794; Matroska, RFC 9559): the {@code Tracks}
 * element gives the codec, its private data and the codec delay; {@code SimpleBlock}s and {@code BlockGroup}s of
 * the track (Xiph, EBML and fixed-size lacing) are its packets, and a block's {@code DiscardPadding} trims the end
 * as ffmpeg does. Clusters of unknown size (live recordings) are read as a flat run of elements. Element sizes are
 * checked against the file size; only {@code Tracks} (at most {@link #MAX_TRACKS_BYTES}) and one block are held in
 * memory.
 */
final class MatroskaReader implements PacketReader {
    static final int MAX_TRACKS_BYTES = 1 << 24;
    private static final int EBML = 0x1A45DFA3;
    private static final int DOC_TYPE = 0x4282;
    private static final int SEGMENT = 0x18538067;
    private static final int TRACKS = 0x1654AE6B;
    private static final int TRACK_ENTRY = 0xAE;
    private static final int TRACK_NUMBER = 0xD7;
    private static final int TRACK_TYPE = 0x83;
    private static final int CODEC_ID = 0x86;
    private static final int CODEC_PRIVATE = 0x63A2;
    private static final int CODEC_DELAY = 0x56AA;
    private static final int CONTENT_ENCODINGS = 0x6D80;
    private static final int AUDIO = 0xE1;
    private static final int SAMPLING_FREQUENCY = 0xB5;
    private static final int CHANNELS = 0x9F;
    private static final int CLUSTER = 0x1F43B675;
    private static final int SIMPLE_BLOCK = 0xA3;
    private static final int BLOCK_GROUP = 0xA0;
    private static final int BLOCK = 0xA1;
    private static final int DISCARD_PADDING = 0x75A2;
    private static final long UNKNOWN = -1;
    private static final int MAX_LACED_FRAMES = 256;

    private final Path path;
    private final Input in;
    private final Track track;
    private final long segmentEnd;
    private final byte[] block = new byte[Packet.MAX_BYTES + 64];
    private final int[] laceSizes = new int[MAX_LACED_FRAMES];
    private int laceCount;
    private int laceIndex;
    private int laceOffset;
    private long blockDiscardNanos;
    private boolean ended;

    /** What the demuxer found about the chosen audio track. */
    static final class Track {
        long number = -1;
        long type;
        String codecId = "";
        byte[] codecPrivate = new byte[0];
        long codecDelayNanos;
        double sampleRateHz = 8000;
        long channels = 1;
        boolean encoded;
    }

    private MatroskaReader(Path path, Input in, Track track, long segmentEnd) {
        this.path = path;
        this.in = in;
        this.track = track;
        this.segmentEnd = segmentEnd;
    }

    Track track() {
        return track;
    }

    /**
     * Opens the {@code audioTrack}-th (0-based) audio track of {@code path}, positioned at the first cluster.
     *
     * @throws AudioFormatException when the file is malformed or has no such track
     */
    static MatroskaReader open(Path path, int audioTrack) throws IOException {
        Input in = new Input(path);
        try {
            if (in.id() != EBML) {
                throw new AudioFormatException(path, "not an EBML file");
            }
            long headerSize = in.size();
            byte[] header = in.bytes(headerSize, "EBML header", 4096);
            String docType = "";
            for (Element e : Element.children(path, header, 0, header.length)) {
                if (e.id == DOC_TYPE) {
                    docType = e.string(header);
                }
            }
            if (!"webm".equals(docType) && !"matroska".equals(docType)) {
                throw new AudioFormatException(path, "EBML document type '" + Mp4Reader.printable(docType)
                        + "' is not Matroska or WebM");
            }
            if (in.id() != SEGMENT) {
                throw new AudioFormatException(path, "Matroska file has no Segment after its EBML header");
            }
            long size = in.size();
            long segmentEnd = size == UNKNOWN ? in.fileBytes : Math.min(in.fileBytes, in.position + size);
            Track track = null;
            while (in.position < segmentEnd) {
                long at = in.position;
                int id = in.id();
                long elementSize = in.size();
                if (id == CLUSTER) {
                    in.seek(at);
                    break;
                }
                if (elementSize == UNKNOWN) {
                    throw new AudioFormatException(path, "Matroska element " + Integer.toHexString(id)
                            + " at byte " + at + " has an unknown size");
                }
                if (id == TRACKS) {
                    byte[] tracks = in.bytes(elementSize, "Tracks", MAX_TRACKS_BYTES);
                    track = chooseTrack(path, tracks, audioTrack);
                } else {
                    in.skip(elementSize, at);
                }
            }
            if (track == null) {
                throw new AudioFormatException(path, "Matroska file has no Tracks element before its first "
                        + "Cluster");
            }
            if (track.encoded) {
                throw new UnsupportedCodecException(path, "Matroska track " + track.number + " uses content "
                        + "encoding (compression), which the built-in decoder does not read");
            }
            return new MatroskaReader(path, in, track, segmentEnd);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static Track chooseTrack(Path path, byte[] b, int audioTrack) throws AudioFormatException {
        int found = 0;
        for (Element entry : Element.children(path, b, 0, b.length)) {
            if (entry.id != TRACK_ENTRY) {
                continue;
            }
            Track t = new Track();
            for (Element e : Element.children(path, b, entry.start, entry.end)) {
                switch (e.id) {
                    case TRACK_NUMBER -> t.number = e.uint(b);
                    case TRACK_TYPE -> t.type = e.uint(b);
                    case CODEC_ID -> t.codecId = e.string(b);
                    case CODEC_PRIVATE -> t.codecPrivate = java.util.Arrays.copyOfRange(b, e.start, e.end);
                    case CODEC_DELAY -> t.codecDelayNanos = e.uint(b);
                    case CONTENT_ENCODINGS -> t.encoded = true;
                    case AUDIO -> {
                        for (Element a : Element.children(path, b, e.start, e.end)) {
                            if (a.id == SAMPLING_FREQUENCY) {
                                t.sampleRateHz = a.floatValue(b);
                            } else if (a.id == CHANNELS) {
                                t.channels = a.uint(b);
                            }
                        }
                    }
                    default -> {
                    }
                }
            }
            if (t.type == 2) {
                if (found == audioTrack) {
                    return t;
                }
                found++;
            }
        }
        if (found == 0) {
            throw new AudioFormatException(path, "Matroska/WebM file has no audio track");
        }
        throw new AudioFormatException(path, "audio track " + audioTrack + " requested but the file has " + found
                + " audio track(s) (0 to " + (found - 1) + ")");
    }

    @Override
    public boolean next(Packet packet, DecodingSource source) throws IOException {
        while (laceIndex >= laceCount) {
            if (ended || !nextBlock(source)) {
                ended = true;
                return false;
            }
        }
        int size = laceSizes[laceIndex];
        System.arraycopy(block, laceOffset, packet.ensure(size), 0, size);
        laceOffset += size;
        laceIndex++;
        if (laceIndex == laceCount && blockDiscardNanos > 0) {
            packet.discardEndFrames = Math.round(blockDiscardNanos * 1e-9 * outputRateHz());
        }
        return true;
    }

    /** The rate DiscardPadding is counted at: Opus always decodes at 48 kHz. */
    private double outputRateHz() {
        return "A_OPUS".equals(track.codecId) ? OpusPacketDecoder.RATE_HZ : track.sampleRateHz;
    }

    /** Reads elements up to the next block of the track; false at the end of the segment. */
    private boolean nextBlock(DecodingSource source) throws IOException {
        while (in.position < segmentEnd) {
            long at = in.position;
            int id;
            long size;
            try {
                id = in.id();
                size = in.size();
            } catch (AudioFormatException e) {
                truncated(source, "a truncated or corrupt element at byte " + at);
                return false;
            }
            if (id == CLUSTER) {
                continue; // its children follow, whatever its size
            }
            if (size == UNKNOWN || size > segmentEnd - in.position) {
                truncated(source, "element " + Integer.toHexString(id) + " at byte " + at + " declares "
                        + (size == UNKNOWN ? "an unknown size" : size + " bytes") + " past the end of the data");
                return false;
            }
            if (id == SIMPLE_BLOCK) {
                if (readBlock(size, at, source)) {
                    blockDiscardNanos = 0;
                    return true;
                }
            } else if (id == BLOCK_GROUP) {
                if (readGroup(size, at, source)) {
                    return true;
                }
            } else {
                in.skip(size, at);
            }
        }
        return false;
    }

    private void truncated(DecodingSource source, String problem) throws AudioFormatException {
        if (source == null) {
            throw new AudioFormatException(path, "Matroska data ends in " + problem);
        }
        source.warn("truncated data: Matroska data ends in " + problem + "; stopped there");
    }

    private boolean readGroup(long size, long at, DecodingSource source) throws IOException {
        long end = in.position + size;
        boolean found = false;
        long discard = 0;
        while (in.position < end) {
            long childAt = in.position;
            int id = in.id();
            long childSize = in.size();
            if (childSize == UNKNOWN || childSize > end - in.position) {
                corrupt(source, "corrupt Matroska BlockGroup at byte " + at);
                in.seek(end);
                return false;
            }
            if (id == BLOCK && !found) {
                found = readBlock(childSize, childAt, source);
            } else if (id == DISCARD_PADDING && childSize <= 8) {
                byte[] v = in.bytes(childSize, "DiscardPadding", 8);
                long value = childSize == 0 ? 0 : v[0]; // signed
                for (int i = 1; i < v.length; i++) {
                    value = value << 8 | (v[i] & 0xFF);
                }
                discard = value;
            } else {
                in.skip(childSize, childAt);
            }
        }
        blockDiscardNanos = found ? Math.max(0, discard) : 0;
        return found;
    }

    private void corrupt(DecodingSource source, String problem) throws AudioFormatException {
        if (source == null) {
            throw new AudioFormatException(path, problem);
        }
        source.corrupt(problem);
    }

    /** Reads a (Simple)Block; true when it belongs to the track and holds frames (its laces are set up). */
    private boolean readBlock(long size, long at, DecodingSource source) throws IOException {
        if (size > block.length) {
            corrupt(source, "Matroska block at byte " + at + " of " + size + " bytes is larger than "
                    + block.length);
            in.skip(size, at);
            return false;
        }
        int n = (int) size;
        in.readFully(block, n);
        int p = 0;
        int len = n > 0 ? vintLength(block[0]) : 0;
        if (len == 0 || len + 3 > n) {
            corrupt(source, "corrupt Matroska block header at byte " + at);
            return false;
        }
        long trackNumber = block[0] & (0xFF >> len);
        for (int i = 1; i < len; i++) {
            trackNumber = trackNumber << 8 | (block[i] & 0xFF);
        }
        if (trackNumber != track.number) {
            return false;
        }
        p = len + 2;
        int flags = block[p++] & 0xFF;
        int lacing = (flags >> 1) & 3;
        laceIndex = 0;
        if (lacing == 0) {
            laceCount = 1;
            laceSizes[0] = n - p;
            laceOffset = p;
            return n - p > 0;
        }
        if (p >= n) {
            corrupt(source, "corrupt Matroska block lacing at byte " + at);
            return false;
        }
        int frames = (block[p++] & 0xFF) + 1;
        long total = 0;
        if (lacing == 2) { // fixed-size
            int each = (n - p) / frames;
            if (each * frames != n - p) {
                corrupt(source, "corrupt Matroska fixed-size lacing at byte " + at);
                return false;
            }
            java.util.Arrays.fill(laceSizes, 0, frames, each);
        } else {
            long previous = 0;
            for (int f = 0; f < frames - 1; f++) {
                long s;
                if (lacing == 1) { // Xiph: runs of 255
                    s = 0;
                    int v;
                    do {
                        if (p >= n) {
                            corrupt(source, "corrupt Matroska Xiph lacing at byte " + at);
                            return false;
                        }
                        v = block[p++] & 0xFF;
                        s += v;
                    } while (v == 255);
                } else { // EBML: first size, then signed differences
                    int l = p < n ? vintLength(block[p]) : 0;
                    if (l == 0 || p + l > n) {
                        corrupt(source, "corrupt Matroska EBML lacing at byte " + at);
                        return false;
                    }
                    long v = block[p] & (0xFF >> l);
                    for (int i = 1; i < l; i++) {
                        v = v << 8 | (block[p + i] & 0xFF);
                    }
                    p += l;
                    s = f == 0 ? v : previous + v - ((1L << (7 * l - 1)) - 1);
                }
                previous = s;
                if (s < 0 || s > n) {
                    corrupt(source, "corrupt Matroska lacing at byte " + at);
                    return false;
                }
                laceSizes[f] = (int) s;
                total += s;
            }
            long last = n - p - total;
            if (last < 0) {
                corrupt(source, "corrupt Matroska lacing at byte " + at + ": laced sizes exceed the block");
                return false;
            }
            laceSizes[frames - 1] = (int) last;
        }
        laceCount = frames;
        laceOffset = p;
        return true;
    }

    /** Length of a variable-size integer from its first byte (1 to 8), 0 when invalid. */
    static int vintLength(byte first) {
        int v = first & 0xFF;
        return v == 0 ? 0 : Integer.numberOfLeadingZeros(v) - 23;
    }

    @Override
    public long endFrame() {
        return -1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A child element inside an in-memory master element. */
    private record Element(int id, int start, int end) {
        static java.util.List<Element> children(Path path, byte[] b, int from, int to) throws AudioFormatException {
            java.util.List<Element> out = new java.util.ArrayList<>();
            int p = from;
            while (p < to) {
                int il = vintLength(b[p]);
                if (il == 0 || il > 4 || p + il > to) {
                    throw new AudioFormatException(path, "corrupt Matroska element ID at byte " + p
                            + " of a header");
                }
                int id = 0;
                for (int i = 0; i < il; i++) {
                    id = id << 8 | (b[p + i] & 0xFF);
                }
                p += il;
                int sl = p < to ? vintLength(b[p]) : 0;
                if (sl == 0 || p + sl > to) {
                    throw new AudioFormatException(path, "corrupt Matroska element size at byte " + p
                            + " of a header");
                }
                long size = b[p] & (0xFF >> sl);
                for (int i = 1; i < sl; i++) {
                    size = size << 8 | (b[p + i] & 0xFF);
                }
                p += sl;
                if (size > to - p) {
                    throw new AudioFormatException(path, "corrupt Matroska header: element "
                            + Integer.toHexString(id) + " declares " + size + " bytes, " + (to - p) + " left");
                }
                out.add(new Element(id, p, p + (int) size));
                p += (int) size;
            }
            return out;
        }

        long uint(byte[] b) {
            long v = 0;
            for (int i = start; i < Math.min(end, start + 8); i++) {
                v = v << 8 | (b[i] & 0xFF);
            }
            return v;
        }

        double floatValue(byte[] b) {
            if (end - start == 4) {
                return Float.intBitsToFloat((int) uint(b));
            }
            return end - start == 8 ? Double.longBitsToDouble(uint(b)) : Double.NaN;
        }

        String string(byte[] b) {
            int e = start;
            while (e < end && b[e] != 0) {
                e++;
            }
            return new String(b, start, e - start, StandardCharsets.UTF_8);
        }
    }

    /** Buffered reads of EBML IDs, sizes and payloads from the file, with the absolute position. */
    private static final class Input implements java.io.Closeable {
        final Path path;
        final FileChannel channel;
        final long fileBytes;
        final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long position;

        Input(Path path) throws IOException {
            this.path = path;
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
            this.fileBytes = channel.size();
            buffer.limit(0);
        }

        int u8() throws IOException {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int n = channel.read(buffer, position);
                buffer.flip();
                if (n <= 0) {
                    throw new AudioFormatException(path, "truncated Matroska data at byte " + position);
                }
            }
            position++;
            return buffer.get() & 0xFF;
        }

        /** An element ID with its length marker (1 to 4 bytes). */
        int id() throws IOException {
            long at = position;
            int first = u8();
            int len = vintLength((byte) first);
            if (len == 0 || len > 4) {
                throw new AudioFormatException(path, "corrupt Matroska element ID at byte " + at);
            }
            int id = first;
            for (int i = 1; i < len; i++) {
                id = id << 8 | u8();
            }
            return id;
        }

        /** An element size; {@link #UNKNOWN} when all its value bits are ones. */
        long size() throws IOException {
            long at = position;
            int first = u8();
            int len = vintLength((byte) first);
            if (len == 0) {
                throw new AudioFormatException(path, "corrupt Matroska element size at byte " + at);
            }
            long v = first & (0xFF >> len);
            boolean allOnes = v == (0xFF >> len);
            for (int i = 1; i < len; i++) {
                int x = u8();
                allOnes &= x == 0xFF;
                v = v << 8 | x;
            }
            return allOnes ? UNKNOWN : v;
        }

        void seek(long to) {
            long bufferStart = position - buffer.position();
            if (to >= bufferStart && to <= bufferStart + buffer.limit()) {
                buffer.position((int) (to - bufferStart));
            } else {
                buffer.limit(0);
            }
            position = to;
        }

        void skip(long n, long elementAt) throws AudioFormatException {
            if (n > fileBytes - position) {
                throw new AudioFormatException(path, "truncated Matroska element at byte " + elementAt + ": declares "
                        + n + " bytes, " + (fileBytes - position) + " left in the file");
            }
            seek(position + n);
        }

        byte[] bytes(long n, String what, int max) throws IOException {
            if (n == UNKNOWN || n > max || n > fileBytes - position) {
                throw new AudioFormatException(path, "Matroska " + what + " element at byte " + position
                        + " declares " + (n == UNKNOWN ? "an unknown size" : n + " bytes") + " (at most "
                        + Math.min(max, fileBytes - position) + ")");
            }
            byte[] out = new byte[(int) n];
            readFully(out, (int) n);
            return out;
        }

        void readFully(byte[] out, int n) throws IOException {
            int done = 0;
            while (done < n) {
                if (!buffer.hasRemaining()) {
                    if (n - done >= buffer.capacity()) {
                        ByteBuffer direct = ByteBuffer.wrap(out, done, n - done);
                        while (direct.hasRemaining()) {
                            int r = channel.read(direct, position + (direct.position() - done));
                            if (r <= 0) {
                                throw new AudioFormatException(path, "truncated Matroska data at byte " + position);
                            }
                        }
                        position += n - done;
                        buffer.clear();
                        buffer.limit(0);
                        return;
                    }
                    u8();
                    position--;
                    buffer.position(buffer.position() - 1);
                }
                int k = Math.min(n - done, buffer.remaining());
                buffer.get(out, done, k);
                done += k;
                position += k;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
