package dev.audioml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.testing.Signals;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingTest {
    static final double STREAM_TOLERANCE = GoldenParityTest.STREAM_TOLERANCE;

    /** Pushes {@code clip} in blocks cycling through {@code blockSizes}, then flushes. */
    static FeatureMatrix stream(StreamingFeatures s, float[] clip, int[] blockSizes) {
        int bins = s.bins();
        float[] all = new float[(clip.length + 16 * 4096) * bins / 16];
        int frames = 0;
        int pos = 0;
        int i = 0;
        float[] out = new float[0];
        while (pos < clip.length) {
            int n = Math.min(blockSizes[i++ % blockSizes.length], clip.length - pos);
            if (out.length < s.maxFrames(n) * bins) {
                out = new float[s.maxFrames(n) * bins];
            }
            int got = s.push(clip, pos, n, out, 0);
            all = ensure(all, (frames + got) * bins);
            System.arraycopy(out, 0, all, frames * bins, got * bins);
            frames += got;
            pos += n;
        }
        float[] tail = new float[s.maxFlushFrames() * bins];
        int got = s.flush(tail, 0);
        all = ensure(all, (frames + got) * bins);
        System.arraycopy(tail, 0, all, frames * bins, got * bins);
        frames += got;
        return new FeatureMatrix(frames, bins, Arrays.copyOf(all, frames * bins));
    }

    private static float[] ensure(float[] a, int n) {
        return a.length >= n ? a : Arrays.copyOf(a, Math.max(n, 2 * a.length));
    }

    static Map<String, Object> spec(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {1, 2, 5, 100, 255, 256, 257, 511, 1000, 4097})
    void streamedEqualsBatchForShortAndOddLengthsInBothPadModes(int length) {
        for (String pad : new String[] {"constant", "reflect"}) {
            FeaturePipeline p = FeaturePipeline.fromSpec(spec("feature", "melspectrogram", "sr", 16000, "n_fft", 512,
                    "hop_length", 160, "n_mels", 32, "pad_mode", pad, "to_db", spec("top_db", null)));
            float[] clip = Signals.noise(length, 0.5, length);
            FeatureMatrix batch = p.compute(clip);
            FeatureMatrix streamed = stream(p.streaming(), clip, new int[] {1});
            assertThat(streamed.frames()).as(pad).isEqualTo(batch.frames()).isEqualTo(1 + length / 160);
            GoldenParityTest.assertClose(streamed, batch, -1, STREAM_TOLERANCE * GoldenParityTest.maxAbs(batch, -1),
                    pad + " " + length);
        }
    }

    @Test
    void oneStreamingObjectServesSeveralStreamsAfterFlush() {
        FeaturePipeline p = FeaturePipeline.fromSpec(spec("feature", "mfcc", "sr", 16000, "n_fft", 400,
                "hop_length", 160, "n_mels", 40, "n_mfcc", 13, "to_db", spec("top_db", null)));
        StreamingFeatures s = p.streaming();
        float[] a = Signals.sine(440, 16000, 3000, 0.5);
        float[] b = Signals.noise(5000, 0.3, 7);
        FeatureMatrix first = stream(s, a, new int[] {33});
        FeatureMatrix second = stream(s, b, new int[] {160});
        assertThat(first.data()).containsExactly(p.compute(a).data());
        assertThat(second.frames()).isEqualTo(p.compute(b).frames());
        GoldenParityTest.assertClose(second, p.compute(b), -1, 1e-4, "second stream");
    }

    @Test
    void matrixWideStagesRefuseStreamingNamingTheReason() {
        FeaturePipeline p = FeaturePipeline.fromSpec(spec("feature", "melspectrogram", "to_db", spec("ref", "max")));
        assertThat(p.isStreamable()).isFalse();
        assertThatThrownBy(p::streaming).isInstanceOf(IllegalStateException.class).hasMessageContaining("ref=\"max\"");
    }

    @Test
    void featureExtractorWindowEqualsBatchAndWritesIntoTheCallersFrame() {
        FeaturePipeline p = FeaturePipeline.fromSpec(spec("feature", "melspectrogram", "sr", 16000, "n_fft", 512,
                "hop_length", 160, "n_mels", 64, "to_db", spec("ref", "max")));
        float[] clip = Signals.sweep(100, 6000, 16000, 16000, 0.7);
        int[] shape = p.outputShape(clip.length);
        assertThat(shape).containsExactly(101, 64);
        dev.audioml.core.FeatureFrame frame = new dev.audioml.core.FeatureFrame(shape);
        p.extract(dev.audioml.core.AudioBlock.of(clip, 16000, 0), frame);
        assertThat(frame.data()).containsExactly(p.compute(clip).data());
    }

    @Test
    void outOfRoomAndWrongRateAreClearErrors() {
        StreamingFeatures s = FeaturePipeline.fromSpec(spec("feature", "melspectrogram", "sr", 16000)).streaming();
        assertThatThrownBy(() -> s.push(new float[4096], 0, 4096, new float[10], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out needs room");
        assertThatThrownBy(() -> s.push(dev.audioml.core.AudioBlock.of(new float[10], 8000, 0), new float[4096], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16000");
    }
}
