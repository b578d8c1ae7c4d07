package dev.audioml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.TensorSpec;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code audioml bench}: times AudioML's realtime stages on this machine (built-in set), or any ONNX model with
 * synthetic input ({@code --model}); prints a table and optionally writes JSON with the machine description.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark AudioML on this machine: spectrum (FFT), streaming features, resampler, Silero VAD "
                + "and openWakeWord (built-in set), or any ONNX model with synthetic input of its declared shape (--model).",
            "In-process timing for a quick answer; the JMH suite (audioml-bench) is the reference (docs/performance.md)."})
public final class BenchCommand implements Callable<Integer> {
    /** Measurement seconds per built-in benchmark without {@code --quick}. */
    static final double DEFAULT_SECONDS = 2.0;
    /** Measurement seconds per built-in benchmark with {@code --quick} (the whole set stays well under 60 s). */
    static final double QUICK_SECONDS = 0.5;
    /** Measurement seconds per model configuration. */
    static final double DEFAULT_MODEL_SECONDS = 3.0;

    @Option(names = "--quick", description = "Short runs (" + QUICK_SECONDS
            + " s per benchmark): the built-in set finishes within 60 s.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results and the machine description as JSON.")
    Path json;

    @Option(names = "--model", paramLabel = "PATH|PRESET",
            description = "Time this ONNX model (a file, or a preset name such as silero-vad, hey_jarvis: every file of the preset).")
    String model;

    @Option(names = "--batch", split = ",", paramLabel = "N", description = "Batch sizes for --model (default: 1).")
    List<Integer> batches = new ArrayList<>(List.of(1));

    @Option(names = "--threads", split = ",", paramLabel = "N", description = "ONNX Runtime intra-op threads for --model (default: 1).")
    List<Integer> threads = new ArrayList<>(List.of(1));

    @Option(names = "--seconds", paramLabel = "S",
            description = "Measurement seconds per benchmark (default: " + DEFAULT_SECONDS + ", --quick " + QUICK_SECONDS
                    + ", --model " + DEFAULT_MODEL_SECONDS + "); warm-up is half of it.")
    Double seconds;

    @Option(names = "--dim", paramLabel = "N", description = "Size of dynamic input axes other than the first (batch) axis, for --model (default: 100).")
    int dynamicSize = 100;

    @Option(names = "--python", paramLabel = "PY", description = "With --model: also time each configuration with "
            + "Python's onnxruntime, run by PY (a python with onnxruntime and numpy), and print both side by side.")
    String python;

