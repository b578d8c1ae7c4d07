package dev.audioml.onnx.silero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.audioml.core.Event;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.source.Sources;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.testing.TestAudio;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Silero VAD v5 with the real model on espeak-ng speech mixed into sox noise. */
class SileroVadTest {
    /** How far a segment edge may be from the true speech edge, in seconds. */
    private static final double EDGE_TOLERANCE_S = 0.25;
    private static final int RATE = TestAudio.RATE;
    /** Largest difference between the folded-{@code sr} sessions and the unedited model, per probability. */
    private static final float FOLDED_TOLERANCE = 1e-6f;
    /** Streams opened and closed in the resource test. */
    private static final int STREAM_CYCLES = 2_000;
    private static final double[] SPEECH_AT_S = {1.0, 4.5, 8.0};
    private static final String[] PHRASES = {
        "the quick brown fox jumps over the lazy dog", "please call me back tomorrow", "hey jarvis turn on the lights",
    };

    @TempDir
    static Path dir;
    private static SileroVadModel model;
    private static float[] mixture;
    private static double[][] truth;

    @BeforeAll
    static void setUp() {
        model = Presets.sileroVad(TestAudio.cache());
        mixture = TestAudio.noise(dir, 12.0, "pinknoise", 0.03, 11);
        truth = new double[SPEECH_AT_S.length][];
        for (int i = 0; i < SPEECH_AT_S.length; i++) {
            float[] speech = TestAudio.speech(dir, PHRASES[i], i % 2 == 0 ? "en-us" : "en+f3", 160);
            int at = (int) (SPEECH_AT_S[i] * RATE);
            TestAudio.mix(mixture, speech, at);
            truth[i] = new double[] {SPEECH_AT_S[i], SPEECH_AT_S[i] + (double) speech.length / RATE};
        }
    }

    @AfterAll
    static void tearDown() {
        if (model != null) {
            model.close();
        }
    }

    @Test
    void findsEverySpeechSegmentWithEdgesWithinTolerance() {
        List<Event> segments;
        try (SileroVad vad = model.newStream(RATE)) {
            segments = SpeechSegmenter.builder().build().segments(vad.speechProbabilities(mixture), mixture.length);
        }
        for (int i = 0; i < segments.size(); i++) {
            Event e = segments.get(i);
            System.out.printf(Locale.ROOT, "speech %.2f-%.2f s (peak %.2f)%s%n", e.startSeconds(), e.endSeconds(), e.peakScore(),
                    i < truth.length ? String.format(Locale.ROOT, "; true speech %.2f-%.2f s", truth[i][0], truth[i][1]) : "");
        }
        assertThat(segments).hasSize(truth.length);
        for (int i = 0; i < truth.length; i++) {
            assertThat(segments.get(i).startSeconds()).as("start of segment %d", i).isCloseTo(truth[i][0],
                    org.assertj.core.api.Assertions.within(EDGE_TOLERANCE_S));
            assertThat(segments.get(i).endSeconds()).as("end of segment %d", i).isCloseTo(truth[i][1],
                    org.assertj.core.api.Assertions.within(EDGE_TOLERANCE_S));
        }
    }

    /**
     * The batch copy has no Conv left (each is one MatMul over the batch; the If on sr is inlined, the decoder's small
     * Ifs on shapes stay) and keeps the model's inputs and outputs.
     */
    @Test
    void batchGraphReplacesEveryConvolutionWithAMatMul() throws Exception {
        byte[] folded = dev.audioml.onnx.write.OnnxModelEditor.read(model.path())
                .freezeInput(SileroVadModel.SAMPLE_RATE, new long[] {RATE}).toByteArray();
        dev.audioml.onnx.write.OnnxModelEditor batch = dev.audioml.onnx.write.OnnxModelEditor.read(
                SileroBatchGraph.convsAsMatMul(folded, "silero test", 64 + 512));
        assertThat(batch.opTypes()).doesNotContain("Conv").contains("MatMul");
        assertThat(batch.opTypes().stream().filter("MatMul"::equals).count()).as("stft, four encoder convs, decoder conv")
                .isEqualTo(6);
        assertThat(batch.inputs()).containsExactly(SileroVadModel.INPUT, SileroVadModel.STATE);
        assertThat(batch.outputs()).containsExactly(SileroVadModel.OUTPUT, SileroVadModel.STATE_OUT);
    }

