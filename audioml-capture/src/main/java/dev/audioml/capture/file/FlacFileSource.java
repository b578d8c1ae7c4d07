package dev.audioml.capture.file;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/**
 * Streams a native FLAC file through jFLAC ({@code org.jflac:jflac-codec}), one FLAC frame (at most 65535 samples
 * per channel) in memory at a time. Integer samples scale by {@code 1 / 2^(bitsPerSample - 1)}, as for PCM.
 */
final class FlacFileSource extends DecodingSource {
    private static final int STREAM_BUFFER_BYTES = 1 << 16;

    private final InputStream in;
    private final FLACDecoder decoder;
    private final double scale;
    private final long declaredFrames;
    private ChannelData[] frameData;
    private int frameLength;
    private int framePosition;
    private long framesDecoded;

    private FlacFileSource(AudioFileInfo info, ChannelMode mode, InputStream in, FLACDecoder decoder, int bits) {
        super(info, mode);
        this.in = in;
        this.decoder = decoder;
        this.scale = 1.0 / (1L << (bits - 1));
        this.declaredFrames = info.frames();
    }

    static FlacFileSource open(Path path, ChannelMode mode) throws IOException {
        InputStream in = new EndOfFileGuard(new BufferedInputStream(Files.newInputStream(path),
                STREAM_BUFFER_BYTES));
        try {
            FLACDecoder decoder = new FLACDecoder(in);
            StreamInfo si;
            try {
                decoder.readMetadata();
                si = decoder.getStreamInfo();
            } catch (IOException | RuntimeException e) {
                throw new AudioFormatException(path, "invalid FLAC metadata: " + describe(e), e);
            }
            if (si == null) {
                throw new AudioFormatException(path, "truncated header: FLAC STREAMINFO block missing");
            }
            int bits = si.getBitsPerSample();
            if (si.getChannels() < 1 || si.getSampleRate() < 1 || bits < 4 || bits > 32) {
                throw new AudioFormatException(path, "invalid FLAC STREAMINFO: " + si.getChannels() + " channels, "
                        + si.getSampleRate() + " Hz, " + bits + " bits");
            }
            long total = si.getTotalSamples();
            AudioFileInfo info = new AudioFileInfo(path, "flac", "flac_s" + bits, si.getSampleRate(),
                    si.getChannels(), total > 0 ? total : AudioFileInfo.UNKNOWN_FRAMES);
            return new FlacFileSource(info, mode, in, decoder, bits);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    protected int decode(float[] dst, int maxFrames) throws IOException {
        if (framePosition == frameLength) {
            if (declaredFrames > 0 && framesDecoded >= declaredFrames) {
                // jFLAC stops looking for frame sync here and would re-read a stale header forever
                return -1;
            }
            Frame frame;
            try {
                frame = decoder.readNextFrame();
            } catch (EndOfFileGuard.StuckAtEndException e) {
                warn("truncated or corrupt FLAC data after " + framesDecoded + " frames; stopped there");
                frame = null;
            } catch (IOException | RuntimeException e) {
                throw new AudioFormatException(info().path(), "corrupt FLAC frame after " + framesDecoded
                        + " frames: " + describe(e), e);
            }
            if (decoder.getBadFrames() > 0) {
                warn("skipped " + decoder.getBadFrames() + " corrupt FLAC frame(s)");
            }
            if (frame == null) {
                if (declaredFrames > framesDecoded && warnings().isEmpty()) {
                    warn("truncated data: STREAMINFO declares " + declaredFrames + " frames, file ends after "
                            + framesDecoded);
                }
                return -1;
            }
            frameData = decoder.getChannelData();
            frameLength = frame.header.blockSize;
            framePosition = 0;
        }
        int channels = info().channels();
        int n = Math.min(maxFrames, frameLength - framePosition);
        for (int f = 0; f < n; f++) {
            for (int c = 0; c < channels; c++) {
                dst[f * channels + c] = (float) (frameData[c].getOutput()[framePosition + f] * scale);
            }
        }
        framePosition += n;
        framesDecoded += n;
        return n;
    }

    @Override
    protected void closeDecoder() throws IOException {
        in.close();
    }

    /**
     * Ends jFLAC's frame search when it keeps reading at the end of the file: its {@code readNextFrame} swallows
     * end-of-file while looking for sync and retries a bad header forever. Past {@link #MAX_READS_AT_END} reads at
     * the end, reads fail with {@link StuckAtEndException}, which jFLAC does not swallow.
     */
    static final class EndOfFileGuard extends java.io.FilterInputStream {
        static final int MAX_READS_AT_END = 64;
        private int readsAtEnd;

        EndOfFileGuard(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            return count(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return count(super.read(b, off, len));
        }

        private int count(int result) throws IOException {
            if (result < 0 && ++readsAtEnd > MAX_READS_AT_END) {
                throw new StuckAtEndException();
            }
            return result;
        }

        /** Not an {@link java.io.EOFException}, so that jFLAC lets it through. */
        static final class StuckAtEndException extends IOException {
            private static final long serialVersionUID = 1L;

            StuckAtEndException() {
                super("FLAC decoder kept reading at the end of the file");
            }
        }
    }

    static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
    }
}
