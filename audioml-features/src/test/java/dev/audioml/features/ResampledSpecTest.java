package dev.audioml.features;

import static dev.audioml.features.StreamingTest.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A spec's {@code sr} resamples like {@code librosa.load(sr=...)}: compared with SoX's HQ resampler ({@code rate -h},
 * the ancestor of libsoxr) on the same 44.1 kHz speech, the 16 kHz log-mel features stay close (measured: 0.033 dB
 * below 7.2 kHz, 0.014 dB in the top bands). The exact comparison with the real librosa.load is
 * {@link LibrosaLoadGoldenTest}.
 */
class ResampledSpecTest {
    /** Largest tolerated log-mel difference (dB) on bins within 60 dB of the peak. */
    static final double RESAMPLED_LOGMEL_TOLERANCE_DB = 0.5;
    /** Bins quieter than the peak by more than this are not compared (resampler noise floors differ there). */
    static final double COMPARED_RANGE_DB = 60.0;
    /** Bands reaching above 0.9 of the 16 kHz Nyquist frequency are reported separately (SoX is not libsoxr). */
    static final double PASSBAND_EDGE_HZ = 0.9 * 8000;

    @Test
    void logMelOfOurResamplingIsCloseToSoxHq() throws IOException {
        FeaturePipeline p = FeaturePipeline.fromSpec(spec("feature", "melspectrogram", "sr", 16000, "n_fft", 512,
                "hop_length", 160, "n_mels", 64, "to_db", spec("ref", "max", "top_db", null)));
        float[] clip44k = GoldenParityTest.load("input_44100.npy").data();
        float[] sox = GoldenParityTest.load("input_44100_sox_hq_16000.npy").data();
        FeatureMatrix ours = p.compute(clip44k, 44_100);
        FeatureMatrix reference = p.compute(sox);
        int frames = Math.min(ours.frames(), reference.frames());
        assertThat(Math.abs(ours.frames() - reference.frames())).isLessThanOrEqualTo(1);
        double[] centres = dev.audioml.features.mel.MelFilterBank.melFrequencies(66, 0, 8000, false);
        double worst = 0;
        double worstTop = 0;
        double sum = 0;
        int count = 0;
        for (int f = 1; f < frames - 1; f++) { // the last frame may see a different end length
            for (int b = 0; b < 64; b++) {
                if (centres[b + 2] > PASSBAND_EDGE_HZ) { // filter reaches above the resampler's passband edge
                    if (reference.get(f, b) > -COMPARED_RANGE_DB) {
                        worstTop = Math.max(worstTop, Math.abs(ours.get(f, b) - reference.get(f, b)));
                    }
                    continue;
                }
                if (reference.get(f, b) > -COMPARED_RANGE_DB) {
                    double d = Math.abs(ours.get(f, b) - reference.get(f, b));
                    worst = Math.max(worst, d);
                    sum += d;
                    count++;
                }
            }
        }
        System.out.printf("resampled log-mel vs sox HQ: below %.0f Hz max %.4f dB, mean %.5f dB over %d bins; "
                + "bands reaching above it max %.3f dB%n", PASSBAND_EDGE_HZ, worst, sum / count, count, worstTop);
        assertThat(worst).isLessThanOrEqualTo(RESAMPLED_LOGMEL_TOLERANCE_DB);
    }
}