    /**
     * The batch sessions run Silero rebuilt as a short graph (no If, no Conv, 33 nodes against 155) with the model's
     * inputs and outputs, at both rates; the LSTM's weights come from inside the decoder's If branches.
     */
    @Test
    void batchModelIsTheCompactRebuildAtBothRates() throws Exception {
        dev.audioml.onnx.write.OnnxModelEditor original = dev.audioml.onnx.write.OnnxModelEditor.read(model.path());
        assertThat(original.nestedNodes()).extracting(dev.audioml.onnx.write.GraphNode::opType).contains("LSTM", "If");
        for (int rate : new int[] {16_000, 8_000}) {
            byte[] folded = original.freezeInput(SileroVadModel.SAMPLE_RATE, new long[] {rate}).toByteArray();
            original = dev.audioml.onnx.write.OnnxModelEditor.read(model.path());
            int samples = rate == 16_000 ? 64 + 512 : 32 + 256;
            SileroBatchGraph.BatchModel batch = SileroBatchGraph.batchModel(folded, "silero test " + rate, samples);
            assertThat(batch.compact()).as("compact at %d Hz", rate).isTrue();
            dev.audioml.onnx.write.OnnxModelEditor compact = dev.audioml.onnx.write.OnnxModelEditor.read(batch.bytes());
            assertThat(compact.opTypes()).doesNotContain("If", "Conv").contains("LSTM", "Gemm");
            assertThat(compact.nodes()).hasSize(33);
            assertThat(compact.inputs()).containsExactly(SileroVadModel.INPUT, SileroVadModel.STATE);
            assertThat(compact.outputs()).containsExactly(SileroVadModel.OUTPUT, SileroVadModel.STATE_OUT);
        }
    }

    @Test
    void findsNoSpeechInPureNoise() {
        float[] noise = TestAudio.noise(dir, 6.0, "whitenoise", 0.1, 5);
        float[] pink = TestAudio.noise(dir, 6.0, "pinknoise", 0.2, 6);
        try (SileroVad vad = model.newStream(RATE)) {
            SpeechSegmenter segmenter = SpeechSegmenter.builder().build();
            assertThat(segmenter.segments(vad.speechProbabilities(noise), noise.length)).isEmpty();
            assertThat(segmenter.segments(vad.speechProbabilities(pink), pink.length)).isEmpty();
        }
    }

    @Test
    void streamingClassifierAndSegmenterEqualTheBatchResults() {
        SpeechSegmenter segmenter = SpeechSegmenter.builder().build();
        try (SileroVad vad = model.newStream(RATE)) {
            float[] batch = vad.speechProbabilities(mixture);
            List<Event> expected = segmenter.segments(batch, mixture.length);
            vad.reset();
            List<Event> streamed = new ArrayList<>();
            SpeechSegmenter.Stream stream = segmenter.newStream(streamed::add);
            FeatureFrame frame = new FeatureFrame(1, vad.chunkSamples());
            float[] score = new float[1];
            int chunks = mixture.length / vad.chunkSamples();
            for (int c = 0; c < chunks; c++) {
                System.arraycopy(mixture, c * vad.chunkSamples(), frame.data(), 0, vad.chunkSamples());
                vad.classify(frame, score);
                assertThat(score[0]).as("chunk %d", c).isEqualTo(batch[c]);
                stream.accept(score[0]);
            }
            stream.finish(mixture.length);
            assertThat(streamed).isEqualTo(expected);
        }
    }

    @Test
    void foldedSampleRateSessionsGiveTheUneditedModelsProbabilities() {
        float[] at8k = new float[mixture.length / 2];
        for (int i = 0; i < at8k.length; i++) {
            at8k[i] = 0.5f * (mixture[2 * i] + mixture[2 * i + 1]); // a crude 2:1 decimation: any audio will do
        }
        try (SileroVadModel unedited = SileroVadModel.open(model.path(), false)) {
            assertThat(unedited.feedsSampleRate()).isTrue();
            assertThat(model.feedsSampleRate()).isFalse();
            for (int rate : new int[] {16_000, 8_000}) {
                float[] audio = rate == 16_000 ? mixture : at8k;
                try (SileroVad folded = model.newStream(rate); SileroVad plain = unedited.newStream(rate)) {
                    float[] expected = plain.speechProbabilities(audio);
                    float[] actual = folded.speechProbabilities(audio);
                    float max = 0f;
                    float min = 1f;
                    for (float p : expected) {
                        max = Math.max(max, p);
                        min = Math.min(min, p);
                    }
                    assertThat(max).as("most speech-like chunk at %d Hz", rate).isGreaterThan(0.9f);
                    assertThat(min).as("least speech-like chunk at %d Hz", rate).isLessThan(0.1f);
                    assertThat(actual).as("%d Hz", rate).containsExactly(expected, within(FOLDED_TOLERANCE));
                }
            }
        }
    }

