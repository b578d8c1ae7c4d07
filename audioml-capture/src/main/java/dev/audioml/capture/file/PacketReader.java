package dev.audioml.capture.file;

import java.io.Closeable;
import java.io.IOException;

/** The container half of a compressed file: hands out one audio track's packets in decoding order. */
interface PacketReader extends Closeable {
    /**
     * Reads the next packet of the track into {@code packet}.
     *
     * @return false at the end of the track
     * @throws AudioFormatException when the container is malformed beyond the point where reading can go on
     */
    boolean next(Packet packet, DecodingSource warnings) throws IOException;

    /**
     * @return the number of frames (per channel, at the decoder's output rate) the track holds after the decoder's
     *     priming is skipped, when the container says so (an MP4 edit list, an Ogg stream's last granule position);
     *     -1 when unknown. May become known while reading (Ogg's last page).
     */
    long endFrame();
}
