package dev.audioml.bench.onnx.batch;

import dev.audioml.bench.onnx.batch.StreamBatcherBenchmark.Model;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Streams per core, batched vs one model call per window, on a machine too busy for JMH's wall-clock times: the same
 * {@code @Benchmark} methods as {@link StreamBatcherBenchmark}, run in alternating blocks, timed by <em>thread CPU
 * time</em> (the benchmark thread for {@code perWindow}; the benchmark thread plus the batcher's inference thread for
 * {@code batched}), which other processes' load changes far less than wall time. Per model and stream count it
 * prints: CPU µs per window both ways, streams per core ({@code hop / CPU per window}), the median over rounds of the
 * per-round ratio, and the wall time of a batched round (every stream's window, arriving together: p50 and p99), the
 * latency the batch adds on top of the wait ({@code BatchPolicy} default 2 ms, for streams that do not arrive together).
 * The batch is all the streams ({@code maxBatch = streams}), so a row's batched CPU per window is the model's cost per
 * row at that batch size, next to its cost per window at batch 1 (the per-window calls): whether batching can pay at
 * all is visible from these two alone. Run: {@code java -cp audioml-bench/target/benchmarks.jar
 * dev.audioml.bench.onnx.batch.StreamsPerCoreRun [rounds] [--streams 4,8,16,32] [--models SILERO,OPENWAKEWORD,CLASSIFIER]}
 * (default 20 rounds, every model; a few minutes).
 */
public final class StreamsPerCoreRun {
    private static final int DEFAULT_ROUNDS = 20;
    private static final int[] STREAMS = {4, 8, 16, 32};
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private StreamsPerCoreRun() {
    }

    /**
     * @param args optional number of rounds
     * @throws Exception if a model cannot be loaded or run
     */
    public static void main(String[] args) throws Exception {
        int rounds = DEFAULT_ROUNDS;
        int[] streamCounts = STREAMS;
        Model[] models = Model.values();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--streams" -> streamCounts = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--models" -> models = Arrays.stream(args[++i].split(",")).map(m -> Model.valueOf(m.trim().toUpperCase(Locale.ROOT)))
                        .toArray(Model[]::new);
                default -> rounds = Integer.parseInt(args[i]);
            }
        }
        System.out.println("| model | streams | per-window CPU µs/window | batched CPU µs/window | streams per core, per-window"
                + " / batched | ratio (median of rounds) | batched round wall p50 / p99 ms |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Model model : models) {
            for (int streams : streamCounts) {
                run(model, streams, rounds);
            }
        }
    }

    private static void run(Model model, int streams, int rounds) throws Exception {
        StreamBatcherBenchmark b = new StreamBatcherBenchmark();
        b.model = model;
        b.streams = streams;
        b.setUp();
        try {
            long inference = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("audioml-batcher-")).findFirst().orElseThrow().getId();
            long self = Thread.currentThread().getId();
            double hopMicros = model == Model.SILERO ? 32_000 : model == Model.OPENWAKEWORD ? 80_000 : 1_000_000;
            // ops per block: 256 windows (Silero, classifier: 20-40 ms of CPU), 2 rounds of openWakeWord
            int ops = model == Model.OPENWAKEWORD ? 2 : Math.max(2, 256 / streams);
            for (int i = 0; i < 3 * ops; i++) {
                b.perWindow();
                b.batched();
            }
            double[] per = new double[rounds];
            double[] bat = new double[rounds];
            double[] ratio = new double[rounds];
            double[] wall = new double[rounds * ops];
            for (int r = 0; r < rounds; r++) {
                boolean batchedFirst = r % 2 == 1;
                if (batchedFirst) {
                    bat[r] = batchedBlock(b, ops, self, inference, wall, r * ops) / ((double) ops * streams);
                }
                long c0 = MX.getThreadCpuTime(self);
                for (int i = 0; i < ops; i++) {
                    b.perWindow();
                }
                per[r] = (MX.getThreadCpuTime(self) - c0) / 1e3 / ((double) ops * streams);
                if (!batchedFirst) {
                    bat[r] = batchedBlock(b, ops, self, inference, wall, r * ops) / ((double) ops * streams);
                }
                ratio[r] = per[r] / bat[r];
            }
            double p = median(per);
            double q = median(bat);
            Arrays.sort(wall);
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.0f / %.0f | %.2fx | %.2f / %.2f |%n", model, streams, p, q,
                    hopMicros / p, hopMicros / q, median(ratio), wall[wall.length / 2] / 1e3,
                    wall[(int) Math.min(wall.length - 1, Math.ceil(wall.length * 0.99) - 1)] / 1e3);
        } finally {
            b.tearDown();
        }
    }

    /** @return CPU µs of the benchmark and inference threads for {@code ops} batched rounds; round wall µs into wall */
    private static double batchedBlock(StreamBatcherBenchmark b, int ops, long self, long inference, double[] wall, int at) {
        long c0 = MX.getThreadCpuTime(self) + MX.getThreadCpuTime(inference);
        for (int i = 0; i < ops; i++) {
            long t0 = System.nanoTime();
            b.batched();
            wall[at + i] = (System.nanoTime() - t0) / 1e3;
        }
        return (MX.getThreadCpuTime(self) + MX.getThreadCpuTime(inference) - c0) / 1e3;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
