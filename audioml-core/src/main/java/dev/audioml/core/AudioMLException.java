package dev.audioml.core;

/**
 * Unchecked failure of a model or of the runtime (as opposed to a bad argument, which is an
 * {@link IllegalArgumentException}, or I/O, which is an {@link java.io.IOException}).
 *
 * @since 0.1
 */
public class AudioMLException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming what failed and why */
    public AudioMLException(String message) {
        super(message);
    }

    /**
     * @param message one line naming what failed and why
     * @param cause the underlying failure, always chained
     */
    public AudioMLException(String message, Throwable cause) {
        super(message, cause);
    }
}
