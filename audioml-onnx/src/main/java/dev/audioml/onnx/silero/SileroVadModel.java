package dev.audioml.onnx.silero;

import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.TensorSpec;
import dev.audioml.onnx.internal.OrtSessions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loaded Silero VAD v5 model ({@code silero_vad_v5.onnx}, inputs {@code input}, {@code state} {@code [2,1,128]},
 * {@code sr} int64 scalar; outputs {@code output}, {@code stateN}), shared by any number of {@link SileroVad} streams.
 *
 * <p>Thread-safe: one model may serve streams on several threads; each stream keeps its own recurrent state.
 *
 * @since 0.1
 */
public final class SileroVadModel implements AutoCloseable {
    static final String INPUT = "input";
    static final String STATE = "state";
    static final String SAMPLE_RATE = "sr";
    static final String OUTPUT = "output";
    static final String STATE_OUT = "stateN";

    private final OnnxSession session;
    private final Path path;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SileroVadModel(OnnxSession session, Path path) {
        this.session = session;
        this.path = path;
    }

    /**
     * Loads and checks the model.
     *
     * @param modelPath path of {@code silero_vad_v5.onnx}
     * @return the model; the caller closes it
     * @throws AudioMLException if the file is not a Silero VAD v5 model (names the missing input/output)
     */
    public static SileroVadModel open(Path modelPath) {
        OnnxSession session = OrtSessions.open(modelPath);
        try {
            requireNames(modelPath, "input", session.inputs(), List.of(INPUT, STATE, SAMPLE_RATE));
            requireNames(modelPath, "output", session.outputs(), List.of(OUTPUT, STATE_OUT));
            return new SileroVadModel(session, modelPath);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private static void requireNames(Path path, String what, List<TensorSpec> declared, List<String> needed) {
        List<String> names = declared.stream().map(TensorSpec::name).toList();
        for (String n : needed) {
            if (!names.contains(n)) {
                throw new AudioMLException(path + " is not a Silero VAD v5 model: it lacks " + what + " \"" + n
                        + "\"; model declares " + names);
            }
        }
    }

    /**
     * Starts a new stream with zero state and zero context.
     *
     * @param sampleRateHz 16000 or 8000
     * @return a per-stream classifier; closing it does not close this model
     */
    public SileroVad newStream(int sampleRateHz) {
        return new SileroVad(this, sampleRateHz, false);
    }

    OrtSession session() {
        if (closed.get()) {
            throw new IllegalStateException("SileroVadModel is closed");
        }
        return session.ort();
    }

    /** @return the model file */
    public Path path() {
        return path;
    }

    /** Releases the session. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            session.close();
        }
    }
}
