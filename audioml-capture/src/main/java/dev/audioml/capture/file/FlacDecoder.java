package dev.audioml.capture.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A native FLAC decoder written for bounded resources: it replaces jFLAC, whose metadata reader allocates whatever
 * a header declares (Vorbis comment counts drove it to 2.8 GB), which ignores frame CRC-16 mismatches, prints to
 * standard output, and throws {@code NullPointerException}/{@code ArrayIndexOutOfBoundsException} on corrupt frames.
 *
 * <p>Memory is fixed once STREAMINFO is read: one 64 KiB read buffer and {@code channels x maxBlockSize} samples
 * (at most 8 x 65535). Metadata blocks other than STREAMINFO are skipped without being read into memory, after
 * their declared length is checked against the file size. Every frame's header CRC-8 and frame CRC-16 are checked;
 * a frame that fails either, or whose content is invalid, is reported by {@link #nextFrame} as {@link #CORRUPT} and
 * the search for the next frame resumes two bytes after the bad frame's sync code. The MD5 of the decoded samples
 * is compared with STREAMINFO's when every frame decoded cleanly.
 *
 * <p>Reference: the FLAC format specification (RFC 9639).
 *
 * <p>Not thread-safe: confine to one thread.
 */
final class FlacDecoder implements Closeable {
    /** {@link #nextFrame} result: end of the stream. */
    static final int END = -1;
    /** {@link #nextFrame} result: a corrupt frame was skipped; {@link #lastProblem()} says why. */
    static final int CORRUPT = -2;

    static final int STREAMINFO_BYTES = 34;
    private static final int MAX_BLOCK_SIZE = 65535;
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path path;
    private final FileChannel channel;
    private final long fileBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    /** File offset of {@code buffer}'s first byte. */
    private long bufferOffset;

    // bit reader state
    private long bitCache;
    private int bitCount;
    private int crc8;
    private int crc16;

    // STREAMINFO
    final int sampleRateHz;
    final int channels;
    final int bitsPerSample;
    final long totalFrames;
    final int maxBlockSize;
    private final byte[] md5;

    private final long[][] samples;
    private final long[] residualScratch = new long[32];
    private final MessageDigest digest;
    private final byte[] md5Row;
    private boolean md5Usable = true;
    private long nextSyncSearch;
    private String lastProblem = "";
    private long framesDecoded;
    private boolean endedInsideFrame;

    private FlacDecoder(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.fileBytes = channel.size();
        fill(0);
        if (headerBits(32) != 0x664C6143L) { // "fLaC"
            throw format("not a FLAC file (no fLaC marker)");
        }
        long header = headerBits(32);
        boolean last = (header & 0x80000000L) != 0;
        int type = (int) (header >>> 24) & 0x7F;
        int length = (int) (header & 0xFFFFFF);
        if (type != 0 || length != STREAMINFO_BYTES) {
            throw format("invalid FLAC metadata: first block is type " + type + " with " + length
                    + " bytes; expected STREAMINFO (type 0, 34 bytes)");
        }
        requireAvailable(STREAMINFO_BYTES, "STREAMINFO");
        int minBlock = (int) headerBits(16);
        this.maxBlockSize = (int) headerBits(16);
        headerBits(24); // min frame size
        headerBits(24); // max frame size
        this.sampleRateHz = (int) headerBits(20);
        this.channels = (int) headerBits(3) + 1;
        this.bitsPerSample = (int) headerBits(5) + 1;
        this.totalFrames = headerBits(36);
        this.md5 = new byte[16];
        for (int i = 0; i < 16; i++) {
            md5[i] = (byte) headerBits(8);
        }
        if (sampleRateHz < 1) {
            throw format("invalid FLAC STREAMINFO: sample rate 0 Hz");
        }
        if (bitsPerSample < 4) {
            throw format("invalid FLAC STREAMINFO: " + bitsPerSample + " bits per sample; expected 4 to 32");
        }
        if (maxBlockSize < 16 || minBlock > maxBlockSize) {
            throw format("invalid FLAC STREAMINFO: block sizes " + minBlock + " to " + maxBlockSize
                    + "; expected 16 <= min <= max <= 65535");
        }
        int blocks = 0;
        while (!last) {
            if (++blocks > 1_000_000) {
                throw format("invalid FLAC metadata: more than 1000000 metadata blocks");
            }
            header = headerBits(32);
            last = (header & 0x80000000L) != 0;
            type = (int) (header >>> 24) & 0x7F;
            length = (int) (header & 0xFFFFFF);
            if (type == 127) {
                throw format("invalid FLAC metadata: block type 127 at offset " + (position() - 4));
            }
            requireAvailable(length, "metadata block of type " + type);
            seek(position() + length); // skipped unread: nothing is sized by this header
        }
        this.nextSyncSearch = position();
        this.samples = new long[channels][maxBlockSize];
        this.md5Row = new byte[(bitsPerSample + 7) / 8];
        boolean hasMd5 = false;
        for (byte b : md5) {
            hasMd5 |= b != 0;
        }
        MessageDigest d = null;
        if (hasMd5) {
            try {
                d = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                d = null;
            }
        }
        this.digest = d;
    }

    /** Opens {@code path}, reading and checking its metadata; the caller closes the decoder. */
    static FlacDecoder open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new FlacDecoder(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** @return the samples of the last decoded frame, {@code [channel][index]}, valid until the next call */
    long[][] samples() {
        return samples;
    }

    /** @return true when the stream ended inside a frame (a truncated file); {@link #lastProblem()} says where */
    boolean endedInsideFrame() {
        return endedInsideFrame;
    }

    /** @return samples per channel decoded so far */
    long framesDecoded() {
        return framesDecoded;
    }

    /** @return why the last {@link #CORRUPT} frame was rejected, one line */
    String lastProblem() {
        return lastProblem;
    }

    /**
     * Decodes the next frame.
     *
     * @return its block size (samples per channel, at least 1), {@link #END} or {@link #CORRUPT}
     */
    int nextFrame() throws IOException {
        if (totalFrames > 0 && framesDecoded >= totalFrames) {
            return END;
        }
        long sync = findSync(nextSyncSearch);
        if (sync < 0) {
            return END;
        }
        nextSyncSearch = sync + 2;
        seek(sync);
        try {
            int blockSize = readFrame();
            nextSyncSearch = position();
            framesDecoded += blockSize;
            updateMd5(blockSize);
            return blockSize;
        } catch (CorruptFrameEnd e) {
            md5Usable = false;
            endedInsideFrame = true;
            lastProblem = "file ends inside the FLAC frame at byte " + sync + " (after " + framesDecoded
                    + " samples)";
            return END;
        } catch (CorruptFrame e) {
            md5Usable = false;
            lastProblem = "corrupt FLAC frame at byte " + sync + " (after " + framesDecoded + " samples): "
                    + e.getMessage();
            return CORRUPT;
        }
    }

    /**
     * Compares the stream's MD5 with STREAMINFO's once every frame has decoded cleanly.
     *
     * @return a one-line problem, or null when it matches or cannot be checked (no MD5, or frames skipped)
     */
    String md5Problem() {
        if (digest == null || !md5Usable || totalFrames <= 0 || framesDecoded != totalFrames) {
            return null;
        }
        byte[] actual = digest.digest();
        md5Usable = false;
        return Arrays.equals(actual, md5) ? null : "decoded samples do not match the MD5 signature in STREAMINFO";
    }

    private void updateMd5(int blockSize) {
        if (digest == null || !md5Usable) {
            return;
        }
        int bytes = md5Row.length;
        for (int i = 0; i < blockSize; i++) {
            for (int c = 0; c < channels; c++) {
                long v = samples[c][i];
                for (int b = 0; b < bytes; b++) {
                    md5Row[b] = (byte) (v >> (8 * b));
                }
                digest.update(md5Row, 0, bytes);
            }
        }
    }

    /** @return the file offset of the next 0xFFF8/0xFFF9 frame sync code at or after {@code from}, or -1 */
    private long findSync(long from) throws IOException {
        seek(from);
        int previous = -1;
        while (true) {
            if (!buffer.hasRemaining() && !fill(bufferOffset + buffer.limit())) {
                return -1;
            }
            int b = buffer.get() & 0xFF;
            if (previous == 0xFF && (b & 0xFE) == 0xF8) {
                return bufferOffset + buffer.position() - 2;
            }
            previous = b;
        }
    }

    private int readFrame() throws IOException, CorruptFrame {
        crc8 = 0;
        crc16 = 0;
        readBits(16); // sync + reserved + blocking strategy
        int blockCode = (int) readBits(4);
        int rateCode = (int) readBits(4);
        int assignment = (int) readBits(4);
        int sizeCode = (int) readBits(3);
        if (readBits(1) != 0) {
            throw new CorruptFrame("reserved header bit set");
        }
        readUtf8Number();
        int blockSize;
        if (blockCode == 0) {
            throw new CorruptFrame("reserved block size code 0");
        } else if (blockCode == 1) {
            blockSize = 192;
        } else if (blockCode <= 5) {
            blockSize = 576 << (blockCode - 2);
        } else if (blockCode == 6) {
            blockSize = (int) readBits(8) + 1;
        } else if (blockCode == 7) {
            blockSize = (int) readBits(16) + 1;
        } else {
            blockSize = 256 << (blockCode - 8);
        }
        int rate;
        switch (rateCode) {
            case 0: rate = sampleRateHz; break;
            case 1: rate = 88200; break;
            case 2: rate = 176400; break;
            case 3: rate = 192000; break;
            case 4: rate = 8000; break;
            case 5: rate = 16000; break;
            case 6: rate = 22050; break;
            case 7: rate = 24000; break;
            case 8: rate = 32000; break;
            case 9: rate = 44100; break;
            case 10: rate = 48000; break;
            case 11: rate = 96000; break;
            case 12: rate = (int) readBits(8) * 1000; break;
            case 13: rate = (int) readBits(16); break;
            case 14: rate = (int) readBits(16) * 10; break;
            default: throw new CorruptFrame("invalid sample rate code 15");
        }
        int bits;
        switch (sizeCode) {
            case 0: bits = bitsPerSample; break;
            case 1: bits = 8; break;
            case 2: bits = 12; break;
            case 4: bits = 16; break;
            case 5: bits = 20; break;
            case 6: bits = 24; break;
            case 7: bits = 32; break;
            default: throw new CorruptFrame("reserved sample size code 3");
        }
        int expectedCrc8 = crc8;
        if (readBits(8) != expectedCrc8) {
            throw new CorruptFrame("frame header fails its CRC-8");
        }
        int frameChannels = assignment < 8 ? assignment + 1 : 2;
        if (assignment > 10) {
            throw new CorruptFrame("reserved channel assignment " + assignment);
        }
        if (frameChannels != channels) {
            throw new CorruptFrame("frame has " + frameChannels + " channels, STREAMINFO declares " + channels);
        }
        if (bits != bitsPerSample) {
            throw new CorruptFrame("frame has " + bits + " bits per sample, STREAMINFO declares " + bitsPerSample);
        }
        if (rate != sampleRateHz) {
            throw new CorruptFrame("frame has sample rate " + rate + " Hz, STREAMINFO declares " + sampleRateHz);
        }
        if (blockSize > maxBlockSize) {
            throw new CorruptFrame("block size " + blockSize + " exceeds STREAMINFO's maximum " + maxBlockSize);
        }
        for (int c = 0; c < channels; c++) {
            int channelBits = bits;
            if ((assignment == 8 && c == 1) || (assignment == 9 && c == 0) || (assignment == 10 && c == 1)) {
                channelBits++; // the side channel
            }
            readSubframe(samples[c], blockSize, channelBits);
        }
        bitCount -= bitCount % 8; // zero padding to the byte boundary
        int expectedCrc16 = crc16;
        if (readBits(16) != expectedCrc16) {
            throw new CorruptFrame("frame fails its CRC-16");
        }
        decorrelate(assignment, blockSize);
        return blockSize;
    }

    private void decorrelate(int assignment, int n) {
        long[] a = samples[0];
        long[] b = channels > 1 ? samples[1] : null;
        switch (assignment) {
            case 8: // left, side
                for (int i = 0; i < n; i++) {
                    b[i] = a[i] - b[i];
                }
                break;
            case 9: // side, right
                for (int i = 0; i < n; i++) {
                    a[i] += b[i];
                }
                break;
            case 10: // mid, side
                for (int i = 0; i < n; i++) {
                    long side = b[i];
                    long mid = (a[i] << 1) | (side & 1);
                    a[i] = (mid + side) >> 1;
                    b[i] = (mid - side) >> 1;
                }
                break;
            default:
                break;
        }
    }

    private void readSubframe(long[] out, int blockSize, int bits) throws IOException, CorruptFrame {
        if (readBits(1) != 0) {
            throw new CorruptFrame("subframe padding bit set");
        }
        int type = (int) readBits(6);
        int wasted = 0;
        if (readBits(1) == 1) {
            wasted = 1;
            while (readBits(1) == 0) {
                if (++wasted >= bits) {
                    throw new CorruptFrame("wasted bits exceed the sample size");
                }
            }
        }
        bits -= wasted;
        if (type == 0) {
            long v = signed(readBits(bits), bits);
            Arrays.fill(out, 0, blockSize, v);
        } else if (type == 1) {
            for (int i = 0; i < blockSize; i++) {
                out[i] = signed(readBits(bits), bits);
            }
        } else if (type >= 8 && type <= 12) {
            int order = type - 8;
            warmUp(out, order, blockSize, bits);
            readResidual(out, order, blockSize);
            fixedPredict(out, order, blockSize);
        } else if (type >= 32) {
            int order = type - 31;
            warmUp(out, order, blockSize, bits);
            int precision = (int) readBits(4) + 1;
            if (precision == 16) {
                throw new CorruptFrame("invalid LPC coefficient precision");
            }
            int shift = (int) signed(readBits(5), 5);
            if (shift < 0) {
                throw new CorruptFrame("negative LPC shift " + shift);
            }
            long[] coefs = residualScratch;
            for (int i = 0; i < order; i++) {
                coefs[i] = signed(readBits(precision), precision);
            }
            readResidual(out, order, blockSize);
            for (int i = order; i < blockSize; i++) {
                long sum = 0;
                for (int j = 0; j < order; j++) {
                    sum += coefs[j] * out[i - 1 - j];
                }
                out[i] += sum >> shift;
            }
        } else {
            throw new CorruptFrame("reserved subframe type " + type);
        }
        if (wasted > 0) {
            for (int i = 0; i < blockSize; i++) {
                out[i] <<= wasted;
            }
        }
    }

    private void warmUp(long[] out, int order, int blockSize, int bits) throws IOException, CorruptFrame {
        if (order > blockSize) {
            throw new CorruptFrame("predictor order " + order + " exceeds block size " + blockSize);
        }
        for (int i = 0; i < order; i++) {
            out[i] = signed(readBits(bits), bits);
        }
    }

    private void readResidual(long[] out, int order, int blockSize) throws IOException, CorruptFrame {
        int method = (int) readBits(2);
        if (method > 1) {
            throw new CorruptFrame("reserved residual coding method " + method);
        }
        int paramBits = method == 0 ? 4 : 5;
        int escape = (1 << paramBits) - 1;
        int partitionOrder = (int) readBits(4);
        int partitions = 1 << partitionOrder;
        if (blockSize % partitions != 0 || (blockSize >> partitionOrder) < order) {
            throw new CorruptFrame("residual partition order " + partitionOrder + " does not fit block size "
                    + blockSize + " with predictor order " + order);
        }
        int i = order;
        for (int p = 0; p < partitions; p++) {
            int count = (blockSize >> partitionOrder) - (p == 0 ? order : 0);
            int k = (int) readBits(paramBits);
            if (k == escape) {
                int raw = (int) readBits(5);
                for (int j = 0; j < count; j++) {
                    out[i++] = raw == 0 ? 0 : signed(readBits(raw), raw);
                }
            } else {
                for (int j = 0; j < count; j++) {
                    long q = readUnary();
                    long u = (q << k) | (k == 0 ? 0 : readBits(k));
                    out[i++] = (u >>> 1) ^ -(u & 1);
                }
            }
        }
    }

    private static void fixedPredict(long[] x, int order, int n) {
        switch (order) {
            case 1:
                for (int i = 1; i < n; i++) {
                    x[i] += x[i - 1];
                }
                break;
            case 2:
                for (int i = 2; i < n; i++) {
                    x[i] += 2 * x[i - 1] - x[i - 2];
                }
                break;
            case 3:
                for (int i = 3; i < n; i++) {
                    x[i] += 3 * x[i - 1] - 3 * x[i - 2] + x[i - 3];
                }
                break;
            case 4:
                for (int i = 4; i < n; i++) {
                    x[i] += 4 * x[i - 1] - 6 * x[i - 2] + 4 * x[i - 3] - x[i - 4];
                }
                break;
            default:
                break;
        }
    }

    private void readUtf8Number() throws IOException, CorruptFrame {
        int first = (int) readBits(8);
        int extra;
        if ((first & 0x80) == 0) {
            extra = 0;
        } else if ((first & 0xE0) == 0xC0) {
            extra = 1;
        } else if ((first & 0xF0) == 0xE0) {
            extra = 2;
        } else if ((first & 0xF8) == 0xF0) {
            extra = 3;
        } else if ((first & 0xFC) == 0xF8) {
            extra = 4;
        } else if ((first & 0xFE) == 0xFC) {
            extra = 5;
        } else if (first == 0xFE) {
            extra = 6;
        } else {
            throw new CorruptFrame("invalid frame number coding");
        }
        for (int i = 0; i < extra; i++) {
            if ((readBits(8) & 0xC0) != 0x80) {
                throw new CorruptFrame("invalid frame number coding");
            }
        }
    }

    private static long signed(long value, int bits) {
        return bits == 0 ? 0 : (value << (64 - bits)) >> (64 - bits);
    }

    // ---- byte and bit input

    private long headerBits(int n) throws IOException {
        try {
            return readBits(n);
        } catch (CorruptFrameEnd e) {
            throw format("truncated header: FLAC metadata ends at byte " + fileBytes);
        }
    }

    /** Reads a unary code: the number of 0 bits before the next 1 bit. */
    private long readUnary() throws IOException, CorruptFrame {
        long q = 0;
        while (true) {
            if (bitCount == 0) {
                if (!buffer.hasRemaining() && !fill(bufferOffset + buffer.limit())) {
                    throw new CorruptFrameEnd();
                }
                int b = buffer.get() & 0xFF;
                crc8 = CRC8[(crc8 ^ b) & 0xFF];
                crc16 = ((crc16 << 8) ^ CRC16[((crc16 >>> 8) ^ b) & 0xFF]) & 0xFFFF;
                bitCache = (bitCache << 8) | b;
                bitCount = 8;
            }
            long bits = bitCache & ((1L << bitCount) - 1);
            if (bits == 0) {
                q += bitCount;
                bitCount = 0;
                if (q > 0xFFFFFFFFL) {
                    throw new CorruptFrame("Rice code longer than 2^32 bits");
                }
                continue;
            }
            int zeros = Long.numberOfLeadingZeros(bits) - (64 - bitCount);
            bitCount -= zeros + 1;
            return q + zeros;
        }
    }

    private void requireAvailable(long bytes, String what) throws AudioFormatException {
        long at = position();
        if (bytes > fileBytes - at) {
            throw format("truncated header: FLAC " + what + " declares " + bytes + " bytes at offset " + at
                    + ", file has " + fileBytes + " bytes");
        }
    }

    /** Reads {@code n} (0 to 57) bits, big-endian, updating the CRCs byte by byte as bytes are taken. */
    private long readBits(int n) throws IOException, CorruptFrameEnd {
        while (bitCount < n) {
            if (!buffer.hasRemaining() && !fill(bufferOffset + buffer.limit())) {
                throw new CorruptFrameEnd();
            }
            int b = buffer.get() & 0xFF;
            crc8 = CRC8[(crc8 ^ b) & 0xFF];
            crc16 = ((crc16 << 8) ^ CRC16[((crc16 >>> 8) ^ b) & 0xFF]) & 0xFFFF;
            bitCache = (bitCache << 8) | b;
            bitCount += 8;
        }
        bitCount -= n;
        return n == 0 ? 0 : (bitCache >>> bitCount) & ((1L << n) - 1);
    }

    private long position() {
        return bufferOffset + buffer.position() - bitCount / 8;
    }

    private void seek(long offset) throws IOException {
        bitCount = 0;
        bitCache = 0;
        if (offset >= bufferOffset && offset <= bufferOffset + buffer.limit()) {
            buffer.position((int) (offset - bufferOffset));
        } else {
            fill(offset);
        }
    }

    /** Refills the buffer from {@code offset}; false at the end of the file. */
    private boolean fill(long offset) throws IOException {
        buffer.clear();
        bufferOffset = offset;
        channel.position(offset);
        while (buffer.hasRemaining() && channel.read(buffer) > 0) {
            // keep reading
        }
        buffer.flip();
        return buffer.hasRemaining();
    }

    private AudioFormatException format(String problem) {
        return new AudioFormatException(path, problem);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A frame that cannot be decoded; the decoder resynchronises after it. */
    static class CorruptFrame extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptFrame(String message) {
            super(message, null, false, false);
        }
    }

    /** The file ends inside a frame (or inside the metadata). */
    static final class CorruptFrameEnd extends CorruptFrame {
        private static final long serialVersionUID = 1L;

        CorruptFrameEnd() {
            super("file ends inside the frame");
        }
    }

    private static final int[] CRC8 = new int[256];
    private static final int[] CRC16 = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c8 = i;
            for (int j = 0; j < 8; j++) {
                c8 = (c8 & 0x80) != 0 ? (c8 << 1) ^ 0x07 : c8 << 1;
            }
            CRC8[i] = c8 & 0xFF;
            int c16 = i << 8;
            for (int j = 0; j < 8; j++) {
                c16 = (c16 & 0x8000) != 0 ? (c16 << 1) ^ 0x8005 : c16 << 1;
            }
            CRC16[i] = c16 & 0xFFFF;
        }
    }
}
