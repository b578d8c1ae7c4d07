package dev.audioml.bench.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.bench.BenchInputs;
import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.StreamingFeatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every benchmark configuration builds, streams one frame per hop, and gives the frame count compare.py assumes. */
class FeatureConfigTest {
    /** Seconds of audio per check: enough to pass the first window of every configuration. */
    private static final int SECONDS = 1;
    /** MFCC coefficients (librosa's default n_mfcc). */
    private static final int MFCC_COEFFICIENTS = 20;

    @ParameterizedTest
    @EnumSource(FeatureConfig.class)
    void streamsOneFramePerHopAfterTheFirstWindow(FeatureConfig config) {
        StreamingFeatures s = FeaturePipeline.fromSpec(config.spec()).streaming();
        float[] audio = BenchInputs.noise(SECONDS * config.sampleRateHz());
        float[] out = new float[s.maxFrames(config.hopSamples()) * s.bins()];
        int hop = config.hopSamples();
        int last = 0;
        for (int at = 0; at + hop <= audio.length; at += hop) {
            last = s.push(audio, at, hop, out, 0);
        }
        assertThat(last).as("frames from the last hop").isEqualTo(1);
        int expectedBins = switch (config) {
            case STFT_16K_512_160 -> config.fftSize() / 2 + 1;
            case MFCC_16K_512_160_64 -> MFCC_COEFFICIENTS;
            default -> config.melBands();
        };
        assertThat(s.bins()).isEqualTo(expectedBins);
    }

    @ParameterizedTest
    @EnumSource(FeatureConfig.class)
    void clipFrameCountIsTheOneComparePyDividesBy(FeatureConfig config) {
        int samples = SECONDS * config.sampleRateHz();
        FeatureMatrix m = FeaturePipeline.fromSpec(config.spec()).compute(BenchInputs.noise(samples));
        int expected = config == FeatureConfig.FBANK_16K_400_160_80
                ? 1 + (samples - config.fftSize()) / config.hopSamples()   // Kaldi snip_edges
                : 1 + samples / config.hopSamples();                        // librosa center=True
        assertThat(m.frames()).isEqualTo(expected);
    }

    @Test
    void noiseIsSeededAndInRange() {
        float[] a = BenchInputs.noise(1000);
        assertThat(a).containsExactly(BenchInputs.noise(1000));
        for (float x : a) {
            assertThat(x).isBetween(-0.5f, 0.5f);
        }
    }
}
