package dev.audioml.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one place the pretrained-model packages ({@code silero}, {@code oww}) create ONNX Runtime sessions.
 *
 * <p>Internal: not API. To be replaced by {@code dev.audioml.onnx.OnnxSession} once it lands (a one-line switch here).
 *
 * <p>Thread-safe.
 */
public final class OrtSessions {
    private OrtSessions() {
    }

    /** @return the process-wide ONNX Runtime environment */
    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /**
     * Opens a CPU session with one intra-op and one inter-op thread, as the reference wrappers (Silero's
     * {@code OnnxWrapper}, openWakeWord's {@code Model}) do.
     *
     * @param model path of an {@code .onnx} file
     * @return a new session; the caller closes it
     * @throws AudioMLException naming the file if ONNX Runtime cannot load it
     */
    public static OrtSession open(Path model) {
        if (!Files.isRegularFile(model)) {
            throw new IllegalArgumentException("model file " + model + " does not exist");
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            return environment().createSession(model.toString(), options);
        } catch (OrtException e) {
            throw new AudioMLException("cannot load ONNX model " + model + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param floats capacity
     * @return a zeroed direct float buffer in native order, which ONNX Runtime wraps as a tensor without copying
     */
    public static java.nio.FloatBuffer directFloats(int floats) {
        return java.nio.ByteBuffer.allocateDirect(floats * Float.BYTES).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
