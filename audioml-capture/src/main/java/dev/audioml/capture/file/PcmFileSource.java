package dev.audioml.capture.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Streams the uncompressed samples of a WAV, AIFF or AU file described by a {@link PcmLayout}. */
final class PcmFileSource extends DecodingSource {
    private static final int STREAM_BUFFER_BYTES = 1 << 16;

    private final PcmLayout layout;
    private final InputStream in;
    private final byte[] raw;
    /** {@link #raw} as little-endian shorts (the same memory), and the shorts a 16-bit block is copied into. */
    private final java.nio.ShortBuffer rawShorts;
    private final short[] shorts;
    /** {@link PcmEncoding#S16_SCALE} in float (a power of two: the same products). */
    private static final float S16_SCALE = 1f / (1 << 15);
    private long framesLeft;
    private boolean layoutWarned;

    PcmFileSource(Path path, PcmLayout layout, ChannelMode mode) throws IOException {
        super(new AudioFileInfo(path, layout.container(), layout.encoding().displayName(layout.bigEndian()), "audioml PCM",
                layout.sampleRateHz(), layout.channels(), layout.frames()), mode);
        this.layout = layout;
        this.framesLeft = layout.frames();
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            channel.position(layout.dataOffset());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.in = new BufferedInputStream(Channels.newInputStream(channel), STREAM_BUFFER_BYTES);
        this.raw = new byte[Math.max(1, (1 << 14) / layout.channels()) * layout.frameBytes()];
        this.rawShorts = java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        this.shorts = layout.encoding() == PcmEncoding.S16 ? new short[raw.length / 2] : new short[0];
    }

    @Override
    protected int decode(float[] dst, int maxFrames) throws IOException {
        if (!layoutWarned) {
            layoutWarned = true; // reported at the first read, so that CorruptionPolicy.FAIL applies to it
            if (layout.warning().isPresent()) {
                warn(layout.warning().get());
            }
        }
        int frameBytes = layout.frameBytes();
        int frames = (int) Math.min(Math.min(maxFrames, framesLeft), raw.length / frameBytes);
        if (frames <= 0) {
            return -1;
        }
        int want = frames * frameBytes;
        int got = in.readNBytes(raw, 0, want);
        if (got < want) {
            warn("truncated data: file ended while reading samples");
            framesLeft = 0;
            frames = got / frameBytes;
            if (frames == 0) {
                return -1;
            }
        } else {
            framesLeft -= frames;
        }
        int bytes = layout.encoding().bytesPerSample;
        boolean bigEndian = layout.bigEndian();
        int samples = frames * layout.channels();
        PcmEncoding encoding = layout.encoding();
        if (encoding == PcmEncoding.S16 && !bigEndian) {
            // the common WAV: a bulk little-endian copy to shorts, then one float product per sample (a loop the JIT
            // vectorizes); s * 2^-15 is exact in float as in double, so the values are decode's bit for bit
            rawShorts.get(0, shorts, 0, samples);
            for (int i = 0; i < samples; i++) {
                dst[i] = shorts[i] * S16_SCALE;
            }
            return frames;
        }
        for (int i = 0; i < samples; i++) {
            dst[i] = encoding.decode(raw, i * bytes, bigEndian);
        }
        return frames;
    }

    @Override
    protected boolean finiteByConstruction() {
        return !layout.encoding().isFloat();
    }

    @Override
    protected void closeDecoder() throws IOException {
        in.close();
    }
}
