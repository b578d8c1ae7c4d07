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
        super(oneLine(file + ": " + problem));
    }

    /**
     * @param file the file that failed
     * @param problem what is wrong and what was expected, one line
     * @param cause the underlying failure
     */
    public AudioFormatException(Path file, String problem, Throwable cause) {
        super(oneLine(file + ": " + problem), cause);
    }

    /**
     * Control characters as {@code \xNN}: a message quotes bytes of the file (a chunk type, a tag), and a hostile file
     * must not break the one-line error or write to the terminal (found by the Jazzer WAV and MP3 targets).
     */
    static String oneLine(String message) {
        StringBuilder sb = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                if (sb == null) {
                    sb = new StringBuilder(message.length() + 8).append(message, 0, i);
                }
                sb.append(String.format("\\x%02x", (int) c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? message : sb.toString();
    }
}
