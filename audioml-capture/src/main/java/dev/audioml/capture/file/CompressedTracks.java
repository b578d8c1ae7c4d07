package dev.audioml.capture.file;

import java.io.IOException;
import java.nio.file.Path;

/** Pairs a compressed file's container reader with its codec's decoder (the pure-Java ones). */
final class CompressedTracks {
    /** {@link AudioFileInfo#decoder()} of AAC files. */
    static final String JAAD = "JAAD (javasound-aac)";
    /** {@link AudioFileInfo#decoder()} of Opus files. */
    static final String CONCENTUS = "Concentus";

    private CompressedTracks() {
    }

    static DecodingSource open(Path path, AudioFiles.Container container, ChannelMode mode, int audioTrack)
            throws IOException {
        switch (container) {
            case OGG_OPUS: {
                OggOpusReader reader = OggOpusReader.open(path);
                OpusPacketDecoder decoder = closingOnFailure(reader, () -> OpusPacketDecoder.create(path,
                        reader.head()));
                return PacketFileSource.open(path, "ogg", "opus", CONCENTUS, reader, decoder,
                        reader.head().preSkip(), mode);
            }
            case ADTS: {
                DecodingSource better = ffmpegForAac(path, mode, audioTrack);
                if (better != null) {
                    return better;
                }
                AdtsReader reader = AdtsReader.open(path);
                AacPacketDecoder decoder = closingOnFailure(reader, () -> AacPacketDecoder.create(path,
                        reader.audioSpecificConfig()));
                return PacketFileSource.open(path, "adts", "aac", JAAD, reader, decoder, 0, mode);
            }
            case MP4:
                return openMp4(path, mode, audioTrack);
            case MATROSKA:
                return openMatroska(path, mode, audioTrack);
            default:
                throw new AssertionError(container);
        }
    }

    private static DecodingSource openMp4(Path path, ChannelMode mode, int audioTrack) throws IOException {
        Mp4Reader reader = Mp4Reader.open(path, audioTrack);
        Mp4Reader.Track t = reader.track();
        PacketDecoder decoder = closingOnFailure(reader, () -> {
            if ("mp4a".equals(t.codec)) {
                if (t.objectType == 0x69 || t.objectType == 0x6B) {
                    throw new UnsupportedCodecException(path, "MP3 audio in an MP4 container is not supported by "
                            + "the built-in decoders");
                }
                if (t.decoderConfig == null || t.objectType != 0x40 && (t.objectType < 0x66 || t.objectType > 0x68)) {
                    throw new UnsupportedCodecException(path, "MP4 'mp4a' track with object type 0x"
                            + Integer.toHexString(t.objectType) + (t.decoderConfig == null ? " and no decoder "
                            + "configuration" : "") + " is not AAC");
                }
                return AacPacketDecoder.create(path, t.decoderConfig);
            }
            if ("Opus".equals(t.codec) && t.opusHead != null) {
                return OpusPacketDecoder.create(path, t.opusHead);
            }
            throw new UnsupportedCodecException(path, "MP4 audio track codec '" + Mp4Reader.printable(t.codec)
                    + "'" + codecName(t.codec) + " is not supported by the built-in decoders (AAC, Opus)");
        });
        int rate = decoder.sampleRateHz();
        long skip = t.mediaTimescale > 0 ? scale(t.editMediaTime, rate, t.mediaTimescale)
                : t.opusHead != null ? t.opusHead.preSkip() : 0;
        if (t.editDuration >= 0 && t.movieTimescale > 0) {
            reader.endFrame(scale(t.editDuration, rate, t.movieTimescale));
        }
        String encoding = decoder instanceof OpusPacketDecoder ? "opus" : "aac";
        if (encoding.equals("aac")) {
            DecodingSource better = ffmpegForAac(path, mode, audioTrack);
            if (better != null) {
                reader.close();
                return better;
            }
        }
        return PacketFileSource.open(path, "mp4", encoding, encoding.equals("aac") ? JAAD : CONCENTUS, reader,
                decoder, skip, mode);
    }

    private static DecodingSource openMatroska(Path path, ChannelMode mode, int audioTrack) throws IOException {
        MatroskaReader reader = MatroskaReader.open(path, audioTrack);
        MatroskaReader.Track t = reader.track();
        PacketDecoder decoder = closingOnFailure(reader, () -> {
            if ("A_OPUS".equals(t.codecId)) {
                return OpusPacketDecoder.create(path, OpusPacketDecoder.Head.parse(path, t.codecPrivate, 0,
                        t.codecPrivate.length));
            }
            if (t.codecId.startsWith("A_AAC") && t.codecPrivate.length >= 2) {
                return AacPacketDecoder.create(path, t.codecPrivate);
            }
            throw new UnsupportedCodecException(path, "Matroska/WebM audio codec '"
                    + Mp4Reader.printable(t.codecId) + "' is not supported by the built-in decoders (AAC, Opus)");
        });
        long skip;
        if (decoder instanceof OpusPacketDecoder) {
            // ffmpeg's matroska demuxer passes CodecDelay as the decoder's initial padding; muxers write the
            // OpusHead pre-skip there
            skip = t.codecDelayNanos > 0 ? scale(t.codecDelayNanos, OpusPacketDecoder.RATE_HZ, 1_000_000_000L)
                    : OpusPacketDecoder.Head.parse(path, t.codecPrivate, 0, t.codecPrivate.length).preSkip();
        } else {
            skip = scale(t.codecDelayNanos, decoder.sampleRateHz(), 1_000_000_000L);
        }
        String encoding = decoder instanceof OpusPacketDecoder ? "opus" : "aac";
        if (encoding.equals("aac")) {
            DecodingSource better = ffmpegForAac(path, mode, audioTrack);
            if (better != null) {
                reader.close();
                return better;
            }
        }
        return PacketFileSource.open(path, "matroska", encoding, encoding.equals("aac") ? JAAD : CONCENTUS,
                reader, decoder, skip, mode);
    }

    /**
     * AAC goes to a decoder provider (audioml-ffmpeg) when one is on the class path: JAAD does not apply temporal
     * noise shaping and rejects the largest spectral values (8191) that loud passages can hold, both of which FFmpeg
     * decodes. Without a provider JAAD reads the file (null here).
     */
    private static DecodingSource ffmpegForAac(Path path, ChannelMode mode, int audioTrack) throws IOException {
        return ProvidedFileSource.providers().isEmpty() ? null : ProvidedFileSource.open(path, mode, audioTrack);
    }

    private static String codecName(String fourcc) {
        switch (fourcc) {
            case "alac":
                return " (Apple Lossless)";
            case "samr":
            case "sawb":
                return " (AMR)";
            case "ac-3":
            case "ec-3":
                return " (Dolby Digital)";
            case "sowt":
            case "twos":
            case "lpcm":
            case "in24":
            case "fl32":
                return " (PCM)";
            default:
                return "";
        }
    }

    /** {@code value * rate / timescale}, rounded, saturating instead of overflowing. */
    static long scale(long value, long rate, long timescale) {
        if (value <= 0 || timescale <= 0) {
            return 0;
        }
        double v = (double) value * rate / timescale;
        return v >= Long.MAX_VALUE / 2.0 ? Long.MAX_VALUE / 2 : Math.round(v);
    }

    private interface Setup<T> {
        T get() throws IOException;
    }

    private static <T> T closingOnFailure(java.io.Closeable reader, Setup<T> setup) throws IOException {
        try {
            return setup.get();
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }
}
