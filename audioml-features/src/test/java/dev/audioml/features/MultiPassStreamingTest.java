package dev.audioml.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.testing.Signals;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole-matrix stages (to_db's ref="max" and top_db, Kaldi's subtract_mean) streamed in passes give the
 * whole-clip matrix bit for bit, whatever the block sizes.
 */
class MultiPassStreamingTest {
    private static final Map<String, Map<String, Object>> SPECS = Map.of(
            "mel-ref-max-top-db", StreamingTest.spec("feature", "melspectrogram", "sr", 16000, "n_fft", 512,
                    "hop_length", 160, "n_mels", 40, "to_db", StreamingTest.spec("ref", "max")),
            "mel-top-db-only", StreamingTest.spec("feature", "melspectrogram", "sr", 16000, "n_fft", 400,
                    "hop_length", 160, "n_mels", 32, "to_db", StreamingTest.spec("top_db", 40.0)),
            "mel-ref-max-no-top-db-amplitude", StreamingTest.spec("feature", "melspectrogram", "sr", 16000, "power",
                    1.0, "n_mels", 24, "to_db", StreamingTest.spec("ref", "max", "top_db", null)),
            "mfcc-default-top-db-with-deltas", StreamingTest.spec("feature", "mfcc", "sr", 16000, "n_mfcc", 13,
                    "delta", StreamingTest.spec("order", 2)),
            "kaldi-subtract-mean", StreamingTest.spec("feature", "kaldi_fbank", "num_mel_bins", 23, "subtract_mean",
                    true, "dither", 0.0),
            "onset-strength", StreamingTest.spec("feature", "onset_strength", "sr", 16000));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mel-ref-max-top-db", "mel-top-db-only", "mel-ref-max-no-top-db-amplitude",
        "mfcc-default-top-db-with-deltas", "kaldi-subtract-mean", "onset-strength"})
    void passesEqualTheWholeClipBitForBit(String name) {
        FeaturePipeline p = FeaturePipeline.fromSpec(SPECS.get(name));
        float[] clip = Signals.noise(3 * 16000 + 77, 0.3, 11);
        float[] tone = Signals.sine(660, 16000, clip.length, 0.5);
        for (int i = 0; i < clip.length; i += 2) {
            clip[i] += tone[i] * (i > clip.length / 2 ? 1 : 0.01f);
        }
        FeatureMatrix whole = p.compute(clip);
        StreamingFeatures s = p.streamingInPasses();
        assertThat(s.passes()).isEqualTo(2);
        FeatureMatrix streamed = inPasses(s, clip, new int[] {1, 4095, 160, 333});
        assertThat(streamed.frames()).isEqualTo(whole.frames());
        assertThat(streamed.data()).containsExactly(whole.data());
        // the object takes the next stream from its first pass
        assertThat(inPasses(s, clip, new int[] {16000}).data()).containsExactly(whole.data());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mel-ref-max-top-db", "mel-top-db-only", "mel-ref-max-no-top-db-amplitude",
        "mfcc-default-top-db-with-deltas", "kaldi-subtract-mean", "onset-strength"})
    void laterPassesReplayedFromTheKeptFirstPassEqualTheWholeClipBitForBit(String name) {
        FeaturePipeline p = FeaturePipeline.fromSpec(SPECS.get(name));
        float[] clip = Signals.noise(3 * 16000 + 77, 0.3, 11);
        float[] tone = Signals.sine(660, 16000, clip.length, 0.5);
        for (int i = 0; i < clip.length; i += 2) {
            clip[i] += tone[i] * (i > clip.length / 2 ? 1 : 0.01f);
        }
        FeatureMatrix whole = p.compute(clip);
        StreamingFeatures s = p.streamingInPasses();
        s.keepFirstPassRows(1L << 20);
        assertThat(s.canReplay()).isFalse();
        for (int maxRows : new int[] {1, 7, 100_000}) { // the same object, stream after stream
            assertThat(StreamingTest.stream(s, clip, new int[] {1, 4095, 160, 333}).frames()).isZero();
            assertThat(s.canReplay()).isTrue();
            assertThat(replay(s, maxRows).data()).as("%d rows per call", maxRows).containsExactly(whole.data());
            assertThat(s.canReplay()).isFalse();
        }
    }

    @Test
    void aFirstPassPastTheBudgetIsNotKeptAndThePassesReadTheStream() {
        FeaturePipeline p = FeaturePipeline.fromSpec(SPECS.get("mel-top-db-only"));
        float[] clip = Signals.noise(16000, 0.3, 5);
        FeatureMatrix whole = p.compute(clip);
        StreamingFeatures s = p.streamingInPasses();
        s.keepFirstPassRows((long) whole.frames() * 32 - 1); // one value short of the 32-band rows
        StreamingTest.stream(s, clip, new int[] {512});
        assertThat(s.canReplay()).isFalse();
        float[] out = new float[(10 + s.maxFlushFrames()) * s.bins()];
        assertThatThrownBy(() -> s.replay(out, 0, 10)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepFirstPassRows");
        assertThat(StreamingTest.stream(s, clip, new int[] {512}).data()).containsExactly(whole.data());
        // exactly enough: kept, and a pass pushed after it makes the kept rows stale
        s.keepFirstPassRows((long) whole.frames() * 32);
        StreamingTest.stream(s, clip, new int[] {512});
        assertThat(s.canReplay()).isTrue();
        s.push(clip, 0, 100, out, 0);
        assertThat(s.canReplay()).isFalse();
    }

    /** Replays a stream whose first pass has been pushed, {@code maxRows} kept rows per call, until -1. */
    private static FeatureMatrix replay(StreamingFeatures s, int maxRows) {
        int bins = s.bins();
        float[] out = new float[(maxRows + s.maxFlushFrames()) * bins];
        float[] all = new float[0];
        int frames = 0;
        for (int n; (n = s.replay(out, 0, maxRows)) >= 0; ) {
            assertThat(n).isLessThanOrEqualTo(maxRows + s.maxFlushFrames());
            all = java.util.Arrays.copyOf(all, (frames + n) * bins);
            System.arraycopy(out, 0, all, frames * bins, n * bins);
            frames += n;
        }
        return new FeatureMatrix(frames, bins, all);
    }

    @Test
    void aStreamThatChangesBetweenPassesIsRefused() {
        FeaturePipeline p = FeaturePipeline.fromSpec(SPECS.get("mel-ref-max-top-db"));
        StreamingFeatures s = p.streamingInPasses();
        float[] out = new float[s.maxFrames(16000) * s.bins()];
        s.push(new float[16000], 0, 16000, out, 0);
        assertThat(s.flush(out, 0)).isZero(); // the gathering pass emits nothing
        assertThat(s.isFinalPass()).isTrue();
        s.push(new float[8000], 0, 8000, out, 0);
        assertThatThrownBy(() -> s.flush(out, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changed between passes").hasMessageContaining("pass 1 gave 101");
        assertThat(s.isFinalPass()).isFalse(); // reset after the error
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"noise-and-tone", "repeating-frames", "silence"})
    void chromaWithItsTuningEstimatedStreamsInFourPassesBitForBit(String signal) {
        // tuning=None: librosa.estimate_tuning over the whole clip, a median of the peak magnitudes
        FeaturePipeline p = FeaturePipeline.fromSpec(StreamingTest.spec("feature", "chroma_stft", "sr", 16000));
        float[] clip = switch (signal) {
            case "noise-and-tone" -> {
                float[] c = Signals.noise(4 * 16000 + 5, 0.2, 3);
                float[] tone = Signals.sine(452, 16000, c.length, 0.5); // 452 Hz: tuned away from A440
                for (int i = 0; i < c.length; i++) {
                    c[i] += tone[i];
                }
                yield c;
            }
            case "repeating-frames" -> {
                // one 32-sample period of 500 Hz (with a harmonic) repeated exactly: every 512-sample hop gives the
                // same frame, so the peak magnitudes repeat bit for bit (many equal values at the median)
                float[] period = Signals.sine(500, 16000, 32, 0.5);
                float[] second = Signals.sine(1500, 16000, 32, 0.2);
                float[] c = new float[3 * 16000];
                for (int i = 0; i < c.length; i++) {
                    c[i] = period[i % 32] + second[i % 32];
                }
                yield c;
            }
            default -> new float[2 * 16000]; // no pitch: tuning 0.0
        };
        FeatureMatrix whole = p.compute(clip);
        StreamingFeatures s = p.streamingInPasses();
        assertThat(s.passes()).isEqualTo(4);
        FeatureMatrix streamed = inPasses(s, clip, new int[] {1, 4095, 512, 333});
        assertThat(streamed.frames()).isEqualTo(whole.frames());
        assertThat(streamed.data()).containsExactly(whole.data());
    }

    @Test
    void spectralContrastInDecibelsStreamsInTwoPassesBitForBit() {
        FeaturePipeline p = FeaturePipeline.fromSpec(StreamingTest.spec("feature", "spectral_contrast", "sr", 16000,
                "n_bands", 4));
        float[] clip = Signals.noise(3 * 16000 + 11, 0.3, 5);
        float[] tone = Signals.sine(1200, 16000, clip.length, 0.8);
        for (int i = clip.length / 3; i < clip.length; i++) {
            clip[i] += tone[i];
        }
        FeatureMatrix whole = p.compute(clip);
        StreamingFeatures s = p.streamingInPasses();
        assertThat(s.passes()).isEqualTo(2);
        assertThat(inPasses(s, clip, new int[] {7, 2048, 1}).data()).containsExactly(whole.data());
    }

    @Test
    void wholeClipStagesStillRefuseNamingTheReason() {
        FeaturePipeline p = FeaturePipeline.fromSpec(StreamingTest.spec("feature", "onset_detect", "sr", 16000));
        assertThat(p.streamingPasses()).isZero();
        assertThatThrownBy(p::streamingInPasses).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("peak picking");
        assertThat(FeaturePipeline.fromSpec(StreamingTest.spec("feature", "melspectrogram", "to_db",
                StreamingTest.spec("top_db", null))).streamingPasses()).isEqualTo(1);
    }

    private static FeatureMatrix inPasses(StreamingFeatures s, float[] clip, int[] blocks) {
        FeatureMatrix last = null;
        for (int pass = 1; pass <= s.passes(); pass++) {
            FeatureMatrix m = StreamingTest.stream(s, clip, blocks);
            if (pass < s.passes()) {
                assertThat(m.frames()).as("pass %d emits nothing", pass).isZero();
            }
            last = m;
        }
        return last;
    }
}
