package dev.audioml.capture.file;

import com.jcraft.jogg.Packet;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Streams the first logical Vorbis stream of an Ogg file through JOrbis ({@code com.googlecode.soundlibs:jorbis}),
 * following the page/packet loop of libvorbis' {@code decoder_example.c}. Samples come out as floats directly
 * (no 16-bit step). Memory is bounded by one Ogg page and one Vorbis block.
 */
final class VorbisFileSource extends DecodingSource {
    private static final int HEADER_PACKETS = 3;

    private final Stream ogg;
    private final DspState dsp = new DspState();
    private final Block block;
    private final float[][][] pcm = new float[1][][];
    private final int[] index;

    private VorbisFileSource(AudioFileInfo info, ChannelMode mode, Stream ogg) {
        super(info, mode);
        this.ogg = ogg;
        dsp.synthesis_init(ogg.info);
        this.block = new Block(dsp);
        this.index = new int[info.channels()];
    }

    static VorbisFileSource open(Path path, ChannelMode mode) throws IOException {
        Stream ogg = new Stream(path);
        try {
            ogg.readHeaders();
            AudioFileInfo info = new AudioFileInfo(path, "ogg", "vorbis", "JOrbis", ogg.info.rate, ogg.info.channels,
                    AudioFileInfo.UNKNOWN_FRAMES);
            return new VorbisFileSource(info, mode, ogg);
        } catch (IOException | RuntimeException e) {
            ogg.close();
            throw e;
        }
    }

    @Override
    protected int decode(float[] dst, int maxFrames) throws IOException {
        int channels = info().channels();
        while (true) {
            int available = dsp.synthesis_pcmout(pcm, index);
            if (available > 0) {
                int n = Math.min(available, maxFrames);
                for (int c = 0; c < channels; c++) {
                    float[] channel = pcm[0][c];
                    int from = index[c];
                    for (int f = 0; f < n; f++) {
                        dst[f * channels + c] = channel[from + f];
                    }
                }
                dsp.synthesis_read(n);
                return n;
            }
            int result = ogg.pages.stream.packetout(ogg.pages.packet);
            if (result == 1) {
                synthesize();
            } else if (result < 0) {
                corrupt("corrupt or missing Ogg data");
            } else if (ogg.pages.lastPageSeen() || !ogg.pages.nextPage(this)) {
                return -1;
            }
        }
    }

    private void synthesize() throws AudioFormatException {
        try {
            if (block.synthesis(ogg.pages.packet) == 0) {
                dsp.synthesis_blockin(block);
            }
        } catch (RuntimeException e) {
            throw new AudioFormatException(info().path(), "corrupt Vorbis audio packet "
                    + ogg.pages.packet.packetno + ": " + decoderFailure(e), e);
        }
    }

    @Override
    protected void closeDecoder() throws IOException {
        ogg.close();
    }

    /** The Ogg layer (the first logical stream's pages) and the Vorbis headers. */
    private static final class Stream implements java.io.Closeable {
        final OggPages pages;
        final Info info = new Info();
        final Comment comment = new Comment();

        Stream(Path path) throws IOException {
            this.pages = new OggPages(path);
            info.init();
            comment.init();
        }

        void readHeaders() throws IOException {
            Path path = pages.path;
            pages.readHeaders(HEADER_PACKETS, "Vorbis", (index, packet) -> {
                if (index == 1) {
                    checkCommentHeader(path, packet);
                }
                if (index == 2) {
                    VorbisSetupCheck.check(path, packet.packet_base, packet.packet, packet.bytes, info.channels);
                }
                if (info.synthesis_headerin(comment, packet) < 0) {
                    if (index == 0) {
                        throw new UnsupportedCodecException(path, "Ogg stream holds " + codecName(packet)
                                + ", not Vorbis or Opus; only Ogg Vorbis and Opus are supported", false);
                    }
                    throw new AudioFormatException(path, "corrupt Vorbis header packet " + (index + 1));
                }
            });
            if (info.channels < 1 || info.rate < 1) {
                throw new AudioFormatException(path, "invalid Vorbis header: " + info.channels + " channels, "
                        + info.rate + " Hz");
            }
        }

        /**
         * Checks the lengths and count in a Vorbis comment header against the packet's size before JOrbis reads
         * it: JOrbis allocates whatever they declare (a 2^31 vendor length is 2 GB).
         */
        static void checkCommentHeader(Path path, Packet p) throws AudioFormatException {
            int end = p.packet + p.bytes;
            int at = p.packet + 7; // packet type and "vorbis"
            if (p.packet_base == null || p.bytes < 7 + 8) {
                return; // too short to allocate anything; JOrbis rejects it
            }
            long vendor = u32le(p.packet_base, at);
            at += 4;
            if (vendor > end - at) {
                throw new AudioFormatException(path, "corrupt Vorbis comment header: vendor string declares "
                        + vendor + " bytes, packet has " + (end - at));
            }
            at += (int) vendor;
            if (end - at < 4) {
                return;
            }
            long count = u32le(p.packet_base, at);
            at += 4;
            if (count > (end - at) / 4) {
                throw new AudioFormatException(path, "corrupt Vorbis comment header: declares " + count
                        + " comments, packet has " + (end - at) + " bytes");
            }
            for (long i = 0; i < count; i++) {
                long length = u32le(p.packet_base, at);
                at += 4;
                if (length > end - at) {
                    throw new AudioFormatException(path, "corrupt Vorbis comment header: comment " + (i + 1)
                            + " declares " + length + " bytes, packet has " + (end - at));
                }
                at += (int) length;
                if (end - at < 4 && i + 1 < count) {
                    throw new AudioFormatException(path, "corrupt Vorbis comment header: declares " + count
                            + " comments, packet holds " + (i + 1));
                }
            }
        }

        private static long u32le(byte[] b, int off) {
            return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16
                    | (b[off + 3] & 0xFFL) << 24;
        }

        private static String codecName(Packet p) {
            String head = p.packet_base == null ? "" : new String(p.packet_base, p.packet,
                    Math.min(8, p.bytes), StandardCharsets.ISO_8859_1);
            if (head.startsWith("OpusHead")) {
                return "Opus";
            }
            if (head.startsWith("\u007fFLAC")) {
                return "FLAC";
            }
            if (head.startsWith("Speex")) {
                return "Speex";
            }
            return "an unknown codec";
        }

        @Override
        public void close() throws IOException {
            pages.close();
        }
    }
}
