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
import dev.audioml.onnx.internal.BatchObserver;
import dev.audioml.onnx.internal.Batchers;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>Per stream count it first runs the same schedule <em>without</em> the batcher: one per-stream classifier per
 * stream, each window scored by one model call on the driver thread at its due time (what an application without a
 * batcher does; the calls meet the caches as cold as live arrivals leave them). Then the batcher. Per run it prints
 * both latencies (p50 / p99 / max), drops, the mean batch and run, the CPU per window of the thread doing the model
 * calls, the streams per core ({@code hop / CPU per window}) and the ratio batched / per-window; the per-window CPU of
 * a tight loop of calls (hot caches, what earlier versions compared with) is printed too.
 *
 * <p>Where the batched latency goes (from {@code Batchers.observe}, per batch, for the batch's oldest window): the
 * policy's wait, waiting behind earlier runs, the inference thread <em>waking late</em> (runnable but not given a
 * CPU: the machine's scheduler), its own run's CPU and the run's wall time beyond it (preempted), and the deliveries;
 * summed over all batches and over those whose oldest window took over 5 ms. The kernel's run-queue wait of the
 * inference thread ({@code /proc/self/task/TID/schedstat}, Linux) and the JVM's GC pauses during the measurement
 * confirm the split.
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
    /** Where the batched runs' time went, printed after the table. */
    private static final StringBuilder NOTES = new StringBuilder();

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
        System.out.println("| streams | how | hop ms | windows | dropped | added latency p50 / p99 / max ms"
                + " | due to scores p99 / max ms | mean batch | mean run ms | CPU µs/window (model-call thread)"
                + " | streams per core | ratio batched / paced per-window |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        Schedule.policy = policy;
        if (model.equals("silero")) {
            try (SileroVadModel m = Presets.sileroVad(ModelCache.defaultCache(System.err::println))) {
                long hop = Math.round((hopMs > 0 ? hopMs : 32) * 1e6);
                int[] shape = {1, 512};
                double loop = perWindowCpuMicros(m.newStream(16_000), shape);
                for (int n : counts) {
                    Classifier[] per = new Classifier[n];
                    for (int k = 0; k < n; k++) {
                        per[k] = m.newStream(16_000);
                    }
                    double paced = new Schedule(n, hop, seconds, warmup, shape).perWindow(per, loop);
                    try (StreamBatcher b = m.newBatcher(16_000, policy)) {
                        new Schedule(n, hop, seconds, warmup, shape).batched(b, paced);
                    }
                }
            }
        } else if (model.equals("classifier")) {
            OnnxSession session = OnnxSession.open(StreamBatcherBenchmark.classifierWithMetadata(), "bench_mlp",
                    OnnxSessionOptions.builder().intraOpThreads(1).interOpThreads(1).build());
            try (OnnxModel m = OnnxModel.of(session, ModelMetadata.of(session))) {
                long hop = Math.round((hopMs > 0 ? hopMs : 500) * 1e6);
                double loop = perWindowCpuMicros(m.newClassifier(), m.frameShape());
                for (int n : counts) {
                    Classifier[] per = new Classifier[n];
                    for (int k = 0; k < n; k++) {
                        per[k] = m.newClassifier();
                    }
                    double paced = new Schedule(n, hop, seconds, warmup, m.frameShape()).perWindow(per, loop);
                    try (StreamBatcher b = m.newBatcher(policy)) {
                        new Schedule(n, hop, seconds, warmup, m.frameShape()).batched(b, paced);
                    }
                }
            }
        } else {
            throw new IllegalArgumentException("--model must be silero or classifier, got " + model);
        }
        System.out.println();
        System.out.print(NOTES);
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

    /** One run of {@code streams} streams at random phases: their schedule, windows and recorded latencies. */
    private static final class Schedule {
        /** The batch policy of every batched run (set once by {@code main}). */
        static BatchPolicy policy;
        private static final int MAX_BATCHES = 1 << 20;
        private final int streams;
        private final long hop;
        private final FeatureFrame[] frames;
        private final long[] phase;
        private final long start;
        private final long measureFrom;
        private final int rounds;
        /** Submission (or call) to scores, ns. */
        private final long[] added;
        /** Due time to scores, ns. */
        private final long[] fromDue;
        private int count;

        Schedule(int streams, long hop, double seconds, double warmupSeconds, int[] shape) {
            this.streams = streams;
            this.hop = hop;
            frames = new FeatureFrame[Math.min(streams, FRAMES)];
            for (int k = 0; k < frames.length; k++) {
                frames[k] = noiseFrame(shape, k * 397);
            }
            phase = new long[streams];
            SplittableRandom random = new SplittableRandom(BenchInputs.SEED);
            for (int k = 0; k < streams; k++) {
                phase[k] = random.nextLong(hop);
            }
            Arrays.sort(phase); // streams in the order of their phase: the driver submits k = 0, 1, ... n-1, 0, 1, ...
            start = System.nanoTime() + 100_000_000L;
            measureFrom = start + Math.round(warmupSeconds * 1e9);
            rounds = (int) Math.ceil((warmupSeconds + seconds) * 1e9 / hop);
            added = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) streams * rounds)];
            fromDue = new long[added.length];
        }

        private void record(long due, long submitted, long now) {
            if (due >= measureFrom && count < added.length) {
                added[count] = now - submitted;
                fromDue[count++] = now - due;
            }
        }

        private static void parkUntil(long due) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }

        /**
         * Scores every window with one call of its stream's own classifier, on this thread, at its due time; closes the
         * classifiers.
         *
         * @return this thread's CPU µs per window while measuring
         */
        double perWindow(Classifier[] perStream, double loopMicros) {
            float[] scores = new float[perStream[0].labels().size()];
            long cpu0 = 0;
            long calls0 = 0;
            long calls = 0;
            long callNanos = 0;
            boolean measuring = false;
            for (int r = 0; r < rounds; r++) {
                long base = start + r * hop;
                if (!measuring && base >= measureFrom) {
                    measuring = true;
                    cpu0 = MX.getCurrentThreadCpuTime();
                    calls0 = calls;
                }
                for (int k = 0; k < streams; k++) {
                    long due = base + phase[k];
                    parkUntil(due);
                    long t0 = System.nanoTime();
                    perStream[k].classify(frames[k % frames.length], scores);
                    long now = System.nanoTime();
                    record(due, t0, now);
                    calls++;
                    if (measuring) {
                        callNanos += now - t0;
                    }
                }
            }
            double cpuMicros = (MX.getCurrentThreadCpuTime() - cpu0) / 1e3 / (calls - calls0);
            for (Classifier c : perStream) {
                c.close();
            }
            row("per-window, paced", 0, 1, callNanos / 1e6 / (calls - calls0), cpuMicros,
                    String.format(Locale.ROOT, "— (a tight loop of calls: %.1f µs)", loopMicros));
            return cpuMicros;
        }

        /** Submits every window to the batcher at its due time (never blocking); prints the row and where time went. */
        void batched(StreamBatcher batcher, double pacedPerWindowMicros) throws InterruptedException {
            BatchedStream[] handles = new BatchedStream[streams];
            long[] inFlightDue = new long[streams];
            long[] inFlightSubmit = new long[streams];
            BatchedStream.ScoresListener[] listeners = new BatchedStream.ScoresListener[streams];
            IntFunction<BatchedStream.ScoresListener> recorder = k -> (s, scores) ->
                    record(inFlightDue[k], inFlightSubmit[k], System.nanoTime());
            for (int k = 0; k < streams; k++) {
                handles[k] = batcher.newStream();
                listeners[k] = recorder.apply(k);
            }
            Trace trace = new Trace((int) Math.min(MAX_BATCHES, (long) streams * rounds));
            Batchers.observe(batcher, trace);
            long inference = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("audioml-batcher-")).findFirst().orElseThrow().getId();
            long cpu0 = 0;
            long batches0 = 0;
            long windows0 = 0;
            long run0 = 0;
            long[] queue0 = null;
            long[] gc0 = null;
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
                    queue0 = RunQueue.waits();
                    gc0 = gc();
                }
                for (int k = 0; k < streams; k++) {
                    long due = base + phase[k];
                    parkUntil(due);
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
            long end = System.nanoTime();
            long[] queue1 = RunQueue.waits();
            long[] gc1 = gc();
            Thread.sleep(200);
            long cpu = MX.getThreadCpuTime(inference) - cpu0;
            long batches = batcher.batches() - batches0;
            long windows = batcher.windows() - windows0;
            long runs = batcher.runNanos() - run0;
            for (BatchedStream h : handles) {
                h.close();
            }
            batcher.close(); // joins the inference thread: its latency and trace writes are visible here
            double cpuMicros = cpu / 1e3 / windows;
            row("batched", dropped, windows / (double) batches, runs / 1e6 / batches, cpuMicros,
                    String.format(Locale.ROOT, "**%.2fx**", pacedPerWindowMicros / cpuMicros));
            double measuredSeconds = (end - measureFrom) / 1e9;
            NOTES.append(String.format(Locale.ROOT, "%d streams, batched: %s; run-queue wait (runnable, no CPU) of the"
                    + " inference thread %s, of the driver %s; GC %d pauses, %d ms, in %.1f s%n", streams,
                    trace.breakdown(measureFrom, policy.maxWaitNanos()),
                    RunQueue.describe(queue0, queue1, 0, measuredSeconds), RunQueue.describe(queue0, queue1, 1, measuredSeconds),
                    gc1[0] - gc0[0], gc1[1] - gc0[1], measuredSeconds));
        }

        private void row(String how, int dropped, double meanBatch, double meanRunMs, double cpuMicros, String ratio) {
            long[] a = Arrays.copyOf(added, count);
            long[] d = Arrays.copyOf(fromDue, count);
            Arrays.sort(a);
            Arrays.sort(d);
            System.out.printf(Locale.ROOT, "| %d | %s | %.0f | %d | %d | %.2f / %.2f / %.2f | %.2f / %.2f | %.1f | %.3f | %.1f | %.0f | %s |%n",
                    streams, how, hop / 1e6, a.length, dropped, pct(a, 0.5), pct(a, 0.99), pct(a, 1), pct(d, 0.99), pct(d, 1),
                    meanBatch, meanRunMs, cpuMicros, hop / 1e3 / cpuMicros, ratio);
        }
    }

    /** @return {count, ms} of the JVM's collections so far */
    private static long[] gc() {
        long[] r = new long[2];
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            r[0] += Math.max(0, b.getCollectionCount());
            r[1] += Math.max(0, b.getCollectionTime());
        }
        return r;
    }

    /** Per batch, on the inference thread: the times {@link BatchObserver} reports and the run's thread CPU time. */
    private static final class Trace implements BatchObserver {
        private final long[] oldest;
        private final long[] runStart;
        private final long[] runEnd;
        private final long[] runCpu;
        private final long[] delivered;
        private int n;
        private long cpuAtStart;

        Trace(int capacity) {
            oldest = new long[capacity];
            runStart = new long[capacity];
            runEnd = new long[capacity];
            runCpu = new long[capacity];
            delivered = new long[capacity];
        }

        @Override
        public void runStarting() {
            cpuAtStart = MX.getCurrentThreadCpuTime();
        }

        @Override
        public void runEnded(long oldestSubmitNanos, long newestSubmitNanos, long runStartNanos, long runEndNanos,
                long deliveredNanos, int windows, int stillQueued) {
            if (n < oldest.length) {
                runCpu[n] = MX.getCurrentThreadCpuTime() - cpuAtStart;
                oldest[n] = oldestSubmitNanos;
                runStart[n] = runStartNanos;
                runEnd[n] = runEndNanos;
                delivered[n++] = deliveredNanos;
            }
        }

        /**
         * Splits each measured batch's oldest window's latency: behind earlier runs (from its submission to the end of
         * the batch before, while that ran), late wake-up (after both its deadline and the previous batch: runnable,
         * not running), the policy's wait (the rest of the time before the run), run CPU, run preempted (wall beyond
         * CPU), deliveries.
         */
        String breakdown(long from, long maxWaitNanos) {
            double[] all = new double[7];
            double[] slow = new double[7];
            long[] total = new long[n];
            long[] unscheduled = new long[n];
            int nAll = 0;
            int nSlow = 0;
            for (int i = 1; i < n; i++) {
                if (oldest[i] < from) {
                    continue;
                }
                long waited = runStart[i] - oldest[i];
                long behind = Math.max(0, Math.min(runStart[i], delivered[i - 1]) - oldest[i]);
                long expected = Math.max(oldest[i] + maxWaitNanos, delivered[i - 1]);
                long late = Math.max(0, runStart[i] - expected);
                long policyWait = Math.max(0, waited - behind - late);
                long[] parts = {delivered[i] - oldest[i], behind, late, policyWait, runCpu[i],
                    Math.max(0, runEnd[i] - runStart[i] - runCpu[i]), delivered[i] - runEnd[i]};
                total[nAll] = parts[0];
                unscheduled[nAll] = parts[0] - late - parts[5]; // as if the thread had a CPU whenever it was runnable
                boolean isSlow = parts[0] > 5_000_000L;
                for (int j = 0; j < parts.length; j++) {
                    all[j] += parts[j];
                    if (isSlow) {
                        slow[j] += parts[j];
                    }
                }
                nAll++;
                if (isSlow) {
                    nSlow++;
                }
            }
            long[] t = Arrays.copyOf(total, nAll);
            long[] u = Arrays.copyOf(unscheduled, nAll);
            Arrays.sort(t);
            Arrays.sort(u);
            return String.format(Locale.ROOT, "oldest window of a batch p50 / p99 %.2f / %.2f ms, without its own late"
                    + " wake-up and preemption %.2f / %.2f ms; mean ms: ", pct(t, 0.5), pct(t, 0.99), pct(u, 0.5), pct(u, 0.99))
                    + split(all, nAll) + "; the " + nSlow + " of " + nAll + " batches whose oldest window took over 5 ms: "
                    + split(slow, nSlow);
        }

        private static String split(double[] sums, int count) {
            if (count == 0) {
                return "none";
            }
            double c = count * 1e6;
            return String.format(Locale.ROOT, "total %.2f = behind earlier runs %.2f + woke late %.2f + policy wait %.2f"
                    + " + run CPU %.2f + run preempted %.2f + deliveries %.2f", sums[0] / c, sums[1] / c, sums[2] / c,
                    sums[3] / c, sums[4] / c, sums[5] / c, sums[6] / c);
        }
    }

    /** The kernel's run-queue wait (time runnable but not running) of the inference thread and of this one, Linux only. */
    private static final class RunQueue {
        private RunQueue() {
        }

        /** @return {inference thread, this thread} run-queue wait so far in ns, -1 where unknown */
        static long[] waits() {
            long[] r = {-1, read(Path.of("/proc/thread-self/schedstat"))};
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    String comm = Files.readString(t.resolve("comm")).trim();
                    if (comm.startsWith("audioml-batche")) {
                        r[0] = read(t.resolve("schedstat"));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or no schedstat: reported as unknown
            }
            return new long[] {r[0], r[1]};
        }

        private static long read(Path schedstat) {
            try {
                return Long.parseLong(Files.readString(schedstat).trim().split("\\s+")[1]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        static String describe(long[] before, long[] after, int which, double seconds) {
            if (before == null || before[which] < 0 || after[which] < 0) {
                return "unknown";
            }
            double ms = (after[which] - before[which]) / 1e6;
            return String.format(Locale.ROOT, "%.0f ms (%.1f %% of the time)", ms, ms / seconds / 10);
        }
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)] / 1e6;
    }
}
