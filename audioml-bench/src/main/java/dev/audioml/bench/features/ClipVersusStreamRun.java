package dev.audioml.bench.features;

import dev.audioml.bench.BenchInputs;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.StreamingFeatures;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Does a whole clip cost per frame what streaming costs per hop? {@code BatchFeaturesBenchmark} and
 * {@code StreamingFeaturesBenchmark} run in separate JMH forks minutes apart, and on the shared build machine they
 * disagreed by 10–40 % although {@link FeaturePipeline#compute} pushes the clip through the same chain as
 * {@link StreamingFeatures}. This times both in one JVM, alternating (three 10 s clips each per round), by thread CPU
 * time, and prints each side's best round per frame, so load that comes and goes cancels out. Run:
 * {@code java -cp audioml-bench/target/benchmarks.jar dev.audioml.bench.features.ClipVersusStreamRun [CONFIG...]}
 * (default: every {@link FeatureConfig}; about 10 s each).
 */
public final class ClipVersusStreamRun {
    private static final int ROUNDS = 60;
    private static final int WARM_UP_ROUNDS = 10;
    private static final int CLIPS_PER_ROUND = 3;
    private static final int BLOCK_SAMPLES = 4096;
    private static volatile Object sink;

    private ClipVersusStreamRun() {
    }

    /** @param args configuration names (see {@link FeatureConfig}); none for all */
    public static void main(String[] args) {
        FeatureConfig[] configs = FeatureConfig.values();
        if (args.length > 0) {
            configs = new FeatureConfig[args.length];
            for (int i = 0; i < args.length; i++) {
                configs[i] = FeatureConfig.valueOf(args[i]);
            }
        }
        for (FeatureConfig config : configs) {
            compare(config);
        }
    }

    private static void compare(FeatureConfig config) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        FeaturePipeline pipeline = FeaturePipeline.fromSpec(config.spec());
        StreamingFeatures streaming = FeaturePipeline.fromSpec(config.spec()).streaming();
        float[] clip = BenchInputs.noise(BatchFeaturesBenchmark.CLIP_SECONDS * config.sampleRateHz());
        int frames = pipeline.compute(clip).frames();
        float[] out = new float[(frames + streaming.maxFrames(BLOCK_SAMPLES)) * streaming.bins()];
        long bestClip = Long.MAX_VALUE;
        long bestStream = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < CLIPS_PER_ROUND; i++) {
                sink = pipeline.compute(clip);
            }
            long t1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < CLIPS_PER_ROUND; i++) {
                int written = 0;
                for (int at = 0; at < clip.length; at += BLOCK_SAMPLES) {
                    int n = Math.min(BLOCK_SAMPLES, clip.length - at);
                    written += streaming.push(clip, at, n, out, written * streaming.bins());
                }
                written += streaming.flush(out, written * streaming.bins());
                sink = written;
            }
            long t2 = threads.getCurrentThreadCpuTime();
            if (round >= WARM_UP_ROUNDS) {
                bestClip = Math.min(bestClip, t1 - t0);
                bestStream = Math.min(bestStream, t2 - t1);
            }
        }
        double perFrame = 1e-3 / CLIPS_PER_ROUND / frames;
        System.out.printf(Locale.ROOT, "%-24s clip %.2f us/frame, streamed in %d-sample blocks %.2f us/frame%n",
                config, bestClip * perFrame, BLOCK_SAMPLES, bestStream * perFrame);
    }
}
