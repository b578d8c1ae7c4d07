package dev.audioml.capture.file.spi;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A decoder for files the built-in pure-Java decoders do not read, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.audioml.capture.file.spi.AudioDecoderProvider}); {@code audioml-ffmpeg} provides
 * one. {@link dev.audioml.capture.file.AudioFiles} asks the providers, in class-path order, only when a file's bytes
 * match no built-in format or its codec has no built-in decoder.
 *
 * <p>Implementations are thread-safe (stateless); each returned stream is confined to one thread and owned by the
 * caller, who closes it.
 *
 * @since 0.1
 */
public interface AudioDecoderProvider {

    /** @return the decoder and its version, for {@code AudioFileInfo#decoder()}, e.g. {@code "FFmpeg 7.1.1"} */
    String decoderName();

    /**
     * Opens one audio track of {@code path}, recognising the format from the file's content.
     *
     * @param path the file
     * @param audioTrack index among the file's audio tracks, from 0
     * @return the decoded track, or null when this provider does not read the file
     * @throws dev.audioml.capture.file.AudioFormatException when it reads the format but the file is malformed or
     *     has no such track (one line naming the file and the cause)
     * @throws IOException when the file cannot be read
     */
    DecodedAudio open(Path path, int audioTrack) throws IOException;

    /**
     * A decoded audio track: interleaved float frames in [-1, 1] at the track's own rate.
     *
     * <p>Not thread-safe: confine to one thread.
     */
    interface DecodedAudio extends AutoCloseable {
        /** @return the container, e.g. {@code "mov,mp4,m4a,3gp,3g2,mj2"} as the provider names it */
        String container();

        /** @return the codec, e.g. {@code "alac"} */
        String encoding();

        /** @return sample rate in Hz, at least 1 */
        int sampleRateHz();

        /** @return interleaved channels per frame, at least 1 */
        int channels();

        /** @return frames in the track when the container says so, else -1 */
        long frames();

        /**
         * Decodes up to {@code maxFrames} interleaved frames into {@code dst}.
         *
         * @return frames written (at least 1), or -1 at the end of the track
         * @throws dev.audioml.capture.file.AudioFormatException on data the provider cannot go on from
         * @throws IOException when the file cannot be read
         */
        int read(float[] dst, int maxFrames) throws IOException;

        /**
         * @return problems met since the last call that did not stop decoding (a corrupt packet skipped), one line
         *     each without the file name; the caller records and clears them
         */
        java.util.List<String> drainWarnings();

        @Override
        void close() throws IOException;
    }
}
