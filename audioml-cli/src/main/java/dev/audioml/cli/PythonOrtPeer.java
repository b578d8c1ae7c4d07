package dev.audioml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.audioml.onnx.TensorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code python_onnxruntime.py} (a resource of this jar) with the user's Python: the model that
 * {@code audioml bench --model} just timed, on inputs of the same shapes and element types, with the same intra-op
 * thread count and measurement time, so that Java and Python's onnxruntime show side by side.
 *
 * <p>Owns a temporary copy of the script and two files for its output: {@link #close()} deletes them. Not
 * thread-safe.
 */
final class PythonOrtPeer implements AutoCloseable {
    /** The peer's figures. */
    record Result(String peer, long runs, double p50Ms, double p99Ms, double meanMs) {
    }

    private final String python;
    private final Path script;
    /** The peer's stdout and stderr (files, not pipes: nothing can block on a full pipe). */
    private final Path outFile;
    private final Path errFile;

    /**
     * @param python the Python executable (needs onnxruntime and numpy)
     * @throws IOException if the script cannot be written to a temporary file
     */
    PythonOrtPeer(String python) throws IOException {
        this.python = python;
        this.script = Files.createTempFile("audioml-python-onnxruntime", ".py");
        try (InputStream in = PythonOrtPeer.class.getResourceAsStream("python_onnxruntime.py")) {
            if (in == null) {
                throw new IOException("python_onnxruntime.py is missing from the audioml jar");
            }
            Files.write(script, in.readAllBytes());
        }
        this.outFile = Files.createTempFile("audioml-python-onnxruntime", ".out");
        this.errFile = Files.createTempFile("audioml-python-onnxruntime", ".err");
    }

    /**
     * The peer's input description: {@code {"name": [type, shape(, fill)]}}.
     *
     * @param inputs the model's inputs
     * @param shapes the shapes fed by the Java run
     * @param hints fill values of integer inputs
     */
    static String inputsJson(List<TensorSpec> inputs, Map<String, long[]> shapes, Map<String, ModelBench.Hint> hints) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        for (TensorSpec in : inputs) {
            ArrayNode spec = root.putArray(in.name());
            spec.add(in.elementType());
            ArrayNode dims = spec.addArray();
            for (long d : shapes.get(in.name())) {
                dims.add(d);
            }
            ModelBench.Hint hint = hints.get(in.name());
            if (hint != null && hint.fill() != null) {
                spec.add(hint.fill());
            }
        }
        return root.toString();
    }

    /**
     * Times the model with Python's onnxruntime.
     *
     * @param model the model file
     * @param inputsJson from {@link #inputsJson}
     * @param threads intra-op threads
     * @param seconds measurement seconds (warm-up is half of it)
     * @return the figures
     * @throws IOException with one line saying why, when the peer cannot run or fails
     */
    Result run(Path model, String inputsJson, int threads, double seconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), model.toAbsolutePath().toString(), inputsJson,
                "--threads", Integer.toString(threads), "--seconds", Double.toString(seconds))
                .redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + python + ": " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
            if (!p.waitFor((long) (seconds * 3) + 120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(python + " did not finish within " + ((long) (seconds * 3) + 120) + " s");
            }
            String stdout = Files.readString(outFile, StandardCharsets.UTF_8).trim();
            String stderr = Files.readString(errFile, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                String[] lines = stderr.isEmpty() ? new String[] {"exit " + p.exitValue()} : stderr.split("\n");
                throw new IOException(python + ": " + lines[lines.length - 1]);
            }
            String[] lines = stdout.split("\n");
            JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
            return new Result(j.path("peer").asText("python-onnxruntime"), j.path("runs").asLong(),
                    j.path("p50_ms").asDouble(), j.path("p99_ms").asDouble(), j.path("mean_ms").asDouble());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + python + " ran", e);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(script);
        Files.deleteIfExists(outFile);
        Files.deleteIfExists(errFile);
    }
}
