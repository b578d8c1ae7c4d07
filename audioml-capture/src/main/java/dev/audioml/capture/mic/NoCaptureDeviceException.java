package dev.audioml.capture.mic;

import java.io.IOException;

/**
 * No audio capture device is available (none is connected, or Java Sound lists none, as on headless CI machines).
 *
 * @since 0.1
 */
public class NoCaptureDeviceException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message one line saying what was looked for */
    public NoCaptureDeviceException(String message) {
        super(message);
    }
}
