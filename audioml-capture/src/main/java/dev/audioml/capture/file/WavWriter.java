package dev.audioml.capture.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a RIFF/WAVE file of 16-bit PCM or 32-bit IEEE float samples, mono or interleaved multi-channel, streaming
 * to disk; {@link #close()} fills in the chunk sizes. 16-bit output scales by 32768, rounds to nearest and clips to
 * [-32768, 32767], so {@code AudioFiles} reads a written {@code k / 32768} back exactly.
 *
 * <p>Not thread-safe: confine to one thread.
 *
 * @since 0.1
 */
public final class WavWriter implements AutoCloseable {

    /** How samples are stored. */
    public enum SampleFormat {
        /** 16-bit signed little-endian PCM (format tag 1). */
        PCM_16(2, WavParser.FORMAT_PCM),
        /** 32-bit IEEE float (format tag 3), samples stored as given. */
        FLOAT_32(4, WavParser.FORMAT_IEEE_FLOAT);

        final int bytesPerSample;
        final int formatTag;

        SampleFormat(int bytesPerSample, int formatTag) {
            this.bytesPerSample = bytesPerSample;
            this.formatTag = formatTag;
        }
    }

    private static final long MAX_DATA_BYTES = 0xFFFFFFFFL - 64;
    private static final int BUFFER_BYTES = 1 << 16;

    private final Path path;
    private final FileChannel channel;
    private final SampleFormat format;
    private final int channels;
    private final int headerBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final AtomicBoolean closed = new AtomicBoolean();
    private long samplesWritten;

    private WavWriter(Path path, int sampleRateHz, int channels, SampleFormat format) throws IOException {
        if (sampleRateHz < 1) {
            throw new IllegalArgumentException("sampleRateHz must be >= 1, got " + sampleRateHz);
        }
        if (channels < 1 || channels > 0xFFFF) {
            throw new IllegalArgumentException("channels must be in [1, 65535], got " + channels);
        }
        this.path = path;
        this.format = Objects.requireNonNull(format, "format");
        this.channels = channels;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        boolean isFloat = format == SampleFormat.FLOAT_32;
        ByteBuffer h = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        h.put(ascii("RIFF")).putInt(0).put(ascii("WAVE"));
        h.put(ascii("fmt ")).putInt(isFloat ? 18 : 16);
        h.putShort((short) format.formatTag).putShort((short) channels).putInt(sampleRateHz);
        h.putInt(sampleRateHz * channels * format.bytesPerSample);
        h.putShort((short) (channels * format.bytesPerSample)).putShort((short) (8 * format.bytesPerSample));
        if (isFloat) {
            h.putShort((short) 0);
            h.put(ascii("fact")).putInt(4).putInt(0);
        }
        h.put(ascii("data")).putInt(0);
        h.flip();
        this.headerBytes = h.remaining();
        try {
            channel.write(h);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Creates (or truncates) {@code path} and writes the header.
     *
     * @param path output file
     * @param sampleRateHz sample rate in Hz, at least 1
     * @param channels interleaved channels, 1 to 65535
     * @param format sample storage
     * @return an open writer; the caller closes it
     * @throws IOException when the file cannot be created
     */
    public static WavWriter create(Path path, int sampleRateHz, int channels, SampleFormat format)
            throws IOException {
        return new WavWriter(path, sampleRateHz, channels, format);
    }

    /**
     * Appends interleaved samples.
     *
     * @param samples interleaved samples, nominally in [-1, 1]; not kept
     * @param offset index of the first sample
     * @param length number of samples, a multiple of the channel count
     * @throws IOException when the disk write fails or the file would exceed the 4 GiB RIFF limit
     */
    public void write(float[] samples, int offset, int length) throws IOException {
        if (closed.get()) {
            throw new IllegalStateException("WavWriter is closed: " + path);
        }
        Objects.checkFromIndexSize(offset, length, samples.length);
        if (length % channels != 0) {
            throw new IllegalArgumentException("length must be a multiple of channels (" + channels + "), got "
                    + length);
        }
        if ((samplesWritten + length) * format.bytesPerSample > MAX_DATA_BYTES) {
            throw new IOException(path + ": WAV data would exceed the 4 GiB RIFF limit");
        }
        for (int i = 0; i < length; i++) {
            if (buffer.remaining() < format.bytesPerSample) {
                flush();
            }
            float x = samples[offset + i];
            if (format == SampleFormat.PCM_16) {
                long q = Math.round(x * 32768.0);
                buffer.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, q)));
            } else {
                buffer.putFloat(x);
            }
        }
        samplesWritten += length;
    }

    /** @return the number of frames (samples per channel) written so far */
    public long framesWritten() {
        return samplesWritten / channels;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /** Flushes, writes the final chunk sizes and closes the file. Idempotent. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try (FileChannel ch = channel) {
            flush();
            long dataBytes = samplesWritten * format.bytesPerSample;
            if ((dataBytes & 1) != 0) {
                ch.write(ByteBuffer.wrap(new byte[1]), headerBytes + dataBytes);
            }
            long riffSize = headerBytes - 8 + dataBytes + (dataBytes & 1);
            ch.write(u32(riffSize), 4);
            ch.write(u32(dataBytes), headerBytes - 4);
            if (format == SampleFormat.FLOAT_32) {
                ch.write(u32(framesWritten()), headerBytes - 12);
            }
        }
    }

    private static ByteBuffer u32(long value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value);
        b.flip();
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
