package dev.audioml.capture.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens audio files as streaming mono {@link dev.audioml.core.Source}s. The container is detected from the file's
 * first bytes, never from its extension: WAV, AIFF/AIFF-C, Sun AU, FLAC, Ogg Vorbis, Ogg Opus, MP3, AAC in
 * MP4/M4A/MOV/3GP or ADTS, and AAC or Opus in Matroska/WebM, the audio track of video files included (see
 * {@code docs/capture.md} for the encodings each supports and the decoder that reads it).
 *
 * <p>Thread-safe (stateless); each returned source is confined to one thread and owned by the caller, who closes it.
 *
 * @since 0.1
 */
public final class AudioFiles {
    private static final int MAGIC_BYTES = 16;

    private AudioFiles() {
    }

    /**
     * Opens {@code path} and mixes its channels to mono (mean of channels).
     *
     * @param path the audio file
     * @return a source positioned at the first sample; the caller closes it
     * @throws AudioFormatException when the file is not a supported, well-formed audio file
     * @throws IOException when the file cannot be read
     */
    public static AudioFileSource open(Path path) throws IOException {
        return open(path, ChannelMode.MIX);
    }

    /**
     * Opens {@code path}, turning its channels to mono as {@code mode} says.
     *
     * @param path the audio file
     * @param mode mean of channels, or one channel (which must exist in the file)
     * @return a source positioned at the first sample; the caller closes it
     * @throws AudioFormatException when the file is not a supported, well-formed audio file
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when {@code mode} selects a channel the file does not have
     */
    public static AudioFileSource open(Path path, ChannelMode mode) throws IOException {
        return open(path, mode, CorruptionPolicy.WARN_AND_SKIP);
    }

    /**
     * Opens {@code path}, turning its channels to mono as {@code mode} says and treating corrupt data (a FLAC frame
     * or Ogg page failing its checksum, a truncated stream) as {@code policy} says.
     *
     * @param path the audio file
     * @param mode mean of channels, or one channel (which must exist in the file)
     * @param policy skip corrupt data with a warning, or fail at the first
     * @return a source positioned at the first sample; the caller closes it
     * @throws AudioFormatException when the file is not a supported, well-formed audio file
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when {@code mode} selects a channel the file does not have
     * @since 0.1
     */
    public static AudioFileSource open(Path path, ChannelMode mode, CorruptionPolicy policy) throws IOException {
        return open(path, mode, policy, 0);
    }

    /**
     * Opens one audio track of {@code path}: files with several audio tracks (MP4/MOV, Matroska/WebM video) are
     * read from track {@code audioTrack}, counting audio tracks only from 0; other files have one, track 0.
     *
     * @param path the audio or video file
     * @param mode mean of channels, or one channel (which must exist in the track)
     * @param policy skip corrupt data with a warning, or fail at the first
     * @param audioTrack index among the file's audio tracks, from 0
     * @return a source positioned at the first sample; the caller closes it
     * @throws AudioFormatException when the file is not a supported, well-formed audio file, or has no such track
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when {@code mode} selects a channel the track does not have, or
     *     {@code audioTrack} is negative
     * @since 0.1
     */
    public static AudioFileSource open(Path path, ChannelMode mode, CorruptionPolicy policy, int audioTrack)
            throws IOException {
        if (audioTrack < 0) {
            throw new IllegalArgumentException("audioTrack must be >= 0, got " + audioTrack);
        }
        DecodingSource source = openDecoding(path, mode, audioTrack);
        source.policy(policy);
        return source;
    }

    private static DecodingSource openDecoding(Path path, ChannelMode mode, int audioTrack) throws IOException {
        requireFile(path);
        try {
            return openBuiltIn(path, mode, audioTrack);
        } catch (UnsupportedCodecException e) {
            // not a format or codec we decode: a decoder provider on the class path (audioml-ffmpeg) may
            DecodingSource provided = ProvidedFileSource.open(path, mode, audioTrack);
            if (provided == null) {
                throw e;
            }
            return provided;
        }
    }

    private static DecodingSource openBuiltIn(Path path, ChannelMode mode, int audioTrack) throws IOException {
        Container container;
        try (FileInput in = new FileInput(path)) {
            container = detect(in);
            if (audioTrack > 0 && container != Container.MP4 && container != Container.MATROSKA) {
                throw in.format("audio track " + audioTrack + " requested but a " + container.name().toLowerCase(
                        java.util.Locale.ROOT).replace('_', ' ') + " file has one audio track (track 0)");
            }
            switch (container) {
                case PCM_WAV:
                    return new PcmFileSource(path, WavParser.parse(in), mode);
                case PCM_AIFF:
                    return new PcmFileSource(path, AiffParser.parse(in), mode);
                case PCM_AU:
                    return new PcmFileSource(path, AuParser.parse(in), mode);
                case FLAC:
                    return FlacFileSource.open(path, mode);
                case OGG:
                    return VorbisFileSource.open(path, mode);
                case MP3:
                    return Mp3FileSource.open(path, mode);
                default:
                    break;
            }
        }
        return CompressedTracks.open(path, container, mode, audioTrack);
    }

    /**
     * Reads a file's header and, when the header does not give the length (MP3, Ogg), counts the frames by decoding
     * the file once in bounded memory.
     *
     * @param path the audio file
     * @return the file's description with {@link AudioFileInfo#frames()} known
     * @throws AudioFormatException when the file is not a supported, well-formed audio file
     * @throws IOException when the file cannot be read
     */
    public static AudioFileInfo info(Path path) throws IOException {
        return info(path, 0);
    }

