package dev.audioml.bench.features;

import dev.audioml.bench.BenchInputs;
import dev.audioml.features.internal.GroupedRows;
import dev.audioml.features.internal.Kernels;
import dev.audioml.features.internal.RealFft;
import dev.audioml.features.mel.MelFilterBank;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Where does one hop of log-mel go, and what do the SIMD kernels save in each part? The per-frame stages of
 * {@code LOGMEL_16K_512_160_64} (the framer's float-to-double copy, window product, real FFT, power spectrum, mel
 * projection, dB row) one at a time on the scalar and on the vector kernels (before issue 18's second pass the frame
 * copy and the dB row ran the scalar code on both), plus the mel projection one filter at a time as it ran before the grouping; all in one JVM, alternating,
 * by thread CPU time, each the best of {@value #ROUNDS} rounds, in ns per call. Run:
 * {@code java --add-modules jdk.incubator.vector -cp audioml-bench/target/benchmarks.jar
 * dev.audioml.bench.features.HopKernelsRun [nFft nMels sampleRateHz]} (about 10 s).
 */
public final class HopKernelsRun {
    private static final int ROUNDS = 30;
    private static final int REPS = 20_000;
    private static volatile double sink;

    private HopKernelsRun() {
    }

    /** @param args optional n_fft, n_mels and sample rate (default 512 64 16000) */
    public static void main(String[] args) {
        int nFft = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int nMels = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int sr = args.length > 2 ? Integer.parseInt(args[2]) : 16_000;
        Kernels vector = Kernels.vectorOrNull();
        if (vector == null) {
            System.err.println("HopKernelsRun: no jdk.incubator.vector in this JVM (add --add-modules "
                    + "jdk.incubator.vector)");
            System.exit(2);
        }
        Kernels scalar = Kernels.scalar();
        int bins = nFft / 2 + 1;
        MelFilterBank bank = new MelFilterBank(sr, nFft, nMels, 0, sr / 2.0, false, true);
        // the band-limited layout MelFilterBank keeps, rebuilt from its weights
        double[] flat = new double[nMels * bins];
        int[] offset = new int[nMels + 1];
        int[] first = new int[nMels];
        for (int m = 0; m < nMels; m++) {
            int lo = 0;
            while (lo < bins - 1 && bank.weight(m, lo) == 0) {
                lo++;
            }
            int hi = bins - 1;
            while (hi > lo && bank.weight(m, hi) == 0) {
                hi--;
            }
            first[m] = lo;
            for (int k = lo; k <= hi; k++) {
                flat[offset[m] + k - lo] = bank.weight(m, k);
            }
            offset[m + 1] = offset[m] + hi - lo + 1;
        }
        GroupedRows grouped = GroupedRows.of(flat, offset, first, nMels, bins);
        float[] noise = BenchInputs.noise(nFft);
        double[] frame = new double[nFft];
        double[] window = new double[nFft];
        for (int i = 0; i < nFft; i++) {
            frame[i] = noise[i];
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / nFft);
        }
        double[] work = new double[nFft];
        double[] power = new double[bins];
        double[] mel = new double[nMels];
        double[] db = new double[nMels];
        RealFft[] ffts = {new RealFft(nFft, scalar), new RealFft(nFft, vector)};
        fft(ffts[0], frame, work);
        scalar.powerSpectrum(work, nFft, power);
        scalar.groupedRows(grouped, power, mel);
        double lnScale = 10 / Math.log(10);
        float[] ring = noise.clone(); // the framer's float ring
        Runnable[][] parts = {
            {() -> scalar.toDouble(ring, 0, frame, 0, nFft), () -> vector.toDouble(ring, 0, frame, 0, nFft)},
            {() -> scalar.multiply(frame, window, work, nFft), () -> vector.multiply(frame, window, work, nFft)},
            {() -> fft(ffts[0], frame, work), () -> fft(ffts[1], frame, work)},
            {() -> scalar.powerSpectrum(work, nFft, power), () -> vector.powerSpectrum(work, nFft, power)},
            {() -> rowByRow(flat, offset, first, power, mel, nMels), () -> scalar.groupedRows(grouped, power, mel),
                () -> vector.groupedRows(grouped, power, mel)},
            {() -> scalar.logScale(mel, db, nMels, lnScale, 1e-10, 0),
                () -> vector.logScale(mel, db, nMels, lnScale, 1e-10, 0)},
        };
        String[] names = {"frame: float ring to double", "window product", "real FFT (copy + forward)", "power spectrum", "mel projection",
            "dB row"};
        String[] plain = {"scalar", "SIMD"};
        String[][] sides = {plain, plain, plain, plain, {"row by row (before)", "grouped scalar", "grouped SIMD"},
            plain};
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%d/%d at %d Hz, ns per call, best of %d rounds (thread CPU time)%n", nFft,
                nMels, sr, ROUNDS);
        for (int p = 0; p < parts.length; p++) {
            double[] best = new double[parts[p].length];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            for (int round = 0; round < ROUNDS; round++) {
                for (int side = 0; side < parts[p].length; side++) {
                    Runnable r = parts[p][side];
                    long t0 = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < REPS; i++) {
                        r.run();
                    }
                    long t1 = threads.getCurrentThreadCpuTime();
                    best[side] = Math.min(best[side], (t1 - t0) / (double) REPS);
                }
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-26s", names[p]));
            for (int side = 0; side < best.length; side++) {
                line.append(String.format(Locale.ROOT, "  %s %.0f", sides[p][side], best[side]));
            }
            System.out.println(line);
        }
        sink = mel[0] + db[0] + power[1];
    }

    private static void fft(RealFft fft, double[] frame, double[] work) {
        System.arraycopy(frame, 0, work, 0, frame.length);
        fft.forward(work);
    }

    /** The mel projection as the kernels ran it before the grouping: one filter after another. */
    private static void rowByRow(double[] weights, int[] offset, int[] first, double[] in, double[] out, int rows) {
        for (int m = 0; m < rows; m++) {
            int from = offset[m];
            int shift = first[m] - from;
            double sum = 0;
            for (int i = from, end = offset[m + 1]; i < end; i++) {
                sum += weights[i] * in[i + shift];
            }
            out[m] = sum;
        }
    }
}
