package dev.audioml.ffmpeg;

import dev.audioml.capture.file.AudioFormatException;
import dev.audioml.capture.file.spi.AudioDecoderProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Decodes audio with FFmpeg (libavformat probes the container from the file's content, libavcodec decodes), through
 * the JavaCPP presets {@code org.bytedeco:ffmpeg}. Registered as a service: {@link
 * dev.audioml.capture.file.AudioFiles} uses it for what the built-in decoders do not read.
 *
 * <p>Immutable and thread-safe; each opened track is confined to one thread and owned by the caller.
 *
 * @since 0.1
 */
public final class FfmpegDecoderProvider implements AudioDecoderProvider {

    /** Creates the provider (the native libraries load on the first {@link #open}). */
    public FfmpegDecoderProvider() {
    }

    @Override
    public String decoderName() {
        try {
            return "FFmpeg " + FfmpegAudio.version() + " (audioml-ffmpeg)";
        } catch (LinkageError e) {
            return "FFmpeg (audioml-ffmpeg, natives not loaded)";
        }
    }

    @Override
    public DecodedAudio open(Path path, int audioTrack) throws IOException {
        try {
            return FfmpegAudio.open(path, audioTrack);
        } catch (LinkageError e) {
            // no natives for this platform on the class path: say which artifact is missing
            throw new AudioFormatException(path, "audioml-ffmpeg cannot load FFmpeg's native libraries for "
                    + System.getProperty("os.name").toLowerCase(Locale.ROOT) + "-" + System.getProperty("os.arch")
                    + " (add org.bytedeco:ffmpeg and org.bytedeco:javacpp with this platform's classifier, or "
                    + "ffmpeg-platform): " + e.getMessage(), e);
        }
    }
}
