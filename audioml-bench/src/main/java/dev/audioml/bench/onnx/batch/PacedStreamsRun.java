package dev.audioml.bench.onnx.batch;

import dev.audioml.bench.BenchInputs;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.ModelMetadata;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.OnnxSessionOptions;
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
import java.util.function.IntFunction;

/**
 * What latency does a {@link StreamBatcher} add when streams arrive as live streams do, and how many streams does its
 * core then serve? N streams of one model, each delivering a window every hop at its own random phase. One driver
 * thread submits every window at its due time ({@link BatchedStream#submit}, never blocking). The latency the batcher
 * adds is the time from a window's submission to its scores (the batch wait, the runs, the scheduling of the
 * inference thread); the time from its due time to its scores adds the driver's own lateness (the machine's
 * scheduling of the driver thread). A window whose stream still has one in flight is refused and counted
 * ({@code dropped}). The first {@code --warmup} seconds (JIT, ONNX Runtime's first run of each batch size) are not
 * counted.
 *
 * <p>Per stream count it prints both latencies (p50 / p99 / max), drops, the mean batch and run, the inference
 * thread's CPU per window and, from one per-window classifier timed in the same JVM (thread CPU time), the streams per
 * core both ways ({@code hop / CPU per window}) and their ratio: the streams-per-core gain at the latency shown.
 *
 * <p>Models: {@code silero} (Silero VAD v5, 512-sample chunks, hop 32 ms) and {@code classifier} (the generated log-mel
 * MLP of {@link BenchInputs#classifierModel()}, 1 s windows, default hop 0.5 s: the {@code hop_seconds} that
 * {@code audioml train} writes by default, window / 2, which {@code audioml live} runs at). Run:
 * {@code java -cp audioml-bench/target/benchmarks.jar dev.audioml.bench.onnx.batch.PacedStreamsRun
 * [--model silero|classifier] [--streams 64,128,256] [--seconds 10] [--warmup 2] [--hop-ms H] [--wait-ms 2]
 * [--max-batch 32]}.
 */
public final class PacedStreamsRun {
    /** Distinct windows the streams cycle through (thousands of classifier streams need not hold 26 KB each twice). */
    private static final int FRAMES = 64;
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private PacedStreamsRun() {
    }

    /**
     * @param args options, see the class comment
     * @throws Exception if the model cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        String model = "silero";
        int[] counts = {128};
        double seconds = 10;
        double warmup = 2;
        double hopMs = -1;
        double waitMs = BatchPolicy.DEFAULT_MAX_WAIT_NANOS / 1e6;
        int maxBatch = BatchPolicy.DEFAULT_MAX_BATCH;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--model" -> model = v;
                case "--streams" -> counts = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--hop-ms" -> hopMs = Double.parseDouble(v);
                case "--wait-ms" -> waitMs = Double.parseDouble(v);
                case "--max-batch" -> maxBatch = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        BatchPolicy policy = new BatchPolicy(maxBatch, Math.round(waitMs * 1e6));
        System.out.printf(Locale.ROOT, "%s, %s, %.0f s each after %.0f s warm-up, %s%n", model, policy, seconds, warmup,
                System.getProperty("java.vm.version"));
        System.out.printf(Locale.ROOT, "load average %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("| streams | hop ms | windows | dropped | added latency (submit to scores) p50 / p99 / max ms"
                + " | due to scores p99 / max ms | mean batch | mean run ms | batched CPU µs/window"
                + " | per-window CPU µs/window | streams per core, per-window / batched | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        if (model.equals("silero")) {
            try (SileroVadModel m = Presets.sileroVad(ModelCache.defaultCache(System.err::println))) {
                long hop = Math.round((hopMs > 0 ? hopMs : 32) * 1e6);
                double perWindow = perWindowCpuMicros(m.newStream(16_000), new int[] {1, 512});
                for (int n : counts) {
                    try (StreamBatcher b = m.newBatcher(16_000, policy)) {
                        run(b, n, hop, seconds, warmup, perWindow, new int[] {1, 512});
                    }
                }
            }
        } else if (model.equals("classifier")) {
            OnnxSession session = OnnxSession.open(StreamBatcherBenchmark.classifierWithMetadata(), "bench_mlp",
                    OnnxSessionOptions.builder().intraOpThreads(1).interOpThreads(1).build());
            try (OnnxModel m = OnnxModel.of(session, ModelMetadata.of(session))) {
                long hop = Math.round((hopMs > 0 ? hopMs : 500) * 1e6);
                double perWindow = perWindowCpuMicros(m.newClassifier(), m.frameShape());
                for (int n : counts) {
                    try (StreamBatcher b = m.newBatcher(policy)) {
                        run(b, n, hop, seconds, warmup, perWindow, m.frameShape());
                    }
                }
            }
        } else {
            throw new IllegalArgumentException("--model must be silero or classifier, got " + model);
        }
    }

    /** @return thread CPU µs per window of one per-stream classifier called window after window (it is closed) */
    private static double perWindowCpuMicros(Classifier c, int[] shape) {
        try (c) {
            FeatureFrame frame = noiseFrame(shape, 0);
            float[] scores = new float[c.labels().size()];
            for (int i = 0; i < 2_000; i++) {
                c.classify(frame, scores);
            }
            double best = Double.MAX_VALUE;
            for (int r = 0; r < 5; r++) {
                long t0 = MX.getCurrentThreadCpuTime();
                for (int i = 0; i < 500; i++) {
                    c.classify(frame, scores);
                }
                best = Math.min(best, (MX.getCurrentThreadCpuTime() - t0) / 1e3 / 500);
            }
            return best;
        }
    }

