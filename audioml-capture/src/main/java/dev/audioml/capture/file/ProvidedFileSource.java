package dev.audioml.capture.file;

import dev.audioml.capture.file.spi.AudioDecoderProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/** A track decoded by an {@link AudioDecoderProvider} from the class path (audioml-ffmpeg). */
final class ProvidedFileSource extends DecodingSource {
    private final AudioDecoderProvider.DecodedAudio audio;

    private ProvidedFileSource(AudioFileInfo info, ChannelMode mode, AudioDecoderProvider.DecodedAudio audio) {
        super(info, mode);
        this.audio = audio;
    }

    /** @return the providers on the class path, in class-path order (none without audioml-ffmpeg) */
    static List<AudioDecoderProvider> providers() {
        return ServiceLoader.load(AudioDecoderProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /**
     * Opens the file with the first provider that reads it.
     *
     * @return the source, or null when no provider reads the file
     */
    static DecodingSource open(Path path, ChannelMode mode, int audioTrack) throws IOException {
        for (AudioDecoderProvider provider : providers()) {
            AudioDecoderProvider.DecodedAudio audio = provider.open(path, audioTrack);
            if (audio != null) {
                try {
                    AudioFileInfo info = new AudioFileInfo(path, audio.container(), audio.encoding(),
                            provider.decoderName(), audio.sampleRateHz(), audio.channels(),
                            audio.frames() >= 0 ? audio.frames() : AudioFileInfo.UNKNOWN_FRAMES);
                    return new ProvidedFileSource(info, mode, audio);
                } catch (RuntimeException e) {
                    audio.close();
                    throw e;
                }
            }
        }
        return null;
    }

    @Override
    protected int decode(float[] dst, int maxFrames) throws IOException {
        int n = audio.read(dst, maxFrames);
        for (String problem : audio.drainWarnings()) {
            if (problem.endsWith("stopped there")) {
                warn(problem);
            } else {
                corrupt(problem);
            }
        }
        return n;
    }

    @Override
    protected void closeDecoder() throws IOException {
        audio.close();
    }
}
