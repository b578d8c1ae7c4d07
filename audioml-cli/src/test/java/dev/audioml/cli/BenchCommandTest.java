package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audioml bench} through {@link Main#run}, with tiny measurement times so that the suite stays fast. */
class BenchCommandTest {
    /** Measurement seconds per benchmark in these tests (timing quality does not matter here). */
    private static final String TINY_SECONDS = "0.02";
    /** Built-in benchmarks that need no pretrained model. */
    private static final List<String> MODEL_FREE = List.of("spectrum-512", "logmel-16k-512-160-64", "mfcc-16k-512-160-64",
            "fbank-16k-400-160-80", "logmel-22k-2048-512-128", "logmel-clip-10s", "resample-48k-16k",
            "resample-44k-16k");

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void quickSetPrintsEveryBenchmarkAndWritesJsonWithTheMachine() throws Exception {
        Path json = dir.resolve("bench.json");
        CliRun r = run("bench", "--quick", "--skip-models", "--seconds", TINY_SECONDS, "--json", json.toString());
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("us/op", "real-time", "B/op").doesNotContain("skipped");
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("machine").path("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(root.path("machine").path("cpuModel").asText()).isNotBlank();
        assertThat(root.path("machine").path("onnxRuntime").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(root.path("quick").asBoolean()).isTrue();
        JsonNode results = root.path("results");
        assertThat(results).hasSize(MODEL_FREE.size());
        for (int i = 0; i < MODEL_FREE.size(); i++) {
            JsonNode row = results.get(i);
            assertThat(row.path("name").asText()).isEqualTo(MODEL_FREE.get(i));
            assertThat(r.out()).contains(MODEL_FREE.get(i));
            assertThat(row.path("usPerOp").asDouble()).as(row.toString()).isPositive();
            assertThat(row.path("ops").asLong()).isPositive();
        }
        // streaming log-mel: 10 ms of audio per op
        JsonNode logmel = results.get(1);
        assertThat(logmel.path("realTimeFactor").asDouble())
                .isCloseTo(10_000 / logmel.path("usPerOp").asDouble(), org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(results.get(0).path("realTimeFactor").isNull()).as("a spectrum of one frame has no real-time factor").isTrue();
    }

    @Test
    void modelFileIsTimedPerBatchAndThreadsOnItsDeclaredShape() throws Exception {
        Path model = doubleModel();
        Path json = dir.resolve("model.json");
        CliRun r = run("bench", "--model", model.toString(), "--batch", "1,4", "--threads", "1,2", "--dim", "7",
                "--seconds", TINY_SECONDS, "--json", json.toString());
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("x[1, 7]", "x[4, 7]");
        JsonNode results = new ObjectMapper().readTree(json.toFile()).path("results");
        assertThat(results).hasSize(4);
        for (JsonNode row : results) {
            assertThat(row.path("model").asText()).isEqualTo("double.onnx");
            assertThat(row.path("p99Ms").asDouble()).isGreaterThanOrEqualTo(row.path("p50Ms").asDouble());
            assertThat(row.path("windowsPerSecond").asDouble()).isPositive();
        }
        assertThat(results.get(2).path("batch").asInt()).isEqualTo(4);
        assertThat(results.get(3).path("threads").asInt()).isEqualTo(2);
    }

    @Test
    void pythonOnnxRuntimeRunsTheSameModelSideBySide() throws Exception {
        String python = pythonWithOnnxRuntime();
        org.junit.jupiter.api.Assumptions.assumeTrue(python != null,
                "no python with onnxruntime (set AUDIOML_PYTHON to one)");
        Path model = doubleModel();
        Path json = dir.resolve("peer.json");
        CliRun r = run("bench", "--model", model.toString(), "--batch", "2", "--dim", "5", "--seconds", "0.2",
                "--python", python, "--json", json.toString());
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("python-onnxruntime", "python p50 / java p50");
        JsonNode py = new ObjectMapper().readTree(json.toFile()).path("results").get(0).path("python");
        assertThat(py.path("peer").asText()).startsWith("python-onnxruntime 1.");
        assertThat(py.path("p99Ms").asDouble()).isGreaterThanOrEqualTo(py.path("p50Ms").asDouble()).isPositive();
        assertThat(py.path("pythonP50OverJavaP50").asDouble()).isPositive();
    }

    @Test
    void aPythonThatCannotRunIsReportedOnItsRowAndTheJavaFiguresStay() throws Exception {
        Path model = doubleModel();
        Path json = dir.resolve("nopeer.json");
        String missing = dir.resolve("no-such-python").toString();
        CliRun r = run("bench", "--model", model.toString(), "--seconds", TINY_SECONDS, "--python", missing,
                "--json", json.toString());
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("skipped: cannot start " + missing);
        JsonNode row = new ObjectMapper().readTree(json.toFile()).path("results").get(0);
        assertThat(row.path("meanMs").asDouble()).isPositive();
        assertThat(row.path("python").path("error").asText()).startsWith("cannot start " + missing);
    }

    @Test
    void thePeerGetsEveryInputWithItsTypeShapeAndFill() {
        List<dev.audioml.onnx.TensorSpec> inputs = List.of(
                new dev.audioml.onnx.TensorSpec("input", "float", new long[] {-1, 576}),
                new dev.audioml.onnx.TensorSpec("sr", "int64", new long[0]));
        String json = PythonOrtPeer.inputsJson(inputs,
                java.util.Map.of("input", new long[] {8, 576}, "sr", new long[0]),
                java.util.Map.of("sr", new ModelBench.Hint(new long[0], 16_000L)));
        assertThat(json).isEqualTo("{\"input\":[\"float\",[8,576]],\"sr\":[\"int64\",[],16000]}");
    }

    private Path doubleModel() throws Exception {
        Path model = dir.resolve("double.onnx");
        OnnxModelBuilder.create("double")
                .input(ValueInfo.of("x", ElementType.FLOAT, -1, -1))
                .node("Add", List.of("x", "x"), List.of("y"))
                .output(ValueInfo.of("y", ElementType.FLOAT, -1, -1))
                .write(model);
        return model;
    }

    /** AUDIOML_PYTHON, else python3, if it imports onnxruntime and numpy; else null. */
    private static String pythonWithOnnxRuntime() {
        String env = System.getenv("AUDIOML_PYTHON");
        for (String py : env != null ? List.of(env) : List.of("python3")) {
            try {
                Process p = new ProcessBuilder(py, "-c", "import onnxruntime, numpy").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return py;
                }
                p.destroyForcibly();
            } catch (java.io.IOException e) {
                // not installed: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    @Test
    void sileroPresetRunsWithItsKnownInputShapes() {
        CliRun r = run("bench", "--model", "silero-vad", "--batch", "1,2", "--seconds", TINY_SECONDS);
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("silero_vad_v5.onnx", "input[2, 576]", "state[2, 2, 128]");
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        assertUsage(run("bench", "--seconds", "0"), "--seconds must be in (0, 3600], got 0.0");
        assertUsage(run("bench", "--batch", "8"), "--batch and --threads apply to --model only");
        assertUsage(run("bench", "--python", "python3"), "--python applies to --model only");
        assertUsage(run("bench", "--model", "no-such-model", "--batch", "0"), "--batch values must be in [1, 4096], got 0");
        assertUsage(run("bench", "--model", "no-such-model"), "--model no-such-model is neither a file nor a preset");
        assertUsage(run("bench", "--json", dir.resolve("missing/out.json").toString()), "does not exist");
        assertThat(run("bench", "--seconds", "soon").code()).isEqualTo(2);
    }

    private static void assertUsage(CliRun r, String message) {
        assertThat(r.code()).as(r.out()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }
}