    /**
     * {@link #info(Path)} of one audio track of a file (see {@link #open(Path, ChannelMode, CorruptionPolicy, int)}).
     *
     * @param path the audio or video file
     * @param audioTrack index among the file's audio tracks, from 0
     * @return the track's description with {@link AudioFileInfo#frames()} known
     * @throws AudioFormatException when the file is not a supported, well-formed audio file, or has no such track
     * @throws IOException when the file cannot be read
     * @since 0.1
     */
    public static AudioFileInfo info(Path path, int audioTrack) throws IOException {
        try (AudioFileSource source = open(path, ChannelMode.channel(0), CorruptionPolicy.WARN_AND_SKIP, audioTrack)) {
            AudioFileInfo info = source.info();
            if (info.hasFrames()) {
                return info;
            }
            float[] scratch = new float[1 << 14];
            long frames = 0;
            for (int n; (n = source.read(scratch, 0, scratch.length)) > 0; ) {
                frames += n;
            }
            return info.withFrames(frames);
        }
    }

    private static void requireFile(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new AudioFormatException(path, "not a regular file");
        }
    }

    /** An MPEG audio frame header: 11 sync bits, and no reserved version, layer, bitrate or sample rate. */
    private static boolean isMpegAudioFrameHeader(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xE0) != 0xE0) {
            return false;
        }
        int version = (b[1] >> 3) & 0x3;
        int layer = (b[1] >> 1) & 0x3;
        int bitrateIndex = (b[2] >> 4) & 0xF;
        int rateIndex = (b[2] >> 2) & 0x3;
        return version != 1 && layer != 0 && bitrateIndex != 0xF && rateIndex != 3;
    }

    /** Containers told apart by their first bytes. */
    enum Container {
        PCM_WAV, PCM_AIFF, PCM_AU, FLAC, OGG, OGG_OPUS, MP3, MP4, MATROSKA, ADTS
    }

    static Container detect(FileInput in) throws IOException {
        if (in.sizeBytes == 0) {
            throw in.format("empty file (0 bytes); expected an audio file");
        }
        byte[] b = in.peek(MAGIC_BYTES);
        String head = b.length >= 4 ? FileInput.fourcc(b, 0) : "";
        String type = b.length >= 12 ? FileInput.fourcc(b, 8) : "";
        switch (head) {
            case "RIFF":
                if ("WAVE".equals(type)) {
                    return Container.PCM_WAV;
                }
                throw in.format("RIFF file of type '" + type + "' is not WAVE audio");
            case "RIFX":
            case "RF64":
                throw in.format(head + " WAV variant is not supported; expected little-endian RIFF/WAVE");
            case "FORM":
                if ("AIFF".equals(type) || "AIFC".equals(type)) {
                    return Container.PCM_AIFF;
                }
                throw in.format("IFF file of type '" + type + "' is not AIFF audio");
            case ".snd":
                return Container.PCM_AU;
            case "fLaC":
                return Container.FLAC;
            case "OggS":
                return isOggOpus(in.peek(MAGIC_BYTES + 255 + 8)) ? Container.OGG_OPUS : Container.OGG;
            default:
                break;
        }
        if (b.length >= 4 && (b[0] & 0xFF) == 0x1A && (b[1] & 0xFF) == 0x45 && (b[2] & 0xFF) == 0xDF
                && (b[3] & 0xFF) == 0xA3) {
            return Container.MATROSKA;
        }
        if (b.length >= 8 && ISO_BOX_TYPES.contains(FileInput.fourcc(b, 4))) {
            return Container.MP4;
        }
        if (AdtsReader.isHeader(b) || b.length >= 3 && b[0] == 'I' && b[1] == 'D' && b[2] == '3'
                && AdtsReader.isHeader(afterId3(in))) {
            return Container.ADTS;
        }
        if (b.length >= 3 && b[0] == 'I' && b[1] == 'D' && b[2] == '3') {
            return Container.MP3;
        }
        if (isMpegAudioFrameHeader(b)) {
            return Container.MP3;
        }
        throw new UnsupportedCodecException(in.path, "unrecognised audio format (first bytes: "
                + FileInput.hex(Arrays.copyOf(b, Math.min(8, b.length)), 8) + "); expected WAV, AIFF, AU, FLAC, Ogg "
                + "Vorbis/Opus, MP3, AAC (MP4/M4A/MOV, ADTS) or Matroska/WebM", false);
    }

    /** Box types an ISO base media file (MP4, M4A, MOV, 3GP) starts with: the file type box, or QuickTime's. */
    private static final java.util.Set<String> ISO_BOX_TYPES = java.util.Set.of("ftyp", "moov", "mdat", "wide",
            "free", "skip", "pnot");

    /** The first Ogg page's first packet starts with "OpusHead" (RFC 7845: the page holds that packet alone). */
    static boolean isOggOpus(byte[] b) {
        if (b.length < 27) {
            return false;
        }
        int at = 27 + (b[26] & 0xFF);
        return b.length >= at + 8 && "OpusHead".equals(new String(b, at, 8,
                java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** The bytes after the ID3v2 tags at the start of the file (an ADTS stream may carry one), or none. */
    private static byte[] afterId3(FileInput in) throws IOException {
        try (java.io.InputStream s = new java.io.BufferedInputStream(Files.newInputStream(in.path))) {
            Mp3FileSource.skipId3v2Tags(in.path, s, in.sizeBytes);
            return s.readNBytes(2);
        } catch (AudioFormatException e) {
            return new byte[0];
        }
    }
}
