package dev.audioml.onnx.internal;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.audioml.onnx.OnnxSession;
import java.util.Objects;
import java.util.function.Function;

/**
 * The ONNX Runtime objects behind an {@link OnnxSession}, for AudioML's own modules (stateful models, training
 * backbones, the benchmark harness), so that no ONNX Runtime type is part of the public API.
 *
 * <p>Internal: not API. Thread-safe.
 */
public final class OrtAccess {
    private static volatile Function<OnnxSession, OrtSession> accessor;

    private OrtAccess() {
    }

    /**
     * Called once by {@link OnnxSession}'s class initialisation.
     *
     * @param sessions maps a session to its ONNX Runtime session
     * @throws IllegalStateException if already registered
     */
    public static synchronized void register(Function<OnnxSession, OrtSession> sessions) {
        if (accessor != null) {
            throw new IllegalStateException("OrtAccess is registered already");
        }
        accessor = Objects.requireNonNull(sessions, "sessions");
    }

    /**
     * @param session an open session (its class is initialised, so the accessor is registered)
     * @return its ONNX Runtime session; owned by {@code session}: never close it
     * @throws IllegalStateException if the session is closed
     */
    public static OrtSession ort(OnnxSession session) {
        return accessor.apply(Objects.requireNonNull(session, "session"));
    }

    /** @return the process-wide ONNX Runtime environment; never close it */
    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }
}
