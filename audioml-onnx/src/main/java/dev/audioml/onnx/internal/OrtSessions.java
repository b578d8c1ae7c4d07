package dev.audioml.onnx.internal;

import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.OnnxSessionOptions;
import java.nio.file.Path;

/**
 * The one place the pretrained-model packages ({@code silero}, {@code oww}) open their {@link OnnxSession}s, with the
 * threading of the reference wrappers.
 *
 * <p>Internal: not API.
 *
 * <p>Thread-safe.
 */
public final class OrtSessions {
    private static final OnnxSessionOptions OPTIONS = OnnxSessionOptions.builder().intraOpThreads(1).interOpThreads(1).build();

    private OrtSessions() {
    }

    /**
     * Opens a CPU session with one intra-op and one inter-op thread, as the reference wrappers (Silero's
     * {@code OnnxWrapper}, openWakeWord's {@code Model}) do.
     *
     * @param model path of an {@code .onnx} file
     * @return a new session; the caller closes it
     * @throws IllegalArgumentException if the file does not exist
     * @throws AudioMLException naming the file if ONNX Runtime cannot load it
     */
    public static OnnxSession open(Path model) {
        return OnnxSession.open(model, OPTIONS);
    }

    /**
     * Opens a CPU session on model bytes (e.g. a copy edited with {@code OnnxModelEditor}) with the threading of
     * {@link #open(Path)}.
     *
     * @param model the bytes of an ONNX model
     * @param name a name for messages, e.g. the file the bytes came from
     * @return a new session; the caller closes it
     * @throws AudioMLException naming {@code name} if ONNX Runtime cannot load it
     */
    public static OnnxSession open(byte[] model, String name) {
        return OnnxSession.open(model, name, OPTIONS);
    }

    /**
     * @param floats capacity
     * @return a zeroed direct float buffer in native order, which ONNX Runtime wraps as a tensor without copying
     */
    public static java.nio.FloatBuffer directFloats(int floats) {
        return java.nio.ByteBuffer.allocateDirect(floats * Float.BYTES).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
