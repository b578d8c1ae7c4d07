package dev.audioml.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.Classification;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.core.source.Sources;
import dev.audioml.core.testing.Signals;
import dev.audioml.onnx.testing.ToneModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model file alone configures the core pipeline; batched file inference equals the pipeline's windows. */
class OnnxPipelineTest {
    /** The source's rate; the pipeline resamples to the model's 16 kHz. */
    private static final int SOURCE_RATE_HZ = 22_050;
    private static final int TONE_SAMPLES = SOURCE_RATE_HZ;
    private static final float BATCH_TOLERANCE = 1e-6f;

    @Test
    void modelFileAloneDrivesThePipeline(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tone.onnx");
        ToneModels.lowHigh().write(file);
        float[] audio = new float[2 * TONE_SAMPLES];
        System.arraycopy(Signals.sine(250, SOURCE_RATE_HZ, TONE_SAMPLES, 0.5), 0, audio, 0, TONE_SAMPLES);
        System.arraycopy(Signals.sine(4000, SOURCE_RATE_HZ, TONE_SAMPLES, 0.5), 0, audio, TONE_SAMPLES, TONE_SAMPLES);
        List<Classification> results = new ArrayList<>();
        try (OnnxModel model = OnnxModel.open(file);
                Pipeline p = Pipeline.builder()
                        .source(Sources.fromArray(audio, SOURCE_RATE_HZ))
                        .features(model.newExtractor())
                        .window(model.windowSamples(), model.windowSamples())
                        .classifier(model.newClassifier())
                        .sink(new CallbackSink(results::add))
                        .build()) {
            p.run();
            assertThat(p.sampleRateHz()).isEqualTo(ToneModels.SAMPLE_RATE_HZ);
        }
        assertThat(results).hasSize(20);
        for (Classification c : results) {
            if (c.endSeconds() <= 0.95) {
                assertThat(c.top().label()).as("%s", c).isEqualTo("low");
            } else if (c.startSeconds() >= 1.05) {
                assertThat(c.top().label()).as("%s", c).isEqualTo("high");
            }
        }
    }

    @Test
    void batchedFileInferenceEqualsThePipelineWindows(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tone.onnx");
        ToneModels.lowHigh().write(file);
        int rate = ToneModels.SAMPLE_RATE_HZ;
        float[] audio = Signals.sweep(100, 7000, rate, 3 * rate, 0.5);
        List<Classification> streamed = new ArrayList<>();
        try (OnnxModel model = OnnxModel.open(file)) {
            try (Pipeline p = Pipeline.builder()
                    .source(Sources.fromArray(audio, rate))
                    .features(model.newExtractor())
                    .window(model.windowSamples(), model.windowSamples() / 2)
                    .classifier(model.newClassifier())
                    .sink(new CallbackSink(streamed::add))
                    .build()) {
                p.run();
            }
            FeatureExtractor fx = model.newExtractor();
            List<FeatureFrame> frames = new ArrayList<>();
            for (Classification c : streamed) {
                float[] window = new float[model.windowSamples()];
                int start = (int) c.startSample();
                System.arraycopy(audio, start, window, 0, Math.min(window.length, audio.length - start));
                FeatureFrame f = new FeatureFrame(model.frameShape());
                fx.extract(AudioBlock.of(window, rate, start), f);
                frames.add(f);
            }
            float[][] batched = new float[frames.size()][2];
            try (OnnxClassifier c = model.newClassifier()) {
                assertThat(c.isBatchable()).isTrue();
                c.classifyBatch(frames, batched);
            }
            for (int i = 0; i < streamed.size(); i++) {
                for (int k = 0; k < 2; k++) {
                    assertThat(batched[i][k]).as("window %d label %d", i, k).isCloseTo(streamed.get(i).score(k), within(BATCH_TOLERANCE));
                }
            }
            assertThat(streamed.get(0).top().label()).isEqualTo("low");
            assertThat(streamed.get(streamed.size() - 2).top().label()).isEqualTo("high");
        }
    }
}
