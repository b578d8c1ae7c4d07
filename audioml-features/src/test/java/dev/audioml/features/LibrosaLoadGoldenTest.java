package dev.audioml.features;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.core.resample.Resampler;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Features of audio loaded as the REAL {@code librosa.load} loads it (librosa 0.11.0, python-soxr 1.1.0; goldens from
 * {@code tools/golden/make_load_goldens.py}): a 44.1 kHz stereo clip, resampled to 22.05, 16 and 8 kHz with soxr_hq,
 * soxr_vhq, soxr_mq, soxr_qq, polyphase and fft, with offset and duration, and the workshop's load-then-resample to
 * 22.5 kHz.
 */
class LibrosaLoadGoldenTest {
    /**
     * Largest difference of dB features (log-mel, power-dB STFT) in any bin, including the top of the band and the
     * noise floor, dB. Measured: at most 0.0004 dB (soxr_vhq power-dB STFT); log-mel at most 5e-5 dB.
     */
    static final double LOADED_DB_TOLERANCE = 0.01;
    /** Largest difference of linear features and MFCCs, relative to the largest value of the golden. */
    static final double LOADED_RELATIVE_TOLERANCE = 1e-4;

    @SuppressWarnings("unchecked")
    static Stream<Map<String, Object>> cases() throws IOException {
        try (InputStream in = LibrosaLoadGoldenTest.class.getResourceAsStream("/golden/load/cases.json")) {
            return ((List<Map<String, Object>>) new ObjectMapper().readValue(in, Map.class).get("cases")).stream();
        }
    }

    static FeatureMatrix npy(String name) throws IOException {
        try (InputStream in = LibrosaLoadGoldenTest.class.getResourceAsStream("/golden/load/" + name)) {
            return Npy.read(in);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void featuresOfLoadedAudioEqualLibrosa(Map<String, Object> c) throws IOException {
        Map<String, Object> spec = (Map<String, Object>) c.get("spec");
        float[] decoded = npy("decoded.npy").data();
        FeaturePipeline p = FeaturePipeline.fromSpec(spec, 44_100);
        assertThat(p.sampleRateHz()).isEqualTo(((Number) c.get("sr")).intValue());
        FeatureMatrix got = p.computeLoaded(decoded, 44_100);
        FeatureMatrix want = npy(c.get("name") + ".npy");
        assertThat(got.frames()).isEqualTo(want.frames());
        assertThat(got.bins()).isEqualTo(want.bins());
        boolean db = spec.containsKey("to_db");
        String feature = (String) spec.get("feature");
        if (feature.equals("poly_features") || feature.equals("spectral")) {
            // columns of very different scales (polynomial degrees, descriptors): each relative to its own largest
            for (int b = 0; b < want.bins(); b++) {
                double colPeak = 0;
                double colWorst = 0;
                for (int f = 0; f < want.frames(); f++) {
                    colPeak = Math.max(colPeak, Math.abs(want.get(f, b)));
                    colWorst = Math.max(colWorst, Math.abs(got.get(f, b) - want.get(f, b)));
                }
                System.out.printf("  column %d: max |ours - librosa| = %.3g of its peak %.3g%n", b,
                        colWorst / colPeak, colPeak);
                assertThat(colWorst / colPeak).as("column " + b).isLessThanOrEqualTo(LOADED_RELATIVE_TOLERANCE);
            }
        }
        double peak = 0;
        for (float v : want.data()) {
            peak = Math.max(peak, Math.abs(v));
        }
        double worst = 0;
        int at = 0;
        for (int i = 0; i < want.data().length; i++) {
            double d = Math.abs(got.data()[i] - want.data()[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        System.out.printf("  worst at frame %d bin %d: librosa %.6g, ours %.6g%n", at / want.bins(), at % want.bins(),
                want.data()[at], got.data()[at]);
        System.out.printf("%s: max |ours - librosa| = %.3g %s (peak %.3g)%n", c.get("name"), db ? worst : worst / peak,
                db ? "dB" : "of peak", peak);
        if (db) {
            assertThat(worst).as("max dB difference").isLessThanOrEqualTo(LOADED_DB_TOLERANCE);
        } else {
            assertThat(worst / peak).as("max difference / peak").isLessThanOrEqualTo(LOADED_RELATIVE_TOLERANCE);
        }
    }

    @Test
    void workshopLoadThenResampleEqualsLibrosa() throws IOException {
        float[] decoded = npy("decoded.npy").data();
        float[] want = npy("load22050_resample22500.npy").data();
        float[] got = Resampler.resample(Resampler.resample(decoded, 44_100, 22_050), 22_050, 22_500);
        assertThat(got).hasSize(want.length);
        double peak = 0;
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            peak = Math.max(peak, Math.abs(want[i]));
            worst = Math.max(worst, Math.abs(got[i] - want[i]));
        }
        assertThat(worst / peak).isLessThanOrEqualTo(LOADED_RELATIVE_TOLERANCE / 10);
    }
}
