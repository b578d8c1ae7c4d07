package dev.audioml.onnx.oww;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.internal.OrtSessions;
import java.nio.FloatBuffer;
import java.util.Iterator;

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
                return new Bound(buffer, OnnxTensor.createTensor(OrtSessions.environment(), buffer, shape));
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
    static String inputName(OrtSession session, int index) {
        return nth(session.getInputNames().iterator(), index);
    }

    /** @return the name of the session's output at {@code index} */
    static String outputName(OrtSession session, int index) {
        return nth(session.getOutputNames().iterator(), index);
    }

    private static String nth(Iterator<String> names, int index) {
        for (int i = 0; i < index; i++) {
            names.next();
        }
        return names.next();
    }

    /** Closes a session, converting the checked exception. */
    static void close(OrtSession session, String what) {
        try {
            session.close();
        } catch (OrtException e) {
            throw new AudioMLException("cannot close " + what + ": " + e.getMessage(), e);
        }
    }

    /** @return {@code x} in [-1, 1] as the int16 value openWakeWord feeds its melspectrogram model */
    static float toInt16Value(float x) {
        return Math.max(-32768f, Math.min(32767f, Math.round(x * 32768f)));
    }

    /**
     * Checks a model input or output against the shape openWakeWord's code relies on ({@code -1} = any size).
     *
     * @throws AudioMLException naming the model, the tensor, the expected and the declared shape
     */
    static void requireShape(OrtSession session, boolean input, String name, String model, long... expected) {
        try {
            ai.onnxruntime.NodeInfo info = (input ? session.getInputInfo() : session.getOutputInfo()).get(name);
            long[] shape = info.getInfo() instanceof ai.onnxruntime.TensorInfo t ? t.getShape() : new long[0];
            boolean ok = shape.length == expected.length;
            for (int i = 0; ok && i < shape.length; i++) {
                ok = expected[i] < 0 || shape[i] < 0 || shape[i] == expected[i];
            }
            if (!ok) {
                throw new AudioMLException("not an openWakeWord " + model + " model: " + (input ? "input " : "output ") + name
                        + " has shape " + java.util.Arrays.toString(shape) + ", expected "
                        + java.util.Arrays.toString(expected) + " (-1 = any)");
            }
        } catch (OrtException e) {
            throw new AudioMLException("cannot inspect the openWakeWord " + model + " model: " + e.getMessage(), e);
        }
    }
}