    @Option(names = "--skip-models", description = "Built-in set without the pretrained presets (no fetching).")
    boolean skipModels;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelCache cache = ModelCache.defaultCache(line -> {
            err.println(line);
            err.flush();
        });
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("tool", "audioml bench");
        report.put("date", Instant.now().toString());
        report.put("machine", MachineInfo.describe());
        Map<String, Object> m = castMachine(report);
        out.printf(Locale.ROOT, "audioml bench on %s (%d cores), %s, ONNX Runtime %s%n", m.get("cpuModel"), m.get("cores"),
                m.get("jvm"), m.get("onnxRuntime"));
        if (model != null) {
            report.put("results", runModel(out, cache));
        } else {
            report.put("quick", quick);
            report.put("results", runBuiltins(out, err, cache));
        }
        if (json != null) {
            writeJson(report);
            out.println("JSON written to " + json);
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMachine(Map<String, Object> report) {
        return (Map<String, Object>) report.get("machine");
    }

    private void validate() {
        if (seconds != null && !(seconds > 0 && seconds <= 3600)) {
            throw new Main.UsageException("--seconds must be in (0, 3600], got " + seconds);
        }
        for (int b : batches) {
            if (b < 1 || b > 4096) {
                throw new Main.UsageException("--batch values must be in [1, 4096], got " + b);
            }
        }
        for (int t : threads) {
            if (t < 1 || t > 256) {
                throw new Main.UsageException("--threads values must be in [1, 256], got " + t);
            }
        }
        if (dynamicSize < 1) {
            throw new Main.UsageException("--dim must be >= 1, got " + dynamicSize);
        }
        if (model == null && python != null) {
            throw new Main.UsageException("--python applies to --model only");
        }
        if (model == null && (batches.size() != 1 || batches.get(0) != 1 || threads.size() != 1 || threads.get(0) != 1)) {
            throw new Main.UsageException("--batch and --threads apply to --model only");
        }
        if (json != null && json.getParent() != null && !Files.isDirectory(json.getParent())) {
            throw new Main.UsageException("--json: folder " + json.getParent() + " does not exist");
        }
    }

    private BenchTimer timer(double defaultSeconds) {
        double s = seconds != null ? seconds : defaultSeconds;
        return new BenchTimer((long) (s * 0.5e9), (long) (s * 1e9));
    }

    private List<Map<String, Object>> runBuiltins(PrintWriter out, PrintWriter err, ModelCache cache) {
        BenchTimer timer = timer(quick ? QUICK_SECONDS : DEFAULT_SECONDS);
        List<Map<String, Object>> results = new ArrayList<>();
        out.printf(Locale.ROOT, "%-24s %12s %12s %12s %10s  %s%n", "BENCHMARK", "us/op", "p50 us", "real-time", "B/op",
                "WHAT");
        out.flush();
        for (BuiltinBenchmarks.Case c : BuiltinBenchmarks.all(cache)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", c.name());
            row.put("description", c.description());
            if (c.needsModels() && skipModels) {
                continue;
            }
            try (BuiltinBenchmarks.Prepared p = c.setup().get()) {
                BenchTimer.Result r = timer.measure(p.op());
                double us = r.meanNanos() / 1e3;
                double rtf = c.audioSecondsPerOp() > 0 ? c.audioSecondsPerOp() * 1e9 / r.meanNanos() : Double.NaN;
                row.put("usPerOp", round(us));
                row.put("p50Us", round(r.p50Nanos() / 1e3));
                row.put("p99Us", round(r.p99Nanos() / 1e3));
                row.put("realTimeFactor", Double.isNaN(rtf) ? null : round(rtf));
                row.put("bytesPerOp", r.bytesPerOp() < 0 ? null : round(r.bytesPerOp()));
                row.put("ops", r.ops());
                out.printf(Locale.ROOT, "%-24s %12.2f %12.2f %12s %10s  %s%n", c.name(), us, r.p50Nanos() / 1e3,
                        Double.isNaN(rtf) ? "-" : String.format(Locale.ROOT, "%.0fx", rtf),
                        r.bytesPerOp() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", r.bytesPerOp()), c.description());
            } catch (Exception | LinkageError e) {
                String why = Main.oneLine(e);
                row.put("error", why);
                out.printf(Locale.ROOT, "%-24s %12s %12s %12s %10s  skipped: %s%n", c.name(), "-", "-", "-", "-", why);
            }
            out.flush();
            results.add(row);
        }
        out.println("us/op = mean; real-time = seconds of audio per op / mean time per op; B/op = Java heap only "
                + "(ONNX Runtime's native memory is not counted).");
        return results;
    }

    private List<Map<String, Object>> runModel(PrintWriter out, ModelCache cache) throws Exception {
        List<Path> files;
        Map<String, ModelBench.Hint> hints = new LinkedHashMap<>();
        Path path = Path.of(model);
        if (Files.isRegularFile(path)) {
            files = List.of(path);
        } else {
            Preset preset;
            try {
                preset = Preset.byName(model);
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException("--model " + model + " is neither a file nor a preset; presets: "
                        + Preset.names());
            }
            files = cache.resolve(preset);
            if (preset == Preset.SILERO_VAD) {
                // one 32 ms chunk with Silero's 64-sample context, state [2, batch, 128], sr = 16000 (utils_vad.py)
                hints.put("input", new ModelBench.Hint(new long[] {-1, 576}, null));
                hints.put("state", new ModelBench.Hint(new long[] {2, -1, 128}, null));
                hints.put("sr", new ModelBench.Hint(new long[0], 16_000L));
            } else {
                // openWakeWord's melspectrogram model: one streaming hop of 1280 + 480 context samples
                hints.put("input", new ModelBench.Hint(new long[] {-1, 1760}, null));
            }
        }
        BenchTimer timer = timer(DEFAULT_MODEL_SECONDS);
        List<Map<String, Object>> results = new ArrayList<>();
        out.printf(Locale.ROOT, "%-28s %6s %8s %11s %11s %14s  %s%n", "MODEL", "BATCH", "THREADS", "p50 ms", "p99 ms",
                "windows/s", "INPUTS");
        try (PythonOrtPeer peer = python == null ? null : new PythonOrtPeer(python)) {
            for (Path file : files) {
                timeModel(out, file, hints, timer, peer, results);
            }
        }
        if (python != null) {
            out.println("python p50 / java p50 = Python onnxruntime's median time per run / AudioML's (above 1: AudioML "
                    + "faster); one after the other on this machine; windows/s from the mean.");
        }
        return results;
    }

    private void timeModel(PrintWriter out, Path file, Map<String, ModelBench.Hint> hints, BenchTimer timer,
            PythonOrtPeer peer, List<Map<String, Object>> results) throws Exception {
        List<TensorSpec> inputs;
        try (OnnxSession s = OnnxSession.open(file)) {
            inputs = s.inputs();
        }
        for (int b : batches) {
            Map<String, long[]> shapes = ModelBench.shapes(inputs, b, dynamicSize, hints);
            if (shapes == null) {
                out.printf(Locale.ROOT, "%-28s %6d %8s  skipped: first input's batch axis is fixed to %d%n",
                        file.getFileName(), b, "-", inputs.get(0).shape()[0]);
                continue;
            }
            for (int t : threads) {
                ModelBench.Row r = ModelBench.run(file, b, t, shapes, hints, timer);
                out.printf(Locale.ROOT, "%-28s %6d %8d %11.3f %11.3f %14.1f  %s%n", r.model(), b, t,
                        r.timing().p50Nanos() / 1e6, r.timing().p99Nanos() / 1e6, r.throughputPerSecond(),
                        r.inputShapes());
                out.flush();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", r.model());
                row.put("batch", b);
                row.put("threads", t);
                row.put("inputs", r.inputShapes());
                row.put("runs", r.timing().ops());
                row.put("meanMs", round(r.timing().meanNanos() / 1e6));
                row.put("p50Ms", round(r.timing().p50Nanos() / 1e6));
                row.put("p99Ms", round(r.timing().p99Nanos() / 1e6));
                row.put("windowsPerSecond", round(r.throughputPerSecond()));
                if (peer != null) {
                    comparePeer(out, peer, file, PythonOrtPeer.inputsJson(inputs, shapes, hints), b, t, r, row);
                }
                results.add(row);
            }
        }
    }

    private void comparePeer(PrintWriter out, PythonOrtPeer peer, Path file, String inputsJson, int b, int t,
            ModelBench.Row r, Map<String, Object> row) {
        double s = seconds != null ? seconds : DEFAULT_MODEL_SECONDS;
        try {
            PythonOrtPeer.Result p = peer.run(file, inputsJson, t, s);
            // medians: on a shared machine the mean follows other processes' load more than either runtime
            double ratio = p.p50Ms() / (r.timing().p50Nanos() / 1e6);
            out.printf(Locale.ROOT, "%-28s %6d %8d %11.3f %11.3f %14.1f  python p50 / java p50 = %.2fx%n",
                    "  " + p.peer(), b, t, p.p50Ms(), p.p99Ms(), b * 1e3 / p.meanMs(), ratio);
            Map<String, Object> py = new LinkedHashMap<>();
            py.put("peer", p.peer());
            py.put("runs", p.runs());
            py.put("meanMs", round(p.meanMs()));
            py.put("p50Ms", round(p.p50Ms()));
            py.put("p99Ms", round(p.p99Ms()));
            py.put("pythonP50OverJavaP50", round(ratio));
            row.put("python", py);
        } catch (IOException e) {
            out.printf(Locale.ROOT, "%-28s %6d %8d  skipped: %s%n", "  python-onnxruntime", b, t, e.getMessage());
            row.put("python", Map.of("error", String.valueOf(e.getMessage())));
        }
        out.flush();
    }

    private void writeJson(Map<String, Object> report) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