    private static FeatureFrame noiseFrame(int[] shape, int phase) {
        FeatureFrame frame = new FeatureFrame(shape);
        float[] noise = BenchInputs.noise(frame.data().length + 4096);
        System.arraycopy(noise, phase % 4096, frame.data(), 0, frame.data().length);
        return frame;
    }

    private static void run(StreamBatcher batcher, int streams, long hop, double seconds, double warmupSeconds,
            double perWindowMicros, int[] shape) throws InterruptedException {
        BatchedStream[] handles = new BatchedStream[streams];
        FeatureFrame[] frames = new FeatureFrame[Math.min(streams, FRAMES)];
        long[] inFlightDue = new long[streams];
        long[] inFlightSubmit = new long[streams];
        long[] phase = new long[streams];
        SplittableRandom random = new SplittableRandom(BenchInputs.SEED);
        for (int k = 0; k < streams; k++) {
            phase[k] = random.nextLong(hop);
        }
        Arrays.sort(phase); // streams in the order of their phase: the driver submits k = 0, 1, ... n-1, 0, 1, ...
        long start = System.nanoTime() + 100_000_000L;
        long measureFrom = start + Math.round(warmupSeconds * 1e9);
        int rounds = (int) Math.ceil((warmupSeconds + seconds) * 1e9 / hop);
        long[] added = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) streams * rounds)];
        long[] fromDue = new long[added.length];
        int[] counts = new int[1]; // latencies recorded, by the inference thread
        BatchedStream.ScoresListener[] listeners = new BatchedStream.ScoresListener[streams];
        IntFunction<BatchedStream.ScoresListener> recorder = k -> (s, scores) -> {
            long now = System.nanoTime();
            long due = inFlightDue[k];
            if (due >= measureFrom && counts[0] < added.length) {
                added[counts[0]] = now - inFlightSubmit[k];
                fromDue[counts[0]++] = now - due;
            }
        };
        for (int k = 0; k < streams; k++) {
            handles[k] = batcher.newStream();
            if (k < frames.length) {
                frames[k] = noiseFrame(shape, k * 397);
            }
            listeners[k] = recorder.apply(k);
        }
        long inference = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("audioml-batcher-")).findFirst().orElseThrow().getId();
        long cpu0 = 0;
        long batches0 = 0;
        long windows0 = 0;
        long run0 = 0;
        boolean measuring = false;
        int dropped = 0;
        for (int r = 0; r < rounds; r++) {
            long base = start + r * hop;
            if (!measuring && base >= measureFrom) {
                measuring = true;
                cpu0 = MX.getThreadCpuTime(inference);
                batches0 = batcher.batches();
                windows0 = batcher.windows();
                run0 = batcher.runNanos();
            }
            for (int k = 0; k < streams; k++) {
                long due = base + phase[k];
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (handles[k].isInFlight()) { // the previous window is not scored yet: a live stream loses this one
                    if (due >= measureFrom) {
                        dropped++;
                    }
                    continue;
                }
                inFlightDue[k] = due;
                inFlightSubmit[k] = System.nanoTime();
                if (!handles[k].submit(frames[k % frames.length], listeners[k])) {
                    throw new IllegalStateException("stream " + k + " refused a window while idle");
                }
            }
        }
        Thread.sleep(200);
        long cpu = MX.getThreadCpuTime(inference) - cpu0;
        long batches = batcher.batches() - batches0;
        long windows = batcher.windows() - windows0;
        long runs = batcher.runNanos() - run0;
        for (BatchedStream h : handles) {
            h.close();
        }
        batcher.close(); // joins the inference thread: its latency writes are visible here
        long[] a = Arrays.copyOf(added, counts[0]);
        long[] d = Arrays.copyOf(fromDue, counts[0]);
        Arrays.sort(a);
        Arrays.sort(d);
        double batchedMicros = cpu / 1e3 / windows;
        double hopMicros = hop / 1e3;
        System.out.printf(Locale.ROOT, "| %d | %.0f | %d | %d | %.2f / %.2f / %.2f | %.2f / %.2f | %.1f | %.2f | %.1f | %.1f | %.0f / %.0f | %.2fx |%n",
                streams, hop / 1e6, a.length, dropped, pct(a, 0.5), pct(a, 0.99), pct(a, 1), pct(d, 0.99), pct(d, 1),
                windows / (double) batches, runs / 1e6 / batches, batchedMicros, perWindowMicros,
                hopMicros / perWindowMicros, hopMicros / batchedMicros, perWindowMicros / batchedMicros);
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)] / 1e6;
    }
}
