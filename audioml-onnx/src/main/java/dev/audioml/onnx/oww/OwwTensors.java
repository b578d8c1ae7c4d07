package dev.audioml.onnx.oww;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.TensorSpec;
import dev.audioml.onnx.internal.OrtAccess;
import dev.audioml.onnx.internal.OrtSessions;
import java.nio.FloatBuffer;
import java.util.Arrays;

/** Small helpers shared by the openWakeWord classes: direct buffers wrapped as reusable tensors, index lookups. */
final class OwwTensors {
    private OwwTensors() {
    }

    /** A direct float buffer and the tensor that wraps it (writes to the buffer are seen by the next run). */
    record Bound(FloatBuffer buffer, OnnxTensor tensor) implements AutoCloseable {
        static Bound of(long... shape) {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            FloatBuffer buffer = OrtSessions.directFloats((int) n);
            try {
                return new Bound(buffer, OnnxTensor.createTensor(OrtAccess.environment(), buffer, shape));
            } catch (OrtException e) {
                throw new AudioMLException("cannot allocate a tensor of shape " + java.util.Arrays.toString(shape) + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            tensor.close();
        }
    }

    /** @return the name of the session's input at {@code index} (names vary between files; order does not) */
    static String inputName(OnnxSession session, int index) {
        return session.inputs().get(index).name();
    }

    /** @return the name of the session's output at {@code index} */
    static String outputName(OnnxSession session, int index) {
        return session.outputs().get(index).name();
    }

    /** @return {@code x} in [-1, 1] as the int16 value openWakeWord feeds its melspectrogram model */
    static float toInt16Value(float x) {
        return Math.max(-32768f, Math.min(32767f, Math.round(x * 32768f)));
    }

    /**
     * Checks a model input or output against the shape openWakeWord's code relies on ({@code -1} = any size).
     *
     * @param spec the declared tensor
     * @param what e.g. "melspectrogram model input"
     * @param expected the expected shape
     * @throws AudioMLException naming the model, the tensor, the expected and the declared shape
     */
    static void requireShape(TensorSpec spec, String what, long... expected) {
        long[] shape = spec.shape();
        boolean ok = shape.length == expected.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = expected[i] < 0 || shape[i] < 0 || shape[i] == expected[i];
        }
        if (!ok) {
            throw new AudioMLException("not an openWakeWord " + what + ": " + spec.name() + " has shape "
                    + Arrays.toString(shape) + ", expected " + Arrays.toString(expected) + " (-1 = any)");
        }
    }
}
