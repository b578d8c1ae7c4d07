package dev.audioml.bench.features.stft;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Is a change to {@code RealFft} faster than the build before it? Two {@code benchmarks.jar} files (the build before,
 * copied aside, and the build after), each in a class loader of its own, in one JVM: per size, their
 * {@code RealFft(n).forward} on the same seeded noise (copied in before each transform, as {@link FftKernelsRun}),
 * the two sides alternating in rounds of about 1 ms in swapped order, by thread CPU time; prints each side's minimum
 * and median per transform and the median, p10 and p90 of the after / before ratio of the same round. The same
 * reason as {@code BuildVersusBuildRun}: on the 2-vCPU build VM the same code runs at one of two speeds, switching
 * every few seconds, so only sides alternating within milliseconds compare. Run: {@code java --add-modules
 * jdk.incubator.vector -cp audioml-bench/target/benchmarks.jar dev.audioml.bench.features.stft.FftBuildVersusBuildRun
 * BEFORE.jar AFTER.jar [n,n,... [ROUNDS]]} (default 256,512,1024,2048,4096 and 300 rounds: about 10 s per size).
 */
public final class FftBuildVersusBuildRun {
    private static volatile double sink;

    private FftBuildVersusBuildRun() {
    }

    /**
     * @param args two jar paths, then optional comma-separated sizes and a round count
     * @throws Throwable if a jar cannot be loaded
     */
    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: FftBuildVersusBuildRun BEFORE.jar AFTER.jar [n,n,... [ROUNDS]]");
            System.exit(2);
        }
        int[] sizes = Arrays.stream((args.length > 2 ? args[2] : "256,512,1024,2048,4096").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.println("ns per transform (thread CPU time), after / before of the same round");
        for (int n : sizes) {
            MethodHandle[] forward = new MethodHandle[2];
            for (int side = 0; side < 2; side++) {
                ClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[side]).toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
                Class<?> fft = loader.loadClass("dev.audioml.features.internal.RealFft");
                forward[side] = MethodHandles.publicLookup()
                        .findVirtual(fft, "forward", MethodType.methodType(void.class, double[].class))
                        .bindTo(fft.getConstructor(int.class).newInstance(n));
            }
            double[] input = new double[n];
            Random random = new Random(42);
            for (int i = 0; i < n; i++) {
                input[i] = random.nextDouble() - 0.5;
            }
            double[] work = new double[n];
            int reps = Math.max(100, 1_000_000 / n);
            double[][] times = new double[2][rounds];
            for (int round = -rounds / 4; round < rounds; round++) { // the first quarter warms up, unrecorded
                for (int k = 0; k < 2; k++) {
                    int side = (round & 1) == 0 ? k : 1 - k;
                    long t0 = threads.getCurrentThreadCpuTime();
                    for (int r = 0; r < reps; r++) {
                        System.arraycopy(input, 0, work, 0, n);
                        forward[side].invokeExact(work);
                    }
                    long t1 = threads.getCurrentThreadCpuTime();
                    sink += work[1];
                    if (round >= 0) {
                        times[side][round] = (t1 - t0) / (double) reps;
                    }
                }
            }
            double[] ratio = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratio[i] = times[1][i] / times[0][i];
            }
            Arrays.sort(times[0]);
            Arrays.sort(times[1]);
            Arrays.sort(ratio);
            System.out.printf(Locale.ROOT, "n=%-5d before min %.0f median %.0f | after min %.0f median %.0f | "
                    + "after / before median %.3f (p10 %.3f, p90 %.3f)%n", n, times[0][0], times[0][rounds / 2],
                    times[1][0], times[1][rounds / 2], ratio[rounds / 2], ratio[rounds / 10],
                    ratio[rounds * 9 / 10]);
        }
    }
}
