package dev.audioml.capture.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one audio track of an ISO base media file (MP4, M4A, MOV, 3GP; ISO/IEC 14496-12 and QuickTime): the
 * {@code moov} box is read into memory (at most {@link #MAX_MOOV_BYTES}, and never more than the file holds), the
 * track's sample table ({@code stsz}, {@code stsc}, {@code stco}/{@code co64}) gives each packet's offset and size,
 * and the edit list ({@code elst}) the priming to skip and the length, as ffmpeg's mov demuxer uses them. Every
 * count is checked against the bytes that hold it before an array is sized by it. Fragmented files ({@code moof})
 * are not read.
 */
final class Mp4Reader implements PacketReader {
    /** Largest {@code moov} box read (an hour of video and audio needs a few MiB). */
    static final long MAX_MOOV_BYTES = 64L << 20;

    private final Path path;
    private final FileChannel channel;
    private final long fileBytes;
    private final Track track;
    private int sample;
    private int chunk; // 0-based index into chunkOffsets
    private int stscIndex;
    private int leftInChunk;
    private long offset;
    private long endFrame = -1;

    /** What the demuxer found about the chosen audio track. */
    static final class Track {
        String codec = "";
        int channels;
        int sampleRateHz;
        long mediaTimescale;
        long movieTimescale;
        long editMediaTime;
        long editDuration = -1;
        byte[] decoderConfig;
        int objectType;
        OpusPacketDecoder.Head opusHead;
        String handler;
        int fixedSampleSize;
        int[] sampleSizes;
        int sampleCount;
        long[] chunkOffsets;
        long[] stsc; // triples: first chunk (1-based), samples per chunk, description index
        int audioTracks;
    }

    private Mp4Reader(Path path, FileChannel channel, long fileBytes, Track track) {
        this.path = path;
        this.channel = channel;
        this.fileBytes = fileBytes;
        this.track = track;
        this.chunk = -1;
    }

    /**
     * Opens the {@code audioTrack}-th (0-based) audio track of {@code path}.
     *
     * @throws AudioFormatException when the file is malformed, has no such track, or is fragmented
     */
    static Mp4Reader open(Path path, int audioTrack) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = channel.size();
            byte[] moov = null;
            boolean fragmented = false;
            long at = 0;
            while (at + 8 <= size) {
                ByteBuffer h = ByteBuffer.allocate(16);
                readAt(channel, h, at);
                h.flip();
                if (h.remaining() < 8) {
                    break;
                }
                long boxSize = h.getInt(0) & 0xFFFFFFFFL;
                String type = fourcc(h.array(), 4);
                int header = 8;
                if (boxSize == 1) {
                    if (h.remaining() < 16) {
                        throw new AudioFormatException(path, "truncated MP4 box '" + type + "' at byte " + at);
                    }
                    boxSize = h.getLong(8);
                    header = 16;
                } else if (boxSize == 0) {
                    boxSize = size - at;
                }
                if (boxSize < header || boxSize > size - at) {
                    if ("moov".equals(type) || moov == null && !"mdat".equals(type)) {
                        throw new AudioFormatException(path, "MP4 box '" + printable(type) + "' at byte " + at
                                + " declares " + boxSize + " bytes, file has " + (size - at) + " after it");
                    }
                    break; // a truncated mdat after the moov: packets past the end are reported when read
                }
                if ("moov".equals(type)) {
                    if (boxSize - header > MAX_MOOV_BYTES) {
                        throw new AudioFormatException(path, "MP4 'moov' box of " + boxSize + " bytes is larger "
                                + "than the " + MAX_MOOV_BYTES + " bytes read");
                    }
                    ByteBuffer m = ByteBuffer.allocate((int) (boxSize - header));
                    readAt(channel, m, at + header);
                    moov = m.array();
                } else if ("moof".equals(type)) {
                    fragmented = true;
                }
                at += boxSize;
            }
            if (moov == null) {
                throw new AudioFormatException(path, "MP4/MOV file has no 'moov' box (truncated, or not a "
                        + "finished recording)");
            }
            Track track = new Track();
            Boxes.parseMoov(path, moov, audioTrack, track);
            if (track.sampleCount == 0 && fragmented) {
                throw new UnsupportedCodecException(path, "fragmented MP4 ('moof' boxes) is not supported by the "
                        + "built-in decoder");
            }
            return new Mp4Reader(path, channel, size, track);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    Track track() {
        return track;
    }

    /** Sets the frame count {@link #endFrame()} reports, once the output rate is known. */
    void endFrame(long frames) {
        this.endFrame = frames;
    }

    @Override
    public long endFrame() {
        return endFrame;
    }

    @Override
    public boolean next(Packet packet, DecodingSource source) throws IOException {
        Track t = track;
        if (sample >= t.sampleCount) {
            return false;
        }
        while (leftInChunk == 0) {
            chunk++;
            if (chunk >= t.chunkOffsets.length) {
                if (source != null) {
                    source.warn("MP4 sample table lists " + t.sampleCount + " samples but its chunks hold "
                            + sample + "; stopped there");
                }
                return false;
            }
            if (t.stsc.length == 0) { // found by CompressedFuzzTest: an index error before
                throw new AudioFormatException(path, "corrupt MP4 sample table: the sample-to-chunk box ('stsc') is "
                        + "empty, but the track lists " + t.sampleCount + " samples in " + t.chunkOffsets.length
                        + " chunks");
            }
            while (stscIndex + 1 < t.stsc.length / 3 && t.stsc[(stscIndex + 1) * 3] <= chunk + 1) {
                stscIndex++;
            }
            leftInChunk = (int) Math.min(t.stsc[stscIndex * 3 + 1], Integer.MAX_VALUE);
            offset = t.chunkOffsets[chunk];
        }
        int size = t.sampleSizes == null ? t.fixedSampleSize : t.sampleSizes[sample];
        if (size < 0 || size > Packet.MAX_BYTES) {
            throw new AudioFormatException(path, "MP4 sample " + (sample + 1) + " declares " + (size & 0xFFFFFFFFL)
                    + " bytes, more than the " + Packet.MAX_BYTES + " accepted");
        }
        if (offset < 0 || size > fileBytes - offset) {
            if (source != null) {
                source.warn("truncated data: MP4 sample " + (sample + 1) + " of " + t.sampleCount + " lies past the "
                        + "end of the file; stopped there");
            }
            sample = t.sampleCount;
            return false;
        }
        byte[] data = packet.ensure(size);
        readAt(channel, ByteBuffer.wrap(data, 0, size), offset);
        offset += size;
        leftInChunk--;
        sample++;
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static void readAt(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
    }

    static String fourcc(byte[] b, int off) {
        return new String(b, off, 4, StandardCharsets.ISO_8859_1);
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.toString();
    }

    /** The in-memory walk over the {@code moov} box. */
    private static final class Boxes {
        private final Path path;
        private final byte[] b;

        private Boxes(Path path, byte[] b) {
            this.path = path;
            this.b = b;
        }

        static void parseMoov(Path path, byte[] moov, int audioTrack, Track out) throws AudioFormatException {
            Boxes boxes = new Boxes(path, moov);
            int found = 0;
            long movieTimescale = 0;
            for (int at = 0; at + 8 <= moov.length; ) {
                int[] box = boxes.box(at, moov.length);
                String type = fourcc(moov, at + 4);
                if ("mvhd".equals(type)) {
                    int p = box[0];
                    boxes.need(p, 4, "mvhd", box[1]);
                    int version = moov[p] & 0xFF;
                    int ts = p + 4 + (version == 1 ? 16 : 8);
                    boxes.need(ts, 4, "mvhd", box[1]);
                    movieTimescale = u32(moov, ts);
                } else if ("trak".equals(type)) {
                    Track t = new Track();
                    boxes.parseTrak(box[0], box[1], t);
                    if (t.codec != null && !t.codec.isEmpty()) {
                        if (found == audioTrack) {
                            copy(t, out);
                        }
                        found++;
                    }
                }
                at = box[1];
            }
            out.audioTracks = found;
            out.movieTimescale = movieTimescale;
            if (found == 0) {
                throw new AudioFormatException(path, "MP4/MOV file has no audio track");
            }
            if (audioTrack >= found) {
                throw new AudioFormatException(path, "audio track " + audioTrack + " requested but the file has "
                        + found + " audio track(s) (0 to " + (found - 1) + ")");
            }
        }

        private static void copy(Track from, Track to) {
            to.codec = from.codec;
            to.channels = from.channels;
            to.sampleRateHz = from.sampleRateHz;
            to.mediaTimescale = from.mediaTimescale;
            to.editMediaTime = from.editMediaTime;
            to.editDuration = from.editDuration;
            to.decoderConfig = from.decoderConfig;
            to.objectType = from.objectType;
            to.opusHead = from.opusHead;
            to.fixedSampleSize = from.fixedSampleSize;
            to.sampleSizes = from.sampleSizes;
            to.sampleCount = from.sampleCount;
            to.chunkOffsets = from.chunkOffsets == null ? new long[0] : from.chunkOffsets;
            to.stsc = from.stsc == null ? new long[0] : from.stsc;
        }

        /** @return {content start, box end} of the box at {@code at}, checked against {@code end} */
        int[] box(int at, int end) throws AudioFormatException {
            need(at, 8, "box header", end);
            long size = u32(b, at);
            int header = 8;
            if (size == 1) {
                need(at, 16, "box header", end);
                long hi = u32(b, at + 8);
                size = hi != 0 ? Long.MAX_VALUE : u32(b, at + 12);
                header = 16;
            } else if (size == 0) {
                size = end - at;
            }
            if (size < header || size > end - at) {
                throw new AudioFormatException(path, "corrupt MP4 box '" + printable(fourcc(b, at + 4))
                        + "' in 'moov': declares " + size + " bytes, " + (end - at) + " left in its parent");
            }
            return new int[] {at + header, (int) (at + size)};
        }

        void need(int at, int n, String what, int end) throws AudioFormatException {
            if (at < 0 || n > end - at) {
                throw new AudioFormatException(path, "truncated MP4 '" + what + "' box");
            }
        }

        void parseTrak(int from, int end, Track t) throws AudioFormatException {
            parseTrakChildren(from, end, t);
            if (!"soun".equals(t.handler)) {
                t.codec = null;
                return;
            }
            if (t.codec.isEmpty()) {
                throw new AudioFormatException(path, "MP4 audio track has no sample description ('stsd')");
            }
            if (t.chunkOffsets == null || t.stsc == null || t.sampleSizes == null && t.fixedSampleSize == 0
                    && t.sampleCount > 0) {
                throw new AudioFormatException(path, "MP4 audio track lacks its sample table ('stsz', 'stsc', "
                        + "'stco')");
            }
        }

        private void parseTrakChildren(int from, int end, Track t) throws AudioFormatException {
            for (int at = from; at + 8 <= end; ) {
                int[] box = box(at, end);
                String type = fourcc(b, at + 4);
                if ("mdia".equals(type) || "minf".equals(type) || "stbl".equals(type) || "edts".equals(type)) {
                    parseTrakChildren(box[0], box[1], t);
                } else {
                    parseLeaf(type, box[0], box[1], t);
                }
                at = box[1];
            }
        }

        private void parseLeaf(String type, int p, int end, Track t) throws AudioFormatException {
            switch (type) {
                case "hdlr":
                    need(p, 12, type, end);
                    if (t.handler == null) { // the media's; QuickTime's data handler ('alis') follows in 'minf'
                        t.handler = fourcc(b, p + 8);
                    }
                    break;
                case "mdhd": {
                    need(p, 4, type, end);
                    int ts = p + 4 + ((b[p] & 0xFF) == 1 ? 16 : 8);
                    need(ts, 4, type, end);
                    t.mediaTimescale = u32(b, ts);
                    break;
                }
                case "elst":
                    parseElst(p, end, t);
                    break;
                case "stsd":
                    parseStsd(p, end, t);
                    break;
                case "stsz": {
                    need(p, 12, type, end);
                    long fixed = u32(b, p + 4);
                    long count = u32(b, p + 8);
                    if (fixed == 0) {
                        if (count > (end - p - 12) / 4) {
                            throw new AudioFormatException(path, "corrupt MP4 'stsz' box: declares " + count
                                    + " sample sizes in " + (end - p - 12) + " bytes");
                        }
                        int[] sizes = new int[(int) count];
                        for (int i = 0; i < count; i++) {
                            long s = u32(b, p + 12 + 4 * i);
                            sizes[i] = s > Packet.MAX_BYTES ? -1 : (int) s;
                        }
                        t.sampleSizes = sizes;
                    } else if (fixed > Packet.MAX_BYTES || count > Integer.MAX_VALUE) {
                        throw new AudioFormatException(path, "corrupt MP4 'stsz' box: " + count + " samples of "
                                + fixed + " bytes");
                    } else {
                        t.fixedSampleSize = (int) fixed;
                    }
                    t.sampleCount = (int) count;
                    break;
                }
                case "stsc": {
                    need(p, 8, type, end);
                    long count = u32(b, p + 4);
                    if (count > (end - p - 8) / 12) {
                        throw new AudioFormatException(path, "corrupt MP4 'stsc' box: declares " + count
                                + " entries in " + (end - p - 8) + " bytes");
                    }
                    long[] stsc = new long[(int) count * 3];
                    for (int i = 0; i < stsc.length; i++) {
                        stsc[i] = u32(b, p + 8 + 4 * i);
                    }
                    if (count > 0 && stsc[0] != 1) {
                        throw new AudioFormatException(path, "corrupt MP4 'stsc' box: first entry starts at chunk "
                                + stsc[0] + ", not 1");
                    }
                    t.stsc = stsc;
                    break;
                }
                case "stco":
                case "co64": {
                    int width = "co64".equals(type) ? 8 : 4;
                    need(p, 8, type, end);
                    long count = u32(b, p + 4);
                    if (count > (end - p - 8) / width) {
                        throw new AudioFormatException(path, "corrupt MP4 '" + type + "' box: declares " + count
                                + " chunk offsets in " + (end - p - 8) + " bytes");
                    }
                    long[] offsets = new long[(int) count];
                    for (int i = 0; i < count; i++) {
                        int q = p + 8 + width * i;
                        offsets[i] = width == 8 ? u32(b, q) << 32 | u32(b, q + 4) : u32(b, q);
                    }
                    t.chunkOffsets = offsets;
                    break;
                }
                default:
                    break;
            }
        }

        /** The first edit with a media time: the priming to skip and the presented length (ffmpeg's mov_fix_index). */
        private void parseElst(int p, int end, Track t) throws AudioFormatException {
            need(p, 8, "elst", end);
            int version = b[p] & 0xFF;
            long count = u32(b, p + 4);
            int width = version == 1 ? 20 : 12;
            if (count > (end - p - 8) / width) {
                throw new AudioFormatException(path, "corrupt MP4 'elst' box: declares " + count + " edits in "
                        + (end - p - 8) + " bytes");
            }
            for (int i = 0; i < count; i++) {
                int q = p + 8 + width * i;
                long duration = version == 1 ? u32(b, q) << 32 | u32(b, q + 4) : u32(b, q);
                long mediaTime = version == 1 ? (u32(b, q + 8) << 32 | u32(b, q + 12)) : (int) u32(b, q + 4);
                if (mediaTime >= 0) {
                    t.editMediaTime = mediaTime;
                    t.editDuration = duration;
                    return;
                }
            }
        }

        private void parseStsd(int p, int end, Track t) throws AudioFormatException {
            need(p, 8, "stsd", end);
            if (u32(b, p + 4) < 1) {
                throw new AudioFormatException(path, "MP4 'stsd' box holds no sample description");
            }
            int[] entry = box(p + 8, end);
            int e = p + 8;
            t.codec = fourcc(b, e + 4);
            if (!"soun".equals(t.handler) && t.handler != null) {
                return; // not audio: the entry's layout differs
            }
            int base = entry[0];
            need(base, 28, "audio sample entry", entry[1]);
            int version = u16(b, base + 8);
            t.channels = u16(b, base + 16);
            t.sampleRateHz = (int) (u32(b, base + 24) >>> 16);
            int children = base + 28 + (version == 1 ? 16 : version == 2 ? 36 : 0);
            findCodecBoxes(children, entry[1], t);
        }

        /** Finds 'esds' (AAC, also inside QuickTime's 'wave') and 'dOps' (Opus) among an entry's boxes. */
        private void findCodecBoxes(int from, int end, Track t) throws AudioFormatException {
            for (int at = from; at + 8 <= end; ) {
                int[] box = box(at, end);
                String type = fourcc(b, at + 4);
                if ("wave".equals(type)) {
                    findCodecBoxes(box[0], box[1], t);
                } else if ("esds".equals(type)) {
                    parseEsds(box[0] + 4, box[1], t);
                } else if ("dOps".equals(type)) {
                    need(box[0], 11, type, box[1]);
                    int q = box[0];
                    byte[] head = new byte[19];
                    System.arraycopy("OpusHead".getBytes(StandardCharsets.ISO_8859_1), 0, head, 0, 8);
                    head[8] = 1;
                    head[9] = b[q + 1];
                    head[10] = b[q + 3]; // dOps is big-endian, OpusHead little-endian
                    head[11] = b[q + 2];
                    head[16] = b[q + 9];
                    head[17] = b[q + 8];
                    head[18] = b[q + 10];
                    t.opusHead = OpusPacketDecoder.Head.parse(path, head, 0, head.length);
                }
                at = box[1];
            }
        }

        /** ES_Descriptor, DecoderConfigDescriptor (object type) and DecoderSpecificInfo (ISO/IEC 14496-1 7.2.6). */
        private void parseEsds(int p, int end, Track t) throws AudioFormatException {
            int[] es = descriptor(p, end, 0x03);
            int q = es[0] + 2;
            need(q, 1, "esds", es[1]);
            int flags = b[q++] & 0xFF;
            if ((flags & 0x80) != 0) {
                q += 2;
            }
            if ((flags & 0x40) != 0) {
                need(q, 1, "esds", es[1]);
                q += 1 + (b[q] & 0xFF);
            }
            if ((flags & 0x20) != 0) {
                q += 2;
            }
            int[] config = descriptor(q, es[1], 0x04);
            need(config[0], 13, "esds", config[1]);
            t.objectType = b[config[0]] & 0xFF;
            if (config[0] + 13 < config[1]) {
                int[] specific = descriptor(config[0] + 13, config[1], 0x05);
                byte[] asc = new byte[specific[1] - specific[0]];
                System.arraycopy(b, specific[0], asc, 0, asc.length);
                t.decoderConfig = asc;
            }
        }

        /** @return {content start, end} of the descriptor with {@code tag} at {@code p} */
        private int[] descriptor(int p, int end, int tag) throws AudioFormatException {
            need(p, 2, "esds", end);
            if ((b[p] & 0xFF) != tag) {
                throw new AudioFormatException(path, "corrupt MP4 'esds' box: expected descriptor tag " + tag
                        + " at its byte " + p + ", found " + (b[p] & 0xFF));
            }
            int q = p + 1;
            int length = 0;
            for (int i = 0; i < 4; i++) {
                need(q, 1, "esds", end);
                int v = b[q++] & 0xFF;
                length = length << 7 | (v & 0x7F);
                if ((v & 0x80) == 0) {
                    break;
                }
            }
            if (length > end - q) {
                throw new AudioFormatException(path, "corrupt MP4 'esds' box: descriptor " + tag + " declares "
                        + length + " bytes, " + (end - q) + " left");
            }
            return new int[] {q, q + length};
        }

        static long u32(byte[] b, int off) {
            return (b[off] & 0xFFL) << 24 | (b[off + 1] & 0xFFL) << 16 | (b[off + 2] & 0xFFL) << 8 | (b[off + 3] & 0xFFL);
        }

        static int u16(byte[] b, int off) {
            return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
        }
    }
}
