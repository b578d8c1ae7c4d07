package dev.audioml.capture.file;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.nio.file.Path;

/**
 * Opus through Concentus ({@code io.github.jaredmdobson:concentus}, BSD-3-Clause, a Java port of libopus 1.1),
 * always at 48 kHz as ffmpeg and libopusfile decode it. Its 16-bit output scales by 1/32768; the header's output
 * gain (Q7.8 dB) is applied. Mono and stereo streams (channel mapping family 0, or family 1 with one stream).
 */
final class OpusPacketDecoder implements PacketDecoder {
    static final int RATE_HZ = 48_000;
    /** 120 ms at 48 kHz, the longest Opus packet. */
    private static final int MAX_FRAMES = 5760;

    private final OpusDecoder decoder;
    private final int channels;
    private final float scale;
    private final short[] pcm;

    private OpusPacketDecoder(OpusDecoder decoder, int channels, double gainDb) {
        this.decoder = decoder;
        this.channels = channels;
        this.scale = (float) (Math.pow(10, gainDb / 20) / 32768);
        this.pcm = new short[MAX_FRAMES * channels];
    }

    /** The fields of an OpusHead (RFC 7845 section 5.1) that decoding needs. */
    record Head(int channels, int preSkip, double gainDb) {
        /** Reads an OpusHead packet ("OpusHead", version, channels, pre-skip, rate, gain, mapping family). */
        static Head parse(Path path, byte[] b, int off, int length) throws AudioFormatException {
            if (length < 19 || !new String(b, off, 8, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .equals("OpusHead")) {
                throw new AudioFormatException(path, "invalid Opus header: expected an OpusHead of at least 19 "
                        + "bytes");
            }
            int version = b[off + 8] & 0xFF;
            if (version >> 4 != 0) {
                throw new AudioFormatException(path, "unsupported OpusHead version " + version);
            }
            int channels = b[off + 9] & 0xFF;
            int preSkip = (b[off + 10] & 0xFF) | (b[off + 11] & 0xFF) << 8;
            short gain = (short) ((b[off + 16] & 0xFF) | (b[off + 17] & 0xFF) << 8);
            int family = b[off + 18] & 0xFF;
            if (channels < 1 || channels > 2) {
                throw new UnsupportedCodecException(path, "Opus stream with " + channels + " channels (mapping "
                        + "family " + family + ") is not supported by the built-in decoder (mono and stereo are)");
            }
            if (family != 0 && !(family == 1 && length >= 21 + channels && (b[off + 19] & 0xFF) == 1)) {
                throw new UnsupportedCodecException(path, "Opus channel mapping family " + family + " with "
                        + "several streams is not supported by the built-in decoder");
            }
            return new Head(channels, preSkip, gain / 256.0);
        }
    }

    static OpusPacketDecoder create(Path path, Head head) throws AudioFormatException {
        try {
            return new OpusPacketDecoder(new OpusDecoder(RATE_HZ, head.channels()), head.channels(), head.gainDb());
        } catch (OpusException e) {
            throw new AudioFormatException(path, "cannot set up the Opus decoder: " + e.getMessage(), e);
        }
    }

    @Override
    public int sampleRateHz() {
        return RATE_HZ;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int maxFramesPerPacket() {
        return MAX_FRAMES;
    }

    @Override
    public int decode(byte[] data, int length, float[] out) {
        if (length < 1) {
            // Concentus would conceal a lost packet (invent audio); an empty packet in a file is corrupt.
            throw new IllegalArgumentException("empty packet");
        }
        int n;
        try {
            n = decoder.decode(data, 0, length, pcm, 0, MAX_FRAMES, false);
        } catch (OpusException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (n < 0 || n > MAX_FRAMES) {
            throw new IllegalStateException("decoder returned " + n + " frames");
        }
        for (int i = 0; i < n * channels; i++) {
            out[i] = pcm[i] * scale;
        }
        return n;
    }
}
