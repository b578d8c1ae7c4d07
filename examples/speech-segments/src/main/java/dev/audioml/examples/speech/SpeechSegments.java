package dev.audioml.examples.speech;

import dev.audioml.capture.file.AudioFiles;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.silero.SileroVadModel;
import dev.audioml.onnx.silero.SpeechSegmenter;
import java.nio.file.Path;

/**
 * Prints the speech segments of any audio file (any format, any sample rate) with Silero VAD: the README's first
 * Java example, kept compiling and tested here.
 *
 * <p>Run: {@code java -cp ... dev.audioml.examples.speech.SpeechSegments clip.wav}
 */
public final class SpeechSegments {
    private SpeechSegments() {
    }

    /** @param args one audio file */
    public static void main(String[] args) throws Exception {
        try (SileroVadModel model = Presets.sileroVad(ModelCache.defaultCache(System.err::println));
             Pipeline pipeline = Pipeline.builder()
                     .source(AudioFiles.open(Path.of(args[0])))
                     .window(512, 512)                               // Silero: 32 ms chunks at 16 kHz
                     .features(new IdentityExtractor(16_000))        // raw audio; the source is resampled to 16 kHz
                     .classifier(model.newStream(16_000))
                     .sink(SpeechSegmenter.builder().build().sink(e ->
                             System.out.printf("speech %.2f-%.2f s%n", e.startSeconds(), e.endSeconds())))
                     .build()) {
            pipeline.run();
        }
    }
}
