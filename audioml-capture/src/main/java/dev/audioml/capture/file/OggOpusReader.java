package dev.audioml.capture.file;

import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The packets of the first logical Opus stream of an Ogg file (RFC 7845) through JOgg (part of
 * {@code com.googlecode.soundlibs:jorbis}): the OpusHead and OpusTags headers are read at open; the last page's
 * granule position less the pre-skip gives the length, which trims the last packet's padding as libopusfile and
 * ffmpeg do.
 */
final class OggOpusReader implements PacketReader {
    private static final int READ_BYTES = 4096;
    /** Bytes read while looking for the two header packets before giving up (OpusTags may hold cover art). */
    private static final long MAX_HEADER_SCAN_BYTES = 1 << 24;

    private final Path path;
    private final InputStream in;
    private final SyncState sync = new SyncState();
    private final StreamState stream = new StreamState();
    private final Page page = new Page();
    private final com.jcraft.jogg.Packet op = new com.jcraft.jogg.Packet();
    private int serial;
    private long bytesRead;
    private boolean lastPageSeen;
    private long endFrame = -1;
    private OpusPacketDecoder.Head head;

    private OggOpusReader(Path path) throws IOException {
        this.path = path;
        this.in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        sync.init();
    }

    static OggOpusReader open(Path path) throws IOException {
        OggOpusReader reader = new OggOpusReader(path);
        try {
            reader.readHeaders();
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    OpusPacketDecoder.Head head() {
        return head;
    }

    private void readHeaders() throws IOException {
        int packets = 0;
        boolean first = true;
        while (packets < 2) {
            int r = sync.pageout(page);
            if (r == 0) {
                if (bytesRead > MAX_HEADER_SCAN_BYTES || !fill()) {
                    throw new AudioFormatException(path, "truncated header: Ogg file ends after " + packets
                            + " of 2 Opus header packets");
                }
                continue;
            }
            if (r < 0) {
                throw new AudioFormatException(path, "corrupt Ogg page in the Opus headers");
            }
            if (first) {
                serial = page.serialno();
                stream.init(serial);
                first = false;
            }
            if (page.serialno() != serial) {
                continue;
            }
            stream.pagein(page);
            checkLastPage();
            while (packets < 2) {
                int p = stream.packetout(op);
                if (p == 0) {
                    break;
                }
                if (p < 0) {
                    throw new AudioFormatException(path, "corrupt Ogg data in the Opus headers");
                }
                if (packets == 0) {
                    head = OpusPacketDecoder.Head.parse(path, op.packet_base, op.packet, op.bytes);
                } else if (op.bytes < 8 || !"OpusTags".equals(new String(op.packet_base, op.packet, 8,
                        java.nio.charset.StandardCharsets.ISO_8859_1))) {
                    throw new AudioFormatException(path, "invalid Opus stream: second packet is not OpusTags");
                }
                packets++;
            }
        }
    }

    private boolean fill() throws IOException {
        int offset = sync.buffer(READ_BYTES);
        int n = in.read(sync.data, offset, READ_BYTES);
        if (n <= 0) {
            return false;
        }
        sync.wrote(n);
        bytesRead += n;
        return true;
    }

    private void checkLastPage() {
        if (page.eos() != 0) {
            lastPageSeen = true;
            long granule = page.granulepos();
            if (granule >= 0 && head != null) {
                endFrame = Math.max(0, granule - head.preSkip());
            }
        }
    }

    @Override
    public boolean next(Packet packet, DecodingSource source) throws IOException {
        while (true) {
            int result = stream.packetout(op);
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
            } else if (lastPageSeen || !nextPage(source)) {
                return false;
            }
        }
    }

    private void report(DecodingSource source, String problem) throws AudioFormatException {
        if (source == null) {
            throw new AudioFormatException(path, problem);
        }
        source.corrupt(problem);
    }

    private boolean nextPage(DecodingSource source) throws IOException {
        while (true) {
            int r = sync.pageout(page);
            if (r > 0) {
                if (page.serialno() != serial) {
                    if (page.bos() != 0 && source != null) {
                        source.warn("chained Ogg streams after the first one are ignored");
                        return false;
                    }
                    continue;
                }
                stream.pagein(page);
                checkLastPage();
                return true;
            }
            if (r < 0) {
                report(source, "corrupt Ogg page");
                continue;
            }
            if (!fill()) {
                if (source != null) {
                    source.warn("truncated data: Ogg stream ends without its last page");
                }
                return false;
            }
        }
    }

    @Override
    public long endFrame() {
        return endFrame;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
