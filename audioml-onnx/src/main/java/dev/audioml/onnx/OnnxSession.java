package dev.audioml.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import dev.audioml.onnx.internal.OrtAccess;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.audioml.core.AudioMLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An ONNX Runtime session with its options: the one place AudioML creates sessions. It loads the model once, reports
 * its inputs, outputs and {@code metadata_props}, and is shared by any number of per-stream classifiers.
 *
 * <p>Thread-safe: ONNX Runtime's {@code run} may be called concurrently on one session; per-stream state (input
 * buffers, recurrent state) belongs to the classifiers, never to the session. The session owns its native memory and
 * frees it in {@link #close()}; close it only after every classifier using it has stopped.
 *
 * <pre>{@code
 * try (OnnxSession session = OnnxSession.open(Path.of("model.onnx"), OnnxSessionOptions.defaults())) {
 *     System.out.println(session.inputs() + " -> " + session.outputs());
 *     // run it through OnnxClassifier (one per stream)
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class OnnxSession implements AutoCloseable {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final SessionOptions ortOptions;
    private final OnnxSessionOptions options;
    private final String name;
    private final Path path;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final Map<String, String> metadata;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OnnxSession(String name, Path path, OnnxSessionOptions options, Loader loader) {
        this.name = name;
        this.path = path;
        this.options = Objects.requireNonNull(options, "options");
        this.environment = OrtEnvironment.getEnvironment();
        SessionOptions so = new SessionOptions();
        OrtSession s = null;
        try {
            so.setIntraOpNumThreads(options.intraOpThreads());
            so.setInterOpNumThreads(options.interOpThreads());
            so.setOptimizationLevel(options.optimizationLevel().ort());
            if (!options.allowSpinning()) {
                so.addConfigEntry("session.intra_op.allow_spinning", "0");
                so.addConfigEntry("session.inter_op.allow_spinning", "0");
            }
            if (options.optimizedModelPath() != null) {
                so.setOptimizedModelFilePath(options.optimizedModelPath().toString());
            }
            ExecutionProviders.apply(options.executionProvider(), so);
            s = loader.load(environment, so);
            this.inputs = specs(s.getInputInfo());
            this.outputs = specs(s.getOutputInfo());
            this.metadata = Map.copyOf(s.getMetadata().getCustomMetadata());
        } catch (OrtException | RuntimeException e) {
            closeQuietly(s);
            so.close();
            if (e instanceof OrtException ort) {
                throw new AudioMLException("cannot load ONNX model " + name + ": " + oneLine(ort), ort);
            }
            throw (RuntimeException) e;
        }
        this.session = s;
        this.ortOptions = so;
    }

    /**
     * Opens a model file with default options (CPU).
     *
     * @param model path of an {@code .onnx} file
     * @return an open session, owned by the caller
     * @throws IllegalArgumentException if the file does not exist
     * @throws AudioMLException if ONNX Runtime cannot load it (not an ONNX model, unsupported operator...)
     */
    public static OnnxSession open(Path model) {
        return open(model, OnnxSessionOptions.defaults());
    }

    /**
     * Opens a model file.
     *
     * @param model path of an {@code .onnx} file
     * @param options session options
     * @return an open session, owned by the caller
     * @throws IllegalArgumentException if the file does not exist
     * @throws AudioMLException if ONNX Runtime cannot load it, or the execution provider is not in this build
     */
    public static OnnxSession open(Path model, OnnxSessionOptions options) {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("model file not found: " + model);
        }
        return new OnnxSession(model.toString(), model, options, (env, so) -> env.createSession(model.toString(), so));
    }

    /**
     * Opens a model from its bytes.
     *
     * @param model the bytes of an ONNX model; not retained
     * @param name a name for messages (e.g. where the bytes came from)
     * @param options session options
     * @return an open session, owned by the caller
     * @throws AudioMLException if ONNX Runtime cannot load it, or the execution provider is not in this build
     */
    public static OnnxSession open(byte[] model, String name, OnnxSessionOptions options) {
        Objects.requireNonNull(model, "model");
        return new OnnxSession(Objects.requireNonNull(name, "name"), null, options, (env, so) -> env.createSession(model, so));
    }

    /** @return the model's inputs in declaration order */
    public List<TensorSpec> inputs() {
        return inputs;
    }

    /** @return the model's outputs in declaration order */
    public List<TensorSpec> outputs() {
        return outputs;
    }

    /** @return the model's {@code metadata_props} (custom metadata), possibly empty */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return the file path, or the name given with the bytes, for messages */
    public String name() {
        return name;
    }

    /** @return the model file, when opened from a path */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** @return the options the session was created with */
    public OnnxSessionOptions options() {
        return options;
    }

    static {
        // ONNX Runtime's types stay out of the API: the library's own packages reach the session through this
        OrtAccess.register(OnnxSession::ortSession);
    }

    /** The underlying session; owned by this object. */
    private OrtSession ortSession() {
        if (closed.get()) {
            throw new IllegalStateException("OnnxSession " + name + " is closed");
        }
        return session;
    }

    /**
     * Finds an input by name.
     *
     * @param inputName the input's name
     * @return its spec
     * @throws IllegalArgumentException naming the inputs the model declares
     */
    public TensorSpec input(String inputName) {
        return find(inputs, inputName, "input");
    }

    /**
     * Finds an output by name.
     *
     * @param outputName the output's name
     * @return its spec
     * @throws IllegalArgumentException naming the outputs the model declares
     */
    public TensorSpec output(String outputName) {
        return find(outputs, outputName, "output");
    }

    /** Frees the session's native memory. Idempotent and thread-safe. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(session);
            ortOptions.close();
        }
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public String toString() {
        return "OnnxSession[" + name + ", inputs " + inputs + ", outputs " + outputs + "]";
    }

    /**
     * Converts an ONNX Runtime failure into the message of an {@link AudioMLException}.
     *
     * @param e the failure
     * @return its message on one line
     */
    static String oneLine(OrtException e) {
        String msg = e.getMessage() == null ? e.getCode().name() : e.getMessage();
        return msg.replace('\n', ' ').trim();
    }

    private TensorSpec find(List<TensorSpec> specs, String wanted, String what) {
        for (TensorSpec t : specs) {
            if (t.name().equals(wanted)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown model " + what + " \"" + wanted + "\"; " + name + " declares "
                + specs.stream().map(TensorSpec::name).toList());
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos) {
        List<TensorSpec> out = new ArrayList<>();
        infos.values().forEach(n -> out.add(TensorSpec.of(n)));
        return List.copyOf(out);
    }

    private static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException e) {
                // Closing a session only fails if it was already closed; nothing left to free.
            }
        }
    }

    @FunctionalInterface
    private interface Loader {
        OrtSession load(OrtEnvironment env, SessionOptions options) throws OrtException;
    }
}
