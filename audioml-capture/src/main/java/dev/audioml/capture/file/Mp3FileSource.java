package dev.audioml.capture.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;

/**
 * Streams MPEG-1/2/2.5 audio layers I-III (MP3) through JLayer ({@code com.googlecode.soundlibs:jlayer}), one MPEG
 * frame (at most 1152 samples per channel) at a time. An ID3v2 tag is skipped. The decoder's 16-bit output scales
 * by 1/32768. The length is unknown until decoded ({@link AudioFiles#info} counts it); the decoder's delay is not
 * removed (see docs/capture.md).
 */
final class Mp3FileSource extends DecodingSource {
    private static final int STREAM_BUFFER_BYTES = 1 << 16;
    private static final double S16_SCALE = 1.0 / 32768;
    private static final int ID3_HEADER_BYTES = 10;

    private final InputStream in;
    private final Bitstream bitstream;
    private final Decoder decoder;
    private SampleBuffer pending;
    private int pendingPosition;
    private long framesDecoded;

    private Mp3FileSource(AudioFileInfo info, ChannelMode mode, InputStream in, Bitstream bitstream,
                          Decoder decoder, SampleBuffer first) {
        super(info, mode);
        this.in = in;
        this.bitstream = bitstream;
        this.decoder = decoder;
        this.pending = first;
    }

    static Mp3FileSource open(Path path, ChannelMode mode) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), STREAM_BUFFER_BYTES);
        try {
            skipId3v2Tags(path, in, Files.size(path));
            Bitstream bitstream = new Bitstream(in);
            Decoder decoder = new Decoder();
            SampleBuffer first;
            try {
                first = nextFrame(bitstream, decoder);
            } catch (JavaLayerException | RuntimeException e) {
                throw new AudioFormatException(path, "invalid MPEG audio: " + decoderFailure(e), e);
            }
            if (first == null) {
                throw new AudioFormatException(path, "no MPEG audio frame found; expected MP3 data");
            }
            AudioFileInfo info = new AudioFileInfo(path, "mp3", "mp3", "JLayer", first.getSampleFrequency(),
                    first.getChannelCount(), AudioFileInfo.UNKNOWN_FRAMES);
            return new Mp3FileSource(info, mode, in, bitstream, decoder, first);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Skips the ID3v2 tags at the start of the stream without reading them into memory, after checking each tag's
     * declared size against the file size. JLayer would allocate whatever the 28-bit size says (up to 256 MiB).
     */
    static void skipId3v2Tags(Path path, InputStream in, long fileBytes) throws IOException {
        long position = 0;
        byte[] h = new byte[ID3_HEADER_BYTES];
        while (true) {
            in.mark(ID3_HEADER_BYTES);
            int n = in.readNBytes(h, 0, ID3_HEADER_BYTES);
            if (n < ID3_HEADER_BYTES || h[0] != 'I' || h[1] != 'D' || h[2] != '3') {
                in.reset();
                return;
            }
            long size = 0;
            for (int i = 6; i < 10; i++) {
                if ((h[i] & 0x80) != 0) {
                    throw new AudioFormatException(path, "invalid ID3v2 tag at byte " + position
                            + ": size is not a syncsafe integer");
                }
                size = size << 7 | h[i];
            }
            long total = ID3_HEADER_BYTES + size + ((h[5] & 0x10) != 0 ? ID3_HEADER_BYTES : 0);
            if (total > fileBytes - position) {
                throw new AudioFormatException(path, "truncated header: ID3v2 tag at byte " + position
                        + " declares " + total + " bytes, file has " + fileBytes + " bytes");
            }
            in.skipNBytes(total - ID3_HEADER_BYTES);
            position += total;
        }
    }

    /** Decodes the next frame; null at the end of the stream. The returned buffer is the decoder's, reused. */
    private static SampleBuffer nextFrame(Bitstream bitstream, Decoder decoder) throws JavaLayerException {
        Header header = bitstream.readFrame();
        if (header == null) {
            return null;
        }
        try {
            return (SampleBuffer) decoder.decodeFrame(header, bitstream);
        } finally {
            bitstream.closeFrame();
        }
    }

    @Override
    protected int decode(float[] dst, int maxFrames) throws IOException {
        int channels = info().channels();
        if (pending == null || pendingPosition == pending.getBufferLength() / channels) {
            try {
                pending = nextFrame(bitstream, decoder);
            } catch (JavaLayerException | RuntimeException e) {
                warn("truncated or corrupt MPEG data after " + framesDecoded + " frames ("
                        + decoderFailure(e) + "); stopped there");
                pending = null;
            }
            pendingPosition = 0;
            if (pending == null) {
                return -1;
            }
            if (pending.getChannelCount() != channels || pending.getSampleFrequency() != sampleRateHz()) {
                warn("stream changes to " + pending.getChannelCount() + " channels at " + pending.getSampleFrequency()
                        + " Hz after " + framesDecoded + " frames; stopped there");
                pending = null;
                return -1;
            }
        }
        short[] samples = pending.getBuffer();
        int n = Math.min(maxFrames, pending.getBufferLength() / channels - pendingPosition);
        int from = pendingPosition * channels;
        for (int i = 0; i < n * channels; i++) {
            dst[i] = (float) (samples[from + i] * S16_SCALE);
        }
        pendingPosition += n;
        framesDecoded += n;
        return n;
    }

    @Override
    protected void closeDecoder() throws IOException {
        try {
            bitstream.close();
        } catch (JavaLayerException e) {
            throw new IOException(info().path() + ": " + e.getMessage(), e);
        } finally {
            in.close();
        }
    }
}
