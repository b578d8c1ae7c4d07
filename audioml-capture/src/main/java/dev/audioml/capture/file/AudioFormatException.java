package dev.audioml.capture.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An audio file that cannot be decoded: unrecognised or unsupported format, a malformed or truncated header, or
 * samples that are not finite. The message is one line: {@code <file>: <problem>}.
 *
 * @since 0.1
 */
public class AudioFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file that failed
     * @param problem what is wrong and what was expected, one line
     */
    public AudioFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /**
     * @param file the file that failed
     * @param problem what is wrong and what was expected, one line
     * @param cause the underlying failure
     */
    public AudioFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
