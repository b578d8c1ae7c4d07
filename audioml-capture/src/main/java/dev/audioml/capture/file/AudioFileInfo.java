package dev.audioml.capture.file;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What an audio file holds, read from its header.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path the file
 * @param container the detected container: {@code wav}, {@code aiff}, {@code aifc}, {@code au}, {@code flac},
 *     {@code ogg}, {@code mp3}, {@code mp4} (also M4A, MOV, 3GP) or {@code matroska} (also WebM)
 * @param encoding the sample encoding, e.g. {@code pcm_s16le}, {@code pcm_f32be}, {@code pcm_mulaw},
 *     {@code flac_s24}, {@code vorbis}, {@code mp3}, {@code aac}, {@code opus}
 * @param decoder which decoder read the file, with its library, e.g. {@code "audioml PCM"}, {@code "JOrbis"},
 *     {@code "JAAD (javasound-aac)"}, {@code "Concentus"}, {@code "FFmpeg 7.1 (audioml-ffmpeg)"}
 * @param sampleRateHz sample rate in Hz, at least 1
 * @param channels number of interleaved channels in the file, at least 1
 * @param frames number of sample frames (samples per channel), or {@link #UNKNOWN_FRAMES} when the header does not
 *     say (MP3, Ogg); {@link AudioFiles#info} always counts them
 * @since 0.1
 */
public record AudioFileInfo(Path path, String container, String encoding, String decoder, int sampleRateHz,
                            int channels, long frames) {

    /** Value of {@link #frames()} when the header does not give the length. */
    public static final long UNKNOWN_FRAMES = -1;

    /** Validates the fields. */
    public AudioFileInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(decoder, "decoder");
        if (sampleRateHz < 1) {
            throw new IllegalArgumentException("sampleRateHz must be >= 1, got " + sampleRateHz);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        }
        if (frames < UNKNOWN_FRAMES) {
            throw new IllegalArgumentException("frames must be >= 0 (or -1 when unknown), got " + frames);
        }
    }

    /** @return true when {@link #frames()} is known */
    public boolean hasFrames() {
        return frames != UNKNOWN_FRAMES;
    }

    /** @return the duration in seconds, or NaN when the frame count is unknown */
    public double durationSeconds() {
        return hasFrames() ? (double) frames / sampleRateHz : Double.NaN;
    }

    /**
     * @param knownFrames the counted number of frames
     * @return a copy with {@link #frames()} set
     */
    public AudioFileInfo withFrames(long knownFrames) {
        return new AudioFileInfo(path, container, encoding, decoder, sampleRateHz, channels, knownFrames);
    }
}