    @Test
    void streamsOnOneSharedModelAreIndependentAndResetForgetsState() {
        float[] quiet = TestAudio.noise(dir, 2.0, "brownnoise", 0.05, 9);
        try (SileroVad a = model.newStream(RATE); SileroVad b = model.newStream(RATE)) {
            float[] serialA = a.speechProbabilities(mixture);
            float[] serialB = b.speechProbabilities(quiet);
            a.reset();
            b.reset();
            int chunk = a.chunkSamples();
            for (int c = 0; c < quiet.length / chunk; c++) {
                assertThat(a.speechProbability(mixture, c * chunk)).isEqualTo(serialA[c]);
                assertThat(b.speechProbability(quiet, c * chunk)).isEqualTo(serialB[c]);
            }
            assertThat(a.speechProbabilities(mixture)).containsExactly(serialA);
        }
    }

    @Test
    void contextMattersTheWrapperIsFollowed() {
        // Silero's OnnxWrapper prepends 64 samples of context: the 8 kHz stream uses 32 + 256.
        try (SileroVad vad16 = model.newStream(16_000); SileroVad vad8 = model.newStream(8_000)) {
            assertThat(vad16.chunkSamples()).isEqualTo(512);
            assertThat(vad16.contextSamples()).isEqualTo(64);
            assertThat(vad8.chunkSamples()).isEqualTo(256);
            assertThat(vad8.contextSamples()).isEqualTo(32);
        }
        assertThatThrownBy(() -> model.newStream(44_100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("44100");
    }

    @Test
    void badFramesAndUseAfterCloseAreClearErrors() {
        SileroVad vad = model.newStream(RATE);
        assertThatThrownBy(() -> vad.classify(new FeatureFrame(1, 480), new float[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512");
        vad.close();
        vad.close();
        assertThatThrownBy(() -> vad.speechProbability(new float[512], 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SileroVad");
    }

    @Test
    void segmenterAsPipelineSinkEqualsTheBatchSegments() {
        List<Event> expected;
        try (SileroVad vad = model.newStream(RATE)) {
            expected = SpeechSegmenter.builder().build().segments(vad.speechProbabilities(mixture), mixture.length);
        }
        List<Event> streamed = new ArrayList<>();
        SileroVad vad = model.newStream(RATE);
        try (Pipeline p = Pipeline.builder()
                .source(Sources.fromArray(mixture, RATE))
                .window(vad.chunkSamples(), vad.chunkSamples())
                .features(new IdentityExtractor(RATE))
                .classifier(vad)
                .sink(SpeechSegmenter.builder().build().sink(streamed::add))
                .build()) {
            p.run();
        }
        assertThat(streamed).isEqualTo(expected);
        assertThatThrownBy(() -> vad.speechProbability(new float[512], 0)).as("the pipeline closed its classifier")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void concurrentStreamsOnOneSharedModelEqualSerialResults() throws Exception {
        float[] quiet = TestAudio.noise(dir, 4.0, "brownnoise", 0.05, 13);
        float[][] clips = {mixture, quiet, mixture, quiet};
        float[][] serial = new float[clips.length][];
        try (SileroVad vad = model.newStream(RATE)) {
            for (int i = 0; i < clips.length; i++) {
                serial[i] = vad.speechProbabilities(clips[i]);
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clips.length);
        try {
            List<java.util.concurrent.Future<float[]>> results = new ArrayList<>();
            for (float[] clip : clips) {
                results.add(pool.submit(() -> {
                    try (SileroVad vad = model.newStream(RATE)) {
                        return vad.speechProbabilities(clip);
                    }
                }));
            }
            for (int i = 0; i < clips.length; i++) {
                assertThat(results.get(i).get()).as("stream %d", i).containsExactly(serial[i]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void thousandsOfStreamsOpenScoreAndCloseCleanly() {
        // each stream creates and closes 5 native tensors; a double free or use-after-free would crash the JVM here
        for (int i = 0; i < STREAM_CYCLES; i++) {
            try (SileroVad vad = model.newStream(i % 2 == 0 ? 16_000 : 8_000)) {
                assertThat(vad.speechProbability(mixture, 0)).isBetween(0f, 1f);
            }
        }
    }
}
