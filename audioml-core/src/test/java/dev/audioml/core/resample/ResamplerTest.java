package dev.audioml.core.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.testing.Signals;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResamplerTest {
    /** Largest gain error allowed in the passband (up to 0.9 of the lower Nyquist frequency), dB. */
    private static final double PASSBAND_TOLERANCE_DB = 0.1;
    /** Least attenuation of anything that does not belong in the output (aliases, images), dB. */
    private static final double MIN_REJECTION_DB = 70;
    /** Largest difference between a resampled slow tone and the tone evaluated at the output instants. */
    private static final double TIME_ALIGNMENT_TOLERANCE = 1e-4;
    private static final double AMPLITUDE = 0.5;
    private static final double SECONDS = 0.5;
    private static final int TONES = 12;
    /** Bytes tolerated over 2000 warmed-up blocks (JVM noise); one allocation per block would exceed it tenfold. */
    private static final long ALLOCATION_NOISE_BYTES = 1024;

    /** Least-squares fit of a * sin + b * cos + c at {@code frequencyHz} over y[from, to); returns {amplitude, residual rms}. */
    static double[] fitTone(float[] y, int rateHz, double frequencyHz, int from, int to) {
        double[][] m = new double[3][3];
        double[] v = new double[3];
        for (int n = from; n < to; n++) {
            double w = 2 * Math.PI * frequencyHz * n / rateHz;
            double[] basis = {Math.sin(w), Math.cos(w), 1};
            for (int i = 0; i < 3; i++) {
                v[i] += basis[i] * y[n];
                for (int j = 0; j < 3; j++) {
                    m[i][j] += basis[i] * basis[j];
                }
            }
        }
        double[] c = solve3(m, v);
        double residual = 0;
        for (int n = from; n < to; n++) {
            double w = 2 * Math.PI * frequencyHz * n / rateHz;
            double e = y[n] - (c[0] * Math.sin(w) + c[1] * Math.cos(w) + c[2]);
            residual += e * e;
        }
        return new double[] {Math.hypot(c[0], c[1]), Math.sqrt(residual / (to - from))};
    }

    private static double[] solve3(double[][] a, double[] b) {
        double det = det3(a);
        double[] x = new double[3];
        for (int k = 0; k < 3; k++) {
            double[][] m = new double[3][];
            for (int i = 0; i < 3; i++) {
                m[i] = a[i].clone();
                m[i][k] = b[i];
            }
            x[k] = det3(m) / det;
        }
        return x;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    private static double rms(float[] y, int from, int to) {
        double sum = 0;
        for (int n = from; n < to; n++) {
            sum += (double) y[n] * y[n];
        }
        return Math.sqrt(sum / (to - from));
    }

    private static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    /** Output samples to skip at each end: the filter's reach plus margin, so the abrupt start/end do not count. */
    private static int edge(Resampler r) {
        return (int) ((long) r.halfWidthSamples() * r.toHz() / r.fromHz()) + r.toHz() / 100;
    }

    /** Resamples a whole clip with {@code r} after a reset (building the table once per test keeps the suite fast). */
    private static float[] resample(Resampler r, float[] in) {
        r.reset();
        float[] out = new float[r.maxOutputSamples(in.length) + r.maxFlushSamples()];
        int n = r.process(in, 0, in.length, out, 0);
        n += r.flush(out, n);
        return java.util.Arrays.copyOf(out, n);
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "22050, 16000", "11025, 16000", "8000, 16000", "44100, 22050",
        "48000, 22050", "16000, 22050", "8000, 22050", "11025, 22050", "16000, 48000", "44101, 16000", "16000, 44101"})
    void passbandIsFlatAndTonesComeOutClean(int fromHz, int toHz) {
        double lowerNyquistHz = Math.min(fromHz, toHz) / 2.0;
        Resampler r = new Resampler(fromHz, toHz);
        int edge = edge(r);
        double worstGainDb = 0;
        double worstResidualDb = -Double.MAX_VALUE;
        for (int i = 0; i < TONES; i++) {
            double f = lowerNyquistHz * Resampler.PASSBAND_EDGE * (i + 1) / TONES;
            float[] out = resample(r, Signals.sine(f, fromHz, (int) (SECONDS * fromHz), AMPLITUDE));
            double[] fit = fitTone(out, toHz, f, edge, out.length - edge);
            worstGainDb = Math.max(worstGainDb, Math.abs(db(fit[0] / AMPLITUDE)));
            worstResidualDb = Math.max(worstResidualDb, db(fit[1] / (AMPLITUDE / Math.sqrt(2))));
        }
        assertThat(worstGainDb).as("passband gain error, dB").isLessThanOrEqualTo(PASSBAND_TOLERANCE_DB);
        assertThat(worstResidualDb).as("aliases/images/distortion beside in-band tones, dB")
                .isLessThanOrEqualTo(-MIN_REJECTION_DB);
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"44100, 16000", "48000, 16000", "22050, 16000", "44100, 22050", "48000, 22050", "44101, 16000",
        "32000, 16000"})
    void tonesAndSweepsAboveTheTargetNyquistAreRejected(int fromHz, int toHz) {
        double targetNyquistHz = toHz / 2.0;
        double sourceNyquistHz = fromHz / 2.0;
        Resampler r = new Resampler(fromHz, toHz);
        int edge = edge(r);
        double inputRms = AMPLITUDE / Math.sqrt(2);
        double worstDb = -Double.MAX_VALUE;
        for (int i = 0; i < TONES; i++) {
            double f = targetNyquistHz * 1.01 + (sourceNyquistHz * 0.99 - targetNyquistHz * 1.01) * i / (TONES - 1);
            float[] out = resample(r, Signals.sine(f, fromHz, (int) (SECONDS * fromHz), AMPLITUDE));
            worstDb = Math.max(worstDb, db(rms(out, edge, out.length - edge) / inputRms));
        }
        assertThat(worstDb).as("worst tone above the target Nyquist, dB").isLessThanOrEqualTo(-MIN_REJECTION_DB);
        float[] sweep = Signals.sweep(targetNyquistHz * 1.01, sourceNyquistHz * 0.99, fromHz, fromHz, AMPLITUDE);
        float[] out = resample(r, sweep);
        assertThat(db(rms(out, edge, out.length - edge) / inputRms)).as("stopband sweep, dB")
                .isLessThanOrEqualTo(-MIN_REJECTION_DB);
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"44100, 16000", "8000, 16000", "11025, 22050", "48000, 16000", "16000, 16000", "44101, 16000", "7, 3",
        "22050, 22500"})
    void streamingInBlocksOfAnySizeEqualsBatchExactly(int fromHz, int toHz) {
        float[] in = Signals.noise(fromHz / 3 + 1234, 0.9, fromHz);
        float[] batch = Resampler.resample(in, fromHz, toHz);
        Resampler r = new Resampler(fromHz, toHz);
        assertThat(batch).hasSize((int) r.outputLength(in.length));
        SplittableRandom random = new SplittableRandom(toHz);
        float[] streamed = new float[batch.length];
        float[] out = new float[r.maxOutputSamples(5000)];
        int n = 0;
        for (int pos = 0; pos < in.length; ) {
            int len = Math.min(in.length - pos, random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(5000));
            int got = r.process(in, pos, len, out, 0);
            System.arraycopy(out, 0, streamed, n, got);
            n += got;
            pos += len;
        }
        float[] tail = new float[r.maxFlushSamples()];
        int got = r.flush(tail, 0);
        System.arraycopy(tail, 0, streamed, n, got);
        assertThat(n + got).isEqualTo(batch.length);
        assertThat(streamed).containsExactly(batch);
        assertThat(r.flush(tail, 0)).isZero();
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @CsvSource({"44100, 16000", "16000, 44100", "22050, 16000", "8000, 16000", "44101, 16000"})
    void outputSampleNIsTheInputAtTimeNTimesFromOverTo(int fromHz, int toHz) {
        double f = 0.05 * Math.min(fromHz, toHz);
        Resampler r = new Resampler(fromHz, toHz);
        float[] out = resample(r, Signals.sine(f, fromHz, fromHz, AMPLITUDE));
        assertThat(out).hasSize(toHz);
        int edge = edge(r);
        double worst = 0;
        for (int n = edge; n < out.length - edge; n++) {
            worst = Math.max(worst, Math.abs(out[n] - AMPLITUDE * Math.sin(2 * Math.PI * f * n / toHz)));
        }
        assertThat(worst).as("largest deviation from the tone at t = n / toHz").isLessThan(TIME_ALIGNMENT_TOLERANCE);
    }

    @Test
    void impulseLandsAtTheCorrespondingOutputSample() {
        float[] out = Resampler.resample(Signals.impulse(4800, 2400), 48_000, 16_000);
        int peak = 0;
        for (int n = 1; n < out.length; n++) {
            peak = Math.abs(out[n]) > Math.abs(out[peak]) ? n : peak;
        }
        assertThat(peak).isEqualTo(800);
        // symmetric: zero phase, no delay (to the single-precision FFT's round-off, as libsoxr's cr32s)
        assertThat(out[peak - 1]).isCloseTo(out[peak + 1], org.assertj.core.data.Offset.offset(1e-6f * out[peak]));
    }

    @Test
    void steadyStateProcessingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Resampler r = new Resampler(44_100, 16_000);
        float[] in = Signals.noise(1024, 0.5, 1);
        float[] out = new float[r.maxOutputSamples(in.length)];
        long produced = 0;
        // warm-up until the JIT has compiled the per-block path: the SIMD passes allocate their vectors until C2
        // compiles them (a few thousand blocks; later on a loaded machine), then nothing
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 40 && allocated > ALLOCATION_NOISE_BYTES; round++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 2_000; i++) {
                produced += r.process(in, 0, 1 + i % in.length, out, 0);
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertThat(allocated).as("bytes over 2000 blocks after warm-up").isLessThanOrEqualTo(ALLOCATION_NOISE_BYTES);
        assertThat(produced).isPositive();
    }

    @Test
    void emptyInputGivesEmptyOutputAndBadArgumentsAreNamed() {
        assertThat(Resampler.resample(new float[0], 44_100, 16_000)).isEmpty();
        assertThatThrownBy(() -> new Resampler(0, 16_000)).hasMessageContaining("fromHz must be >= 1, got 0");
        assertThatThrownBy(() -> new Resampler(16_000, -1)).hasMessageContaining("toHz must be >= 1, got -1");
        Resampler r = new Resampler(48_000, 16_000);
        assertThatThrownBy(() -> r.process(new float[30], 0, 30, new float[2], 0))
                .hasMessageContaining("room for " + r.maxOutputSamples(30));
        r.flush(new float[r.maxFlushSamples()], 0);
        assertThatThrownBy(() -> r.process(new float[1], 0, 1, new float[2], 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Resampler");
    }

    @Test
    void lengthIsLibrosasCeilingInDoublePrecision() {
        // librosa.resample: n_samples = int(np.ceil(n * (target_sr / orig_sr))), then fix_length pads with zeros
        assertThat(new Resampler(44_100, 16_000).outputLength(44_100)).isEqualTo((long) Math.ceil(44_100 * (16_000.0 / 44_100)));
        assertThat(Resampler.resample(new float[7], 44_100, 22_050)).hasSize(4);
        assertThat(Resampler.resample(new float[1], 8_000, 96_000)).hasSize(12);
    }

    @Test
    void besselAndKaiserHelpersMatchKnownValues() {
        assertThat(Resampler.besselI0(0)).isEqualTo(1.0);
        assertThat(Resampler.besselI0(1)).isCloseTo(1.2660658777520082, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(Resampler.kaiserBeta(90)).isCloseTo(0.1102 * 81.3, org.assertj.core.data.Offset.offset(1e-12));
    }
}
