package dev.audioml.capture.mic;

/**
 * One sample format a capture device declares.
 *
 * <p>Immutable and thread-safe.
 *
 * @param encoding Java Sound encoding name, e.g. {@code PCM_SIGNED}
 * @param sampleRateHz sample rate in Hz, or {@link #ANY_RATE} when the device accepts any rate
 * @param bitsPerSample bits per sample, or -1 when any
 * @param channels channel count, or -1 when any
 * @param bigEndian byte order of multi-byte samples
 * @since 0.1
 */
public record CaptureFormat(String encoding, int sampleRateHz, int bitsPerSample, int channels, boolean bigEndian) {

    /** Value of {@link #sampleRateHz()} when the device takes any rate. */
    public static final int ANY_RATE = -1;

    @Override
    public String toString() {
        return encoding + " " + (sampleRateHz == ANY_RATE ? "any rate" : sampleRateHz + " Hz") + ", "
                + (bitsPerSample < 0 ? "any" : bitsPerSample) + "-bit, "
                + (channels < 0 ? "any" : String.valueOf(channels)) + " ch" + (bitsPerSample > 8
                ? (bigEndian ? ", big-endian" : ", little-endian") : "");
    }
}
