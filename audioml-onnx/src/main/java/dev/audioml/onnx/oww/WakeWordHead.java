package dev.audioml.onnx.oww;

import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.internal.OrtAccess;
import dev.audioml.onnx.internal.OrtSessions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One openWakeWord head ({@code hey_jarvis_v0.1.onnx} etc.): the last {@link #inputEmbeddings()} 96-d embeddings in
 * ({@code [1, N, 96]}, N = the input's {@code shape[1]}, as {@code openwakeword/model.py} reads it), scores out.
 *
 * <p>Single-output heads report one label (the head's name). Multi-class heads (openWakeWord's {@code timer}: 7
 * outputs) report either one label per output, or one per output after the first when output 0 means "none" (the
 * convention of openWakeWord's {@code model_class_mappings}).
 *
 * <p>Thread-safe (the session is shared; per-stream buffers live in {@link WakeWordClassifier}).
 *
 * @since 0.1
 */
public final class WakeWordHead implements AutoCloseable {
    private final OnnxSession session;
    private final String name;
    private final List<String> labels;
    private final int inputEmbeddings;
    private final int outputs;
    private final int firstOutput;
    private final String inputName;
    private final String outputName;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WakeWordHead(OnnxSession session, String name, List<String> labels, Path path) {
        this.session = session;
        this.name = name;
        this.inputName = OwwTensors.inputName(session, 0);
        this.outputName = OwwTensors.outputName(session, 0);
        long[] in = session.inputs().get(0).shape();
        long[] out = session.outputs().get(0).shape();
        if (in.length != 3 || in[1] < 1 || in[2] != OwwBackbone.EMBEDDING_SIZE) {
            throw new AudioMLException(path + " is not an openWakeWord head: its input " + inputName + " has shape "
                    + java.util.Arrays.toString(in) + ", expected [1, N, 96]");
        }
        if (out.length != 2 || out[1] < 1) {
            throw new AudioMLException(path + " is not an openWakeWord head: its output has shape "
                    + java.util.Arrays.toString(out) + ", expected [1, classes]");
        }
        this.inputEmbeddings = (int) in[1];
        this.outputs = (int) out[1];
        List<String> l = labels.isEmpty() ? List.of(name) : List.copyOf(labels);
        if (l.size() == outputs) {
            firstOutput = 0;
        } else if (l.size() == outputs - 1) {
            firstOutput = 1;
        } else {
            throw new IllegalArgumentException("head " + name + " (" + path + ") has " + outputs + " outputs but "
                    + l.size() + " labels " + l + " were given; give " + outputs + " or " + (outputs - 1));
        }
        this.labels = l;
    }

    /**
     * Loads a head.
     *
     * @param modelPath the head's {@code .onnx} file
     * @param name the head's name, e.g. {@code hey_jarvis}
     * @param labels its labels in output order; empty means {@code [name]} (single-output heads)
     * @return the head; the caller closes it
     */
    public static WakeWordHead open(Path modelPath, String name, List<String> labels) {
        OnnxSession session = OrtSessions.open(modelPath);
        try {
            return new WakeWordHead(session, name, labels, modelPath);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** @return the head's name */
    public String name() {
        return name;
    }

    /** @return its labels, in the order it writes scores */
    public List<String> labels() {
        return labels;
    }

    /** @return how many of the latest embeddings it reads (16 for most heads, 22 weather, 34 timer) */
    public int inputEmbeddings() {
        return inputEmbeddings;
    }

    /** @return the number of model outputs */
    int outputs() {
        return outputs;
    }

    /** @return the model output index of the first label (0, or 1 when output 0 means "none") */
    int firstOutput() {
        return firstOutput;
    }

    String inputName() {
        return inputName;
    }

    String outputName() {
        return outputName;
    }

    OrtSession session() {
        if (closed.get()) {
            throw new IllegalStateException("WakeWordHead " + name + " is closed");
        }
        return OrtAccess.ort(session);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            session.close();
        }
    }
}
