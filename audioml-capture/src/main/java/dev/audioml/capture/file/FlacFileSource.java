package dev.audioml.capture.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Streams a native FLAC file through {@link FlacDecoder}, one FLAC frame (at most 65535 samples per channel) in
 * memory at a time. Integer samples scale by {@code 1 / 2^(bitsPerSample - 1)}, as for PCM. A frame failing its
 * CRC-8/CRC-16, or holding invalid data, is skipped with a warning ({@link CorruptionPolicy}); so is a stream whose
 * MD5 signature does not match the decoded samples.
 */
final class FlacFileSource extends DecodingSource {
    private final FlacDecoder decoder;
    private final double scale;
    private int frameLength;
    private int framePosition;

    private FlacFileSource(AudioFileInfo info, ChannelMode mode, FlacDecoder decoder) {
        super(info, mode);
        this.decoder = decoder;
        this.scale = 1.0 / (1L << (decoder.bitsPerSample - 1));
    }

    static FlacFileSource open(Path path, ChannelMode mode) throws IOException {
        FlacDecoder decoder = FlacDecoder.open(path);
        try {
            long total = decoder.totalFrames;
            AudioFileInfo info = new AudioFileInfo(path, "flac", "flac_s" + decoder.bitsPerSample, "audioml FLAC",
                    decoder.sampleRateHz, decoder.channels, total > 0 ? total : AudioFileInfo.UNKNOWN_FRAMES);
            return new FlacFileSource(info, mode, decoder);
        } catch (RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    @Override
    protected int decode(float[] dst, int maxFrames) throws IOException {
        while (framePosition == frameLength) {
            int n = decoder.nextFrame();
            if (n == FlacDecoder.CORRUPT) {
                corrupt(decoder.lastProblem());
                continue;
            }
            if (n == FlacDecoder.END) {
                finish();
                return -1;
            }
            frameLength = n;
            framePosition = 0;
        }
        int channels = info().channels();
        long[][] samples = decoder.samples();
        int n = Math.min(maxFrames, frameLength - framePosition);
        for (int c = 0; c < channels; c++) {
            long[] channel = samples[c];
            for (int f = 0; f < n; f++) {
                dst[f * channels + c] = (float) (channel[framePosition + f] * scale);
            }
        }
        framePosition += n;
        return n;
    }

    private void finish() throws AudioFormatException {
        long declared = decoder.totalFrames;
        if (decoder.endedInsideFrame()) {
            warn("truncated data: " + decoder.lastProblem());
        } else if (declared > 0 && decoder.framesDecoded() < declared && corruptUnitsSkipped() == 0) {
            warn("truncated data: STREAMINFO declares " + declared + " frames, file ends after "
                    + decoder.framesDecoded());
        }
        String md5 = decoder.md5Problem();
        if (md5 != null) {
            warn(md5);
        }
    }

    @Override
    protected void closeDecoder() throws IOException {
        decoder.close();
    }
}
