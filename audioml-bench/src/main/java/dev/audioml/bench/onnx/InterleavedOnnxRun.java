package dev.audioml.bench.onnx;

import dev.audioml.bench.onnx.oww.WakeWordBenchmark;
import dev.audioml.bench.onnx.silero.SileroVadBenchmark;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Is AudioML within 5 % of a bare ONNX Runtime run, on a machine too busy for JMH to tell? JMH runs one benchmark
 * after another, each for seconds, so other processes' load changes between AudioML's and the bare run's measurement
 * (on the shared 2-core build machine, by ±50 % from one benchmark to the next). This runs the same {@code @Benchmark}
 * methods of {@link SileroVadBenchmark}, {@link WakeWordBenchmark} and {@link OnnxClassifierBenchmark} interleaved:
 * each round times a short block of every variant (order alternating), and the overhead is the median over rounds of
 * the per-round ratio to the reference, so slow changes of load cancel. Prints per variant the median and the least
 * block time per op in microseconds. Run:
 * {@code java -cp audioml-bench/target/benchmarks.jar dev.audioml.bench.onnx.InterleavedOnnxRun [rounds]} (default 60;
 * about 1 minute).
 */
public final class InterleavedOnnxRun {
    private static final long WARM_UP_NANOS = 1_500_000_000L;
    private static final int DEFAULT_ROUNDS = 60;
    /** Blocks hold about this many windows' worth of runs for the classifier (a run of batch b holds b windows). */
    private static final int CLASSIFIER_WINDOWS_PER_BLOCK = 64;
    private static volatile Object sink;

    private InterleavedOnnxRun() {
    }

    /**
     * @param args optional number of rounds
     * @throws Exception if a model cannot be loaded or run
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_ROUNDS;
        SileroVadBenchmark silero = new SileroVadBenchmark();
        silero.setUp();
        Map<String, Callable<?>> s = new LinkedHashMap<>();
        s.put("audiomlChunk", silero::audiomlChunk);
        s.put("bareOrtRun", silero::bareOrtRun);
        s.put("bareOrtRunFoldedSr", silero::bareOrtRunFoldedSr);
        compare("Silero VAD, one 32 ms chunk", s, "bareOrtRunFoldedSr", 100, rounds);
        silero.tearDown();

        WakeWordBenchmark oww = new WakeWordBenchmark();
        oww.setUp();
        Map<String, Callable<?>> w = new LinkedHashMap<>();
        w.put("chainPerHop", oww::chainPerHop);
        w.put("bareSum", () -> {
            oww.bareMelspectrogram();
            oww.bareEmbedding();
            return oww.bareHead();
        });
        w.put("bareMelspectrogram", oww::bareMelspectrogram);
        w.put("bareEmbedding", oww::bareEmbedding);
        w.put("bareHead", oww::bareHead);
        compare("openWakeWord, one 80 ms hop (bareSum = the three models alone, one after another)", w, "bareSum", 10, rounds);
        oww.tearDown();

        for (int threads : new int[] {1, 2}) {
            for (boolean spinning : threads == 1 ? new boolean[] {true} : new boolean[] {true, false}) {
                for (int batch : new int[] {1, 8, 32}) {
                    OnnxClassifierBenchmark c = new OnnxClassifierBenchmark();
                    c.batch = batch;
                    c.intraOpThreads = threads;
                    c.spinning = spinning;
                    c.setUp();
                    Map<String, Callable<?>> m = new LinkedHashMap<>();
                    m.put("audiomlClassifier", c::audiomlClassifier);
                    m.put("bareOrtRun", c::bareOrtRun);
                    compare("OnnxClassifier, batch " + batch + ", " + threads + " intra-op thread(s)"
                            + (threads > 1 ? ", spinning " + spinning : "") + ", per run", m, "bareOrtRun",
                            Math.max(2, CLASSIFIER_WINDOWS_PER_BLOCK / batch), rounds);
                    c.tearDown();
                }
            }
        }
    }

    private static void compare(String title, Map<String, Callable<?>> variants, String reference, int opsPerBlock, int rounds)
            throws Exception {
        for (Callable<?> v : variants.values()) {
            long end = System.nanoTime() + WARM_UP_NANOS;
            while (System.nanoTime() < end) {
                sink = v.call();
            }
        }
        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, List<Double>> micros = new LinkedHashMap<>();
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        names.forEach(n -> {
            micros.put(n, new ArrayList<>());
            ratios.put(n, new ArrayList<>());
        });
        for (int r = 0; r < rounds; r++) {
            List<String> order = new ArrayList<>(names);
            if (r % 2 == 1) {
                Collections.reverse(order);
            }
            Map<String, Double> round = new LinkedHashMap<>();
            for (String n : order) {
                Callable<?> v = variants.get(n);
                long t0 = System.nanoTime();
                for (int i = 0; i < opsPerBlock; i++) {
                    sink = v.call();
                }
                round.put(n, (System.nanoTime() - t0) / 1e3 / opsPerBlock);
            }
            for (String n : names) {
                micros.get(n).add(round.get(n));
                ratios.get(n).add(round.get(n) / round.get(reference));
            }
        }
        System.out.println(title + ", " + rounds + " rounds of " + opsPerBlock + " ops:");
        for (String n : names) {
            System.out.printf(Locale.ROOT, "  %-20s median %9.1f us/op  least %9.1f us/op  vs %s %+6.1f %%%n", n,
                    median(micros.get(n)), Collections.min(micros.get(n)), reference, (median(ratios.get(n)) - 1) * 100);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
