package dev.audioml.core;

import java.util.Objects;

/**
 * A detected occurrence of a label: when it started, when it ended and its peak score.
 *
 * <p>Immutable and thread-safe.
 *
 * @param label the detected label
 * @param startSample first sample of the event, at {@code sampleRateHz}
 * @param endSample one past the last sample of the event
 * @param sampleRateHz the rate the sample indices count at, in Hz
 * @param peakScore the highest score seen during the event
 * @since 0.1
 */
public record Event(String label, long startSample, long endSample, int sampleRateHz, float peakScore) {

    /** Validates. */
    public Event {
        Objects.requireNonNull(label, "label");
        if (endSample < startSample || startSample < 0) {
            throw new IllegalArgumentException("invalid event span [" + startSample + ", " + endSample + ")");
        }
        if (sampleRateHz < 1) {
            throw new IllegalArgumentException("sampleRateHz must be >= 1, got " + sampleRateHz);
        }
    }

    /** @return the start in seconds */
    public double startSeconds() {
        return (double) startSample / sampleRateHz;
    }

    /** @return the end in seconds */
    public double endSeconds() {
        return (double) endSample / sampleRateHz;
    }

    /** @return the duration in seconds */
    public double durationSeconds() {
        return (double) (endSample - startSample) / sampleRateHz;
    }
}
