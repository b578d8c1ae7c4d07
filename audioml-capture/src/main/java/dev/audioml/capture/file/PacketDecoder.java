package dev.audioml.capture.file;

/** The codec half of a compressed file: turns one packet into interleaved float frames in [-1, 1]. */
interface PacketDecoder {
    /** @return output sample rate in Hz */
    int sampleRateHz();

    /** @return output channels */
    int channels();

    /** @return the most frames (per channel) one packet can decode to */
    int maxFramesPerPacket();

    /**
     * Decodes one packet.
     *
     * @param data the packet, {@code length} bytes from offset 0
     * @param out interleaved output, room for {@link #maxFramesPerPacket()} frames
     * @return frames written
     * @throws RuntimeException on a malformed packet (the caller words it and skips the packet)
     */
    int decode(byte[] data, int length, float[] out);
}
