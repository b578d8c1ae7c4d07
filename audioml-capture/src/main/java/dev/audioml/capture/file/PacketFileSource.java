package dev.audioml.capture.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A compressed track read packet by packet: a container's {@link PacketReader} (MP4/MOV, Ogg, Matroska/WebM) feeds
 * a codec's {@link PacketDecoder} (AAC, Opus). The decoder's priming ({@code skipFrames}: an MP4 edit list's media
 * time, Opus pre-skip) is dropped and the output ends where the container says the track ends, as ffmpeg does.
 * Memory: one packet and its decoded frames.
 */
final class PacketFileSource extends DecodingSource {
    private final PacketReader reader;
    private final PacketDecoder decoder;
    private final String codec;
    private final Packet packet;
    private final float[] decoded;
    private int decodedFrames;
    private int decodedPosition;
    private long skipFrames;
    private long framesOut;
    private long packets;
    private int lastPacketFrames;

    private PacketFileSource(AudioFileInfo info, ChannelMode mode, PacketReader reader, PacketDecoder decoder,
                             Packet first, float[] decoded, int firstFrames, long skipFrames) throws IOException {
        super(info, mode);
        this.reader = reader;
        this.decoder = decoder;
        this.codec = info.encoding();
        this.packet = first;
        this.decoded = decoded;
        this.skipFrames = skipFrames;
        this.packets = 1;
        this.lastPacketFrames = firstFrames;
        accept(firstFrames);
    }

    /**
     * Decodes the track's first packet (so the output rate and channels are known, e.g. after HE-AAC's implicit
     * upsampling) and returns a source positioned at the first frame after {@code skipFrames}. Closes
     * {@code reader} when it fails.
     *
     * @param describe container, encoding and decoder for {@link AudioFileInfo}
     */
    static PacketFileSource open(Path path, String container, String encoding, String decoderName,
                                 PacketReader reader, PacketDecoder decoder, long skipFrames, ChannelMode mode)
            throws IOException {
        try {
            Packet first = new Packet();
            if (!reader.next(first, null)) {
                throw new AudioFormatException(path, container + " " + encoding + " track holds no audio packets");
            }
            float[] decoded = new float[decoder.maxFramesPerPacket() * decoder.channels()];
            int n;
            try {
                n = decoder.decode(first.data, first.length, decoded);
            } catch (RuntimeException e) {
                throw new AudioFormatException(path, "corrupt " + encoding + " packet 1: " + decoderFailure(e), e);
            }
            long end = reader.endFrame();
            AudioFileInfo info = new AudioFileInfo(path, container, encoding, decoderName, decoder.sampleRateHz(),
                    decoder.channels(), end >= 0 ? end : AudioFileInfo.UNKNOWN_FRAMES);
            return new PacketFileSource(info, mode, reader, decoder, first, decoded, n, skipFrames);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Makes the {@code n} frames just decoded from {@link #packet} available, less priming and end padding. */
    private void accept(int n) {
        int frames = Math.max(0, Math.min(n, decoder.maxFramesPerPacket()));
        if (packet.discardEndFrames > 0) {
            frames = (int) Math.max(0, frames - packet.discardEndFrames);
        }
        int skip = (int) Math.min(skipFrames, frames);
        skipFrames -= skip;
        decodedPosition = skip;
        decodedFrames = frames;
    }

    @Override
    protected int decode(float[] dst, int maxFrames) throws IOException {
        long end = reader.endFrame();
        if (end >= 0 && framesOut >= end) {
            return -1;
        }
        while (decodedPosition == decodedFrames) {
            if (!reader.next(packet, this)) {
                return -1;
            }
            packets++;
            int n;
            try {
                n = decoder.decode(packet.data, packet.length, decoded);
                lastPacketFrames = n;
            } catch (RuntimeException e) {
                // the packet's duration is that of its neighbours: silence keeps later timestamps (and a video's
                // picture) in step, where dropping it would move them earlier
                n = Math.max(0, Math.min(lastPacketFrames, decoder.maxFramesPerPacket()));
                corrupt("corrupt " + codec + " packet " + packets + " (" + decoderFailure(e) + ")",
                        "replaced by " + n + " frames of silence");
                java.util.Arrays.fill(decoded, 0, n * info().channels(), 0f);
            }
            if (decoder.sampleRateHz() != sampleRateHz() || decoder.channels() != info().channels()) {
                warn("stream changes to " + decoder.channels() + " channels at " + decoder.sampleRateHz()
                        + " Hz at packet " + packets + "; stopped there");
                return -1;
            }
            accept(n);
        }
        int channels = info().channels();
        int n = Math.min(maxFrames, decodedFrames - decodedPosition);
        end = reader.endFrame();
        if (end >= 0) {
            n = (int) Math.min(n, end - framesOut);
        }
        System.arraycopy(decoded, decodedPosition * channels, dst, 0, n * channels);
        decodedPosition += n;
        framesOut += n;
        return n;
    }

    @Override
    protected void closeDecoder() throws IOException {
        reader.close();
    }
}
