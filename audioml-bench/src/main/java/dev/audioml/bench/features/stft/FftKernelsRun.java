package dev.audioml.bench.features.stft;

import dev.audioml.bench.BenchInputs;
import dev.audioml.features.internal.Kernels;
import dev.audioml.features.internal.RealFft;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * How much faster is {@link RealFft} on the SIMD kernels than on the scalar ones? Both in one JVM, alternating
 * batches, by thread CPU time (so load that comes and goes on a shared machine cancels out), each side's best of
 * {@value #ROUNDS} rounds in ns per transform of a copy of seeded noise (as {@link FftBenchmark}). Needs the vector
 * module: {@code java --add-modules jdk.incubator.vector -cp audioml-bench/target/benchmarks.jar
 * dev.audioml.bench.features.stft.FftKernelsRun [n,n,...]} (default 256,400,512,1024,2048,4096; about 5 s each).
 */
public final class FftKernelsRun {
    private static final int ROUNDS = 20;
    private static volatile double sink;

    private FftKernelsRun() {
    }

    /** @param args optional comma-separated FFT sizes */
    public static void main(String[] args) {
        Kernels vector = Kernels.vectorOrNull();
        if (vector == null) {
            System.err.println("FftKernelsRun: no jdk.incubator.vector in this JVM (add --add-modules "
                    + "jdk.incubator.vector)");
            System.exit(2);
        }
        String sizes = args.length > 0 ? args[0] : "256,400,512,1024,2048,4096";
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.println("n      scalar ns   SIMD ns   speed-up   SIMD B/op");
        for (String size : sizes.split(",")) {
            int n = Integer.parseInt(size.trim());
            RealFft[] ffts = {new RealFft(n, Kernels.scalar()), new RealFft(n, vector)};
            float[] noise = BenchInputs.noise(n);
            double[] input = new double[n];
            for (int i = 0; i < n; i++) {
                input[i] = noise[i];
            }
            double[] work = new double[n];
            int reps = Math.max(200, 2_000_000 / n);
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
            long allocated = 0;
            long tid = Thread.currentThread().getId();
            for (int round = 0; round < ROUNDS; round++) {
                for (int side = 0; side < 2; side++) {
                    long bytes = threads.getThreadAllocatedBytes(tid);
                    long t0 = threads.getCurrentThreadCpuTime();
                    for (int r = 0; r < reps; r++) {
                        System.arraycopy(input, 0, work, 0, n);
                        ffts[side].forward(work);
                    }
                    long t1 = threads.getCurrentThreadCpuTime();
                    sink += work[1];
                    best[side] = Math.min(best[side], (t1 - t0) / (double) reps);
                    if (side == 1) {
                        allocated = threads.getThreadAllocatedBytes(tid) - bytes;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-6d %9.0f %9.0f %9.2fx %10d%n", n, best[0], best[1], best[0] / best[1],
                    allocated / reps);
        }
    }
}
