package dev.audioml.capture.mic;

import java.util.List;

/**
 * An audio input device (a Java Sound mixer with a capture line) and the formats it declares.
 *
 * <p>Immutable and thread-safe.
 *
 * @param index position in {@link CaptureDevices#list()}, from 0
 * @param name the mixer's name
 * @param description the mixer's description
 * @param formats formats its capture lines declare (copied)
 * @since 0.1
 */
public record CaptureDevice(int index, String name, String description, List<CaptureFormat> formats) {

    /** Copies the format list. */
    public CaptureDevice {
        formats = List.copyOf(formats);
    }
}
