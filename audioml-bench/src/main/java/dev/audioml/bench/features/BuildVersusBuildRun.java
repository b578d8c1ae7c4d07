package dev.audioml.bench.features;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Is a change to the per-hop path faster than the build before it? Two {@code benchmarks.jar} files (say the build
 * before the change, copied aside, and the build after) each in a class loader of its own, in one JVM, streaming the
 * same noise through their {@code StreamingFeatures} in 4096-sample blocks, the two sides alternating in rounds of
 * about 10 ms, by thread CPU time; prints each side's per-frame time and the ratio of adjacent rounds.
 *
 * <p>Why: on the 2-vCPU build VM the per-hop time of the same code is bimodal, about 1.8 or about 3.6 us for SIMD
 * log-mel 512/160/64 (and 3.1 or 5.2 us scalar), switching every few seconds, whatever the load inside the VM: the
 * host runs something on the same physical core (a latency-bound integer chain, timed between rounds as {@code
 * chain}, keeps its speed, so the clock frequency does not change; throughput-bound code halves). JMH forks minutes
 * apart, or two JVMs, land in different modes; two builds alternating every few milliseconds see the same mode.
 * Run: {@code java --add-modules jdk.incubator.vector -cp audioml-bench/target/benchmarks.jar
 * dev.audioml.bench.features.BuildVersusBuildRun BEFORE.jar AFTER.jar [CONFIG [ROUNDS]]} (default
 * {@code LOGMEL_16K_512_160_64}, 400 rounds: about 20 s).
 */
public final class BuildVersusBuildRun {
    private static final int BLOCK_SAMPLES = 4096;
    private static volatile long sink;

    private BuildVersusBuildRun() {
    }

    /**
     * @param args two jar paths, then an optional {@link FeatureConfig} name and round count
     * @throws Exception if a jar cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BuildVersusBuildRun BEFORE.jar AFTER.jar [CONFIG [ROUNDS]]");
            System.exit(2);
        }
        String config = args.length > 2 ? args[2] : FeatureConfig.LOGMEL_16K_512_160_64.name();
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 400;
        Object[] streams = new Object[2];
        Method[] push = new Method[2];
        int bins = 1;
        for (int side = 0; side < 2; side++) {
            ClassLoader loader = new URLClassLoader(new URL[] {Path.of(args[side]).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> configClass = loader.loadClass(FeatureConfig.class.getName());
            Object spec = configClass.getMethod("spec").invoke(configClass.getMethod("valueOf", String.class)
                    .invoke(null, config));
            Class<?> pipeline = loader.loadClass("dev.audioml.features.FeaturePipeline");
            streams[side] = pipeline.getMethod("streaming").invoke(pipeline.getMethod("fromSpec", Map.class)
                    .invoke(null, spec));
            push[side] = streams[side].getClass().getMethod("push", float[].class, int.class, int.class,
                    float[].class, int.class);
            bins = Math.max(bins, (int) streams[side].getClass().getMethod("bins").invoke(streams[side]));
        }
        float[] audio = new float[2 * FeatureConfig.valueOf(config).sampleRateHz()];
        Random random = new Random(1);
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (float) (0.1 * random.nextGaussian());
        }
        float[] out = new float[(BLOCK_SAMPLES + 1) * bins];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] perFrame = new double[2][rounds];
        double[] ratio = new double[rounds];
        double[] chain = new double[rounds];
        for (int round = -rounds / 4; round < rounds; round++) { // the first quarter warms up
            for (int turn = 0; turn < 2; turn++) {
                int side = (round & 1) == 0 ? turn : 1 - turn; // alternate which side goes first
                long frames = 0;
                long t0 = threads.getCurrentThreadCpuTime();
                for (int at = 0; at + BLOCK_SAMPLES <= audio.length; at += BLOCK_SAMPLES) {
                    frames += (int) push[side].invoke(streams[side], audio, at, BLOCK_SAMPLES, out, 0);
                }
                long t1 = threads.getCurrentThreadCpuTime();
                if (round >= 0) {
                    perFrame[side][round] = (t1 - t0) / 1e3 / frames;
                }
            }
            long t0 = threads.getCurrentThreadCpuTime();
            long x = round;
            for (int i = 0; i < 1_000_000; i++) { // dependent multiply-adds: latency-bound, ~4 cycles each
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink = x;
            if (round >= 0) {
                chain[round] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
                ratio[round] = perFrame[1][round] / perFrame[0][round];
            }
        }
        for (int side = 0; side < 2; side++) {
            double[] t = perFrame[side].clone();
            Arrays.sort(t);
            System.out.printf(Locale.ROOT, "%-40s us/frame: min %.3f  p10 %.3f  median %.3f  p90 %.3f%n", args[side],
                    t[0], t[rounds / 10], t[rounds / 2], t[rounds * 9 / 10]);
        }
        Arrays.sort(ratio);
        Arrays.sort(chain);
        System.out.printf(Locale.ROOT, "after / before, adjacent rounds: p10 %.3f  median %.3f  p90 %.3f%n",
                ratio[rounds / 10], ratio[rounds / 2], ratio[rounds * 9 / 10]);
        System.out.printf(Locale.ROOT, "chain ns/step: min %.3f  median %.3f  max %.3f (steady: same clock rate)%n",
                chain[0], chain[rounds / 2], chain[rounds - 1]);
    }
}
