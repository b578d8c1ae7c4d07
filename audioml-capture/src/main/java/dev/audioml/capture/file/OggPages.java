package dev.audioml.capture.file;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Ogg page layer for the first logical stream of a file, through JOgg ({@code com.googlecode.soundlibs:jorbis}), as
 * libogg's {@code decoder_example.c} runs it: the file is read in 4 KiB blocks into the sync state, pages of other
 * logical streams are skipped, and the first stream's pages go into its stream state, from which the codec takes
 * packets ({@link #stream}, {@link #packet}). Shared by the Vorbis and Opus readers. Memory: one page and one read
 * block. Not thread-safe. Owns the file: {@link #close()} closes it.
 */
final class OggPages implements Closeable {
    private static final int READ_BYTES = 4096;
    /** Bytes read while looking for the header packets before giving up (Opus/Vorbis tags may hold cover art). */
    private static final long MAX_HEADER_SCAN_BYTES = 1 << 24;

    /** Takes the header packets, in order. */
    interface HeaderPacket {
        /**
         * @param index 0 for the first header packet
         * @param packet the packet, valid until the next call
         * @throws IOException if it is not the header the codec expects
         */
        void accept(int index, Packet packet) throws IOException;
    }

    final Path path;
    final StreamState stream = new StreamState();
    final Packet packet = new Packet();
    private final InputStream in;
    private final SyncState sync = new SyncState();
    private final Page page = new Page();
    private int serial;
    private long bytesRead;
    private boolean lastPageSeen;
    private long lastGranule = -1;

    OggPages(Path path) throws IOException {
        this.path = path;
        this.in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        sync.init();
    }

    /**
     * Reads pages until the first logical stream has given {@code count} packets, each handed to {@code each}.
     *
     * @param codec the codec's name, for messages
     * @throws AudioFormatException if the file ends first, a page or packet is corrupt, or the headers are not found
     *     in the first 16 MiB
     */
    void readHeaders(int count, String codec, HeaderPacket each) throws IOException {
        int packets = 0;
        boolean first = true;
        while (packets < count) {
            int r = sync.pageout(page);
            if (r == 0) {
                if (bytesRead > MAX_HEADER_SCAN_BYTES || !fill()) {
                    throw new AudioFormatException(path, "truncated header: Ogg file ends after " + packets + " of " + count
                            + " " + codec + " header packets");
                }
                continue;
            }
            if (r < 0) {
                throw new AudioFormatException(path, "corrupt Ogg page in the " + codec + " headers");
            }
            if (first) {
                serial = page.serialno();
                stream.init(serial);
                first = false;
            }
            if (page.serialno() != serial) {
                continue; // a page of another multiplexed stream
            }
            pageIn();
            while (packets < count) {
                int p = stream.packetout(packet);
                if (p == 0) {
                    break;
                }
                if (p < 0) {
                    throw new AudioFormatException(path, "corrupt Ogg data in the " + codec + " headers");
                }
                each.accept(packets++, packet);
            }
        }
    }

    /**
     * Feeds the stream state the next page of the first logical stream.
     *
     * @param source where corrupt pages are reported and warnings go (its policy: warn and skip, or fail), or null to
     *     fail on a corrupt page and stay silent otherwise
     * @return false at the end of the file, or at a chained stream's first page (chained streams are not read)
     */
    boolean nextPage(DecodingSource source) throws IOException {
        while (true) {
            int r = sync.pageout(page);
            if (r > 0) {
                if (page.serialno() != serial) {
                    if (page.bos() != 0) {
                        if (source != null) {
                            source.warn("chained Ogg streams after the first one are ignored");
                        }
                        return false;
                    }
                    continue; // a page of another multiplexed stream
                }
                pageIn();
                return true;
            }
            if (r < 0) {
                if (source == null) {
                    throw new AudioFormatException(path, "corrupt Ogg page");
                }
                source.corrupt("corrupt Ogg page");
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

    /** @return whether the stream's last page (end-of-stream flag) has been fed */
    boolean lastPageSeen() {
        return lastPageSeen;
    }

    /** @return the granule position of the stream's last page, or -1 before it (or if it has none) */
    long lastGranule() {
        return lastGranule;
    }

    private void pageIn() {
        stream.pagein(page);
        if (page.eos() != 0) {
            lastPageSeen = true;
            lastGranule = page.granulepos();
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

    @Override
    public void close() throws IOException {
        in.close();
    }
}
