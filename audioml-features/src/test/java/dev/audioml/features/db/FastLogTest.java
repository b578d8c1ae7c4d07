package dev.audioml.features.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastLogTest {
    /** Seeded arguments per check: log-uniform over {@link #DECADES} decades around 1. */
    static final int SAMPLES = 2_000_000;
    static final int DECADES = 600;

    @Test
    @DisplayName("ln is within MAX_ERROR of Math.log over 600 decades of normal doubles")
    void matchesMathLog() {
        SplittableRandom random = new SplittableRandom(7);
        double worst = 0;
        for (int i = 0; i < SAMPLES; i++) {
            double x = Math.pow(10, (random.nextDouble() - 0.5) * DECADES);
            worst = Math.max(worst, Math.abs(FastLog.ln(x) - Math.log(x)));
        }
        assertThat(worst).isGreaterThan(0).isLessThanOrEqualTo(FastLog.MAX_ERROR);
    }

    @Test
    @DisplayName("dB values of power spectra in float32 equal those of Math.log10")
    void decibelsFloatIdentical() {
        SplittableRandom random = new SplittableRandom(11);
        Decibels decibels = new Decibels(false, 1.0, false, 1e-10, Double.NaN);
        double[] row = new double[SAMPLES];
        double[] reference = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            row[i] = Math.pow(10, random.nextDouble() * 16 - 12); // 1e-12 .. 1e4: power spectra of [-1, 1] audio
            reference[i] = 10 * Math.log10(Math.max(1e-10, row[i]));
        }
        decibels.applyToRow(row, SAMPLES);
        int differing = 0;
        for (int i = 0; i < SAMPLES; i++) {
            differing += (float) row[i] == (float) reference[i] ? 0 : 1;
        }
        assertThat(differing).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 2.0, 0.5, 1024.0, 0x1p-1022, 0x1p1023})
    @DisplayName("exact powers of two give e ln 2 (ln 1 = 0)")
    void powersOfTwo(double x) {
        assertThat(FastLog.ln(x)).isEqualTo(Math.getExponent(x) * Math.log(2.0));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.0, -1.0, Double.MIN_VALUE, 0x1p-1030, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NaN, Double.MAX_VALUE, Math.E, 10.0, 0.1, 1.0 + 0x1p-52, 1.0 - 0x1p-53})
    @DisplayName("special and edge arguments follow Math.log")
    void edges(double x) {
        double expected = Math.log(x);
        if (Double.isNaN(expected) || Double.isInfinite(expected) || x < Double.MIN_NORMAL) {
            assertThat(Double.valueOf(FastLog.ln(x))).isEqualTo(Double.valueOf(expected)); // boxed: NaN equals NaN
        } else {
            assertThat(FastLog.ln(x)).isCloseTo(expected, within(FastLog.MAX_ERROR));
        }
    }
}
