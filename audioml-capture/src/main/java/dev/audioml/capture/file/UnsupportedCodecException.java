package dev.audioml.capture.file;

import java.nio.file.Path;

/**
 * A well-formed file whose format or codec the built-in decoders do not read (ALAC, AMR, Vorbis in Matroska, ...):
 * {@link AudioFiles} then asks the decoder providers on the class path (audioml-ffmpeg) before reporting it.
 */
final class UnsupportedCodecException extends AudioFormatException {
    private static final long serialVersionUID = 1L;
    static final String FFMPEG_HINT = "; put audioml-ffmpeg on the class path to read it";

    /** A codec or container variant without a built-in decoder: the message ends with the audioml-ffmpeg hint. */
    UnsupportedCodecException(Path file, String problem) {
        this(file, problem, true);
    }

    UnsupportedCodecException(Path file, String problem, boolean hint) {
        super(file, hint ? problem + FFMPEG_HINT : problem);
    }

    UnsupportedCodecException(Path file, String problem, Throwable cause) {
        super(file, problem + FFMPEG_HINT, cause);
    }
}
