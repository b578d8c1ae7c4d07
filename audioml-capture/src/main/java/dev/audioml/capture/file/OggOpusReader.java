package dev.audioml.capture.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The packets of the first logical Opus stream of an Ogg file (RFC 7845) through JOgg (part of
 * {@code com.googlecode.soundlibs:jorbis}): the OpusHead and OpusTags headers are read at open; the last page's
 * granule position less the pre-skip gives the length, which trims the last packet's padding as libopusfile and
 * ffmpeg do.
 */
final class OggOpusReader implements PacketReader {
    private final OggPages ogg;
    private OpusPacketDecoder.Head head;

    private OggOpusReader(Path path) throws IOException {
        this.ogg = new OggPages(path);
    }

    static OggOpusReader open(Path path) throws IOException {
        OggOpusReader reader = new OggOpusReader(path);
        try {
            reader.ogg.readHeaders(2, "Opus", (index, op) -> {
                if (index == 0) {
                    reader.head = OpusPacketDecoder.Head.parse(path, op.packet_base, op.packet, op.bytes);
                } else if (op.bytes < 8 || !"OpusTags".equals(new String(op.packet_base, op.packet, 8,
                        java.nio.charset.StandardCharsets.ISO_8859_1))) {
                    throw new AudioFormatException(path, "invalid Opus stream: second packet is not OpusTags");
                }
            });
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    OpusPacketDecoder.Head head() {
        return head;
    }

    @Override
    public boolean next(Packet packet, DecodingSource source) throws IOException {
        com.jcraft.jogg.Packet op = ogg.packet;
        while (true) {
            int result = ogg.stream.packetout(op);
            if (result == 1) {
                if (op.bytes > Packet.MAX_BYTES) {
                    report(source, "Opus packet of " + op.bytes + " bytes is larger than " + Packet.MAX_BYTES);
                    continue;
                }
                System.arraycopy(op.packet_base, op.packet, packet.ensure(op.bytes), 0, op.bytes);
                return true;
            }
            if (result < 0) {
                report(source, "corrupt or missing Ogg data");
            } else if (ogg.lastPageSeen() || !ogg.nextPage(source)) {
                return false;
            }
        }
    }

    private void report(DecodingSource source, String problem) throws AudioFormatException {
        if (source == null) {
            throw new AudioFormatException(ogg.path, problem);
        }
        source.corrupt(problem);
    }

    /** @return the last page's granule position less the pre-skip, once the last page has been read; else -1 */
    @Override
    public long endFrame() {
        long granule = ogg.lastGranule();
        return granule >= 0 ? Math.max(0, granule - head.preSkip()) : -1;
    }

    @Override
    public void close() throws IOException {
        ogg.close();
    }
}
