package dev.audioml.bench.onnx.batch;

import dev.audioml.bench.BenchInputs;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.batch.BatchPolicy;
import dev.audioml.onnx.batch.BatchedStream;
import dev.audioml.onnx.batch.StreamBatcher;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.silero.SileroVadModel;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * What latency does a {@link StreamBatcher} add when streams arrive as live streams do: N Silero VAD streams, each
 * delivering a 32 ms chunk every 32 ms at its own random phase, for a few seconds of wall time. One driver thread
 * submits every chunk at its due time (never blocking); the latency of a chunk is the time from its due time to its
 * scores, i.e. the batch wait plus the run plus any scheduling delay of the machine. Prints p50 / p99 / max latency,
 * the mean batch size and the CPU the inference thread used (cores). Run:
 * {@code java -cp audioml-bench/target/benchmarks.jar dev.audioml.bench.onnx.batch.PacedStreamsRun [streams] [seconds]}
 * (default 128 streams, 10 s).
 */
public final class PacedStreamsRun {
    private static final long HOP_NANOS = 32_000_000L;

    private PacedStreamsRun() {
    }

    /**
     * @param args optional stream count and seconds
     * @throws Exception if the model cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (SileroVadModel model = Presets.sileroVad(ModelCache.defaultCache(System.err::println));
                StreamBatcher batcher = model.newBatcher(16_000, BatchPolicy.defaults())) {
            BatchedStream[] handles = new BatchedStream[streams];
            long[] due = new long[streams];
            long[] submittedAt = new long[streams];
            int rounds = (int) (seconds * 1e9 / HOP_NANOS);
            long[] latency = new long[streams * rounds];
            int[] count = new int[1];
            int[] dropped = new int[1];
            FeatureFrame frame = new FeatureFrame(1, 512);
            System.arraycopy(BenchInputs.noise(512), 0, frame.data(), 0, 512);
            BatchedStream.ScoresListener record = (s, scores) -> {
                long now = System.nanoTime();
                for (int k = 0; k < handles.length; k++) {
                    if (handles[k] == s) {
                        synchronized (latency) {
                            if (count[0] < latency.length) {
                                latency[count[0]++] = now - submittedAt[k];
                            }
                        }
                        return;
                    }
                }
            };
            SplittableRandom random = new SplittableRandom(BenchInputs.SEED);
            long start = System.nanoTime() + 100_000_000L;
            for (int k = 0; k < streams; k++) {
                handles[k] = batcher.newStream();
                due[k] = start + random.nextLong(HOP_NANOS);
            }
            long inference = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("audioml-batcher-")).findFirst().orElseThrow().getId();
            long cpu0 = mx.getThreadCpuTime(inference);
            long batches0 = batcher.batches();
            long windows0 = batcher.windows();
            long end = start + rounds * HOP_NANOS;
            while (true) {
                int next = 0;
                for (int k = 1; k < streams; k++) {
                    if (due[k] < due[next]) {
                        next = k;
                    }
                }
                if (due[next] >= end) {
                    break;
                }
                long wait = due[next] - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                submittedAt[next] = due[next];
                if (!handles[next].submit(frame, record)) {
                    dropped[0]++;
                }
                due[next] += HOP_NANOS;
            }
            Thread.sleep(200);
            long cpu = mx.getThreadCpuTime(inference) - cpu0;
            long[] l;
            synchronized (latency) {
                l = Arrays.copyOf(latency, count[0]);
            }
            Arrays.sort(l);
            double wall = (end - start) / 1e9;
            System.out.printf(Locale.ROOT, "Silero VAD, %d streams at random phases, %.0f s: %d chunks, %d dropped (in flight);"
                            + " added latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; mean batch %.1f; inference thread %.2f cores%n",
                    streams, wall, l.length, dropped[0], l[l.length / 2] / 1e6, l[(int) (l.length * 0.99)] / 1e6,
                    l[l.length - 1] / 1e6, (batcher.windows() - windows0) / (double) (batcher.batches() - batches0),
                    cpu / 1e9 / wall);
        }
    }
}
