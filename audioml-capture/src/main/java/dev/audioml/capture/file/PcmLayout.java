package dev.audioml.capture.file;

import java.util.Optional;

/**
 * Where and how an uncompressed container stores its samples, as its parser found them.
 *
 * @param container container name for {@link AudioFileInfo#container()}
 * @param encoding sample encoding
 * @param bigEndian byte order of multi-byte samples
 * @param sampleRateHz sample rate in Hz
 * @param channels interleaved channels, at least 1
 * @param dataOffset byte offset of the first sample frame
 * @param frames whole frames actually present (declared length clamped to the file size)
 * @param warning a truncation warning to report once, if the header declared more than the file holds
 */
record PcmLayout(String container, PcmEncoding encoding, boolean bigEndian, int sampleRateHz, int channels,
                 long dataOffset, long frames, Optional<String> warning) {

    /**
     * Most interleaved channels accepted: WAV's and AIFF's 16-bit field. AU's 32-bit field would otherwise size the
     * decode buffers (2^31 channels cost 4.3 GB before this bound).
     */
    static final int MAX_CHANNELS = 65535;

    int frameBytes() {
        return encoding.bytesPerSample * channels;
    }

    /**
     * Clamps a declared data length to what the file holds and builds the layout, with a warning when they differ.
     *
     * @param in the file
     * @param declaredBytes data length the header declares, or -1 when it says "to the end of the file"
     */
    static PcmLayout of(FileInput in, String container, PcmEncoding encoding, boolean bigEndian, long sampleRateHz,
                        int channels, long dataOffset, long declaredBytes) throws AudioFormatException {
        return of(in, container, encoding, bigEndian, sampleRateHz, channels, dataOffset, declaredBytes, -1);
    }

    /**
     * As {@link #of(FileInput, String, PcmEncoding, boolean, long, int, long, long)}, where the samples also lie
     * inside a chunk of {@code chunkBytes} (AIFF's SSND; -1 for none) that bounds what can be read.
     */
    static PcmLayout of(FileInput in, String container, PcmEncoding encoding, boolean bigEndian, long sampleRateHz,
                        int channels, long dataOffset, long declaredBytes, long chunkBytes)
            throws AudioFormatException {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw in.format("header declares " + channels + " channels; expected 1 to " + MAX_CHANNELS);
        }
        if (sampleRateHz < 1 || sampleRateHz > Integer.MAX_VALUE) {
            throw in.format("header declares sample rate " + sampleRateHz + " Hz; expected 1 to "
                    + Integer.MAX_VALUE);
        }
        long available = Math.max(0, in.sizeBytes - dataOffset);
        if (chunkBytes >= 0) {
            available = Math.min(available, chunkBytes);
        }
        long frameBytes = (long) encoding.bytesPerSample * channels;
        long usable = declaredBytes < 0 ? available : Math.min(declaredBytes, available);
        String warning = null;
        if (declaredBytes > available) {
            warning = "truncated data: header declares " + declaredBytes + " bytes of samples but only " + available
                    + " remain; decoding " + usable / frameBytes + " frames";
        } else if (usable % frameBytes != 0) {
            warning = "truncated data: " + usable % frameBytes + " trailing bytes do not make a whole "
                    + frameBytes + "-byte frame; ignored";
        }
        return new PcmLayout(container, encoding, bigEndian, (int) sampleRateHz, channels, dataOffset,
                usable / frameBytes, Optional.ofNullable(warning));
    }
}
