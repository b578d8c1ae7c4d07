package dev.audioml.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioMLException;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.internal.OrtAccess;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Classifier} that runs any single-input ONNX model on each window's features.
 *
 * <p>The frame is laid into the model's input as its declared shape asks (see {@link InputLayout}): raw audio
 * {@code [N]} or {@code [1, N]}; features {@code [1, frames, bins]}, {@code [1, 1, frames, bins]} or
 * {@code [1, bins, frames]}; images {@code [1, 3, H, W]}. The model's output values become scores as its
 * {@link OutputMode} says. Input and output tensors are allocated once (direct buffers that ONNX Runtime reads and
 * writes in place), so a window allocates only what ONNX Runtime's {@code run} itself allocates.
 *
 * <p>Not thread-safe: confine to one pipeline thread. Many classifiers (one per stream) may share one
 * {@link OnnxSession} concurrently. A classifier built on a shared session does not close it;
 * {@link #open(Path)} makes one that owns its session.
 *
 * @since 0.1
 */
public final class OnnxClassifier implements Classifier {
    /** Default largest number of windows per {@link #classifyBatch} run. */
    public static final int DEFAULT_MAX_BATCH = 32;

    private final OnnxSession session;
    private final boolean ownsSession;
    private final List<String> labels;
    private final String labelsOrigin;
    private final OutputMode mode;
    private final InputLayout requestedLayout;
    private final TensorSpec input;
    private final TensorSpec output;
    private final int maxBatch;
    private final float[] raw;
    private final AtomicBoolean closed = new AtomicBoolean();

    // Bound to the first frame shape (at build time when known).
    private int[] frameShape;
    private InputFit fit;
    private int elements;
    private FloatBuffer inputBuffer;
    private OnnxTensor inputTensor;
    private Map<String, OnnxTensor> inputs;
    private FloatBuffer outputBuffer;
    private OnnxTensor outputTensor;
    private Map<String, OnnxTensor> pinnedOutputs;
    // classifyBatch: one input (and output) buffer of maxBatch windows, tensors per batch size made on first use.
    private FloatBuffer batchInput;
    private FloatBuffer batchOutput;
    private float[] batchRaw;
    private BatchTensors[] batchByWindows;
    private Set<String> outputNames;

    private OnnxClassifier(Builder b) {
        this.session = b.session;
        this.ownsSession = b.ownsSession;
        this.mode = b.mode == null ? OutputMode.SCORES : b.mode;
        this.requestedLayout = b.layout;
        this.maxBatch = b.maxBatch;
        String name = session.name();
        if (session.inputs().size() != 1) {
            throw new IllegalArgumentException("OnnxClassifier needs a model with one input; " + name + " declares " + session.inputs());
        }
        this.input = session.inputs().get(0);
        this.output = b.outputName == null ? session.outputs().get(0) : session.output(b.outputName);
        if (!output.isFloat()) {
            throw new IllegalArgumentException("model " + name + " output " + output + " is not float; choose a float output with outputName");
        }
        int declared = valuesPerWindow(output.shape());
        if (b.labels == null) {
            throw new IllegalArgumentException("model " + name + " declares no labels: add metadata_props key "
                    + ModelMetadata.PREFIX + ModelMetadata.LABELS + " (a JSON array of " + (declared > 0 ? declared + " " : "")
                    + "strings), \"labels\" in a sidecar <model>.json or model.json, or a labels.txt next to the model");
        }
        this.labels = List.copyOf(b.labels);
        this.labelsOrigin = b.labelsOrigin;
        if (declared > 0 && declared != labels.size()) {
            throw new IllegalArgumentException(labelsOrigin + " has " + labels.size() + " labels but model " + name + " output "
                    + output + " gives " + declared + " values per window; fix " + labelsOrigin);
        }
        this.raw = new float[labels.size()];
        if (b.frameShape != null) {
            bind(b.frameShape);
        }
    }

    /**
     * Starts a classifier on a shared session.
     *
     * @param session an open session; not closed by the classifier
     * @return a builder
     */
    public static Builder builder(OnnxSession session) {
        return new Builder(Objects.requireNonNull(session, "session"), false);
    }

    /**
     * Opens a model file and configures labels and output mode from its metadata ({@link ModelMetadata}).
     *
     * @param model an {@code .onnx} file
     * @return a classifier that owns (and closes) its session
     * @throws IllegalArgumentException if the file is missing or its metadata is missing or inconsistent
     * @throws AudioMLException if ONNX Runtime cannot load it
     */
    public static OnnxClassifier open(Path model) {
        OnnxSession session = OnnxSession.open(model);
        try {
            Builder b = new Builder(session, true);
            return b.metadata(ModelMetadata.of(session)).build();
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    /** @return the output mode applied to the model's values */
    public OutputMode outputMode() {
        return mode;
    }

    /** @return the session this classifier runs on */
    public OnnxSession session() {
        return session;
    }

    /** @return the layout in use, or {@link InputLayout#AUTO} before the first frame when no frame shape was given */
    public InputLayout layout() {
        return fit == null ? requestedLayout : fit.layout();
    }

    /** @return the concrete model input shape for one window, once bound to a frame shape */
    public long[] inputShape() {
        requireBound();
        return fit.shape();
    }

    /** @return whether {@link #classifyBatch} stacks windows along a dynamic batch axis (else it runs them one by one) */
    public boolean isBatchable() {
        requireBound();
        return fit.batchable() && output.rank() >= 1 && output.shape()[0] == -1;
    }

    /**
     * Scores one window.
     *
     * @param features a frame of the shape given to the builder (or of the first frame classified)
     * @param scores destination of length {@code labels().size()}
     * @throws IllegalArgumentException if the frame shape differs from the bound one or does not fit the model
     * @throws AudioMLException if ONNX Runtime fails
     */
    @Override
    public void classify(FeatureFrame features, float[] scores) {
        prepare(features, scores);
        fill(features, inputBuffer, 0);
        try (OrtSession.Result result = pinnedOutputs != null
                ? OrtAccess.ort(session).run(inputs, pinnedOutputs)
                : OrtAccess.ort(session).run(inputs)) {
            if (pinnedOutputs != null) {
                outputBuffer.get(0, raw, 0, raw.length);
            } else {
                readOutput(result, 1, raw);
            }
        } catch (OrtException e) {
            throw runFailed(e);
        }
        mode.apply(raw, 0, scores, raw.length);
    }

    /**
     * Scores many windows with as few model runs as possible (up to the builder's {@code maxBatch} windows per run,
     * stacked along the model's dynamic batch axis). Results equal {@link #classify} window by window. Models
     * without a dynamic batch axis are run window by window. The batch tensors are made on the first run of each batch
     * size and reused (views of one direct buffer of {@code maxBatch} windows, outputs pinned when the output size per
     * window is static), so steady-state runs allocate only what ONNX Runtime's {@code run} itself allocates.
     *
     * @param frames windows of one shape
     * @param scores destination, one array of length {@code labels().size()} per frame
     */
    public void classifyBatch(List<FeatureFrame> frames, float[][] scores) {
        if (scores.length != frames.size()) {
            throw new IllegalArgumentException("got " + scores.length + " score arrays for " + frames.size() + " frames");
        }
        if (frames.isEmpty()) {
            return;
        }
        prepare(frames.get(0), scores[0]);
        if (!isBatchable()) {
            for (int i = 0; i < frames.size(); i++) {
                classify(frames.get(i), scores[i]);
            }
            return;
        }
        for (int start = 0; start < frames.size(); start += maxBatch) {
            int n = Math.min(maxBatch, frames.size() - start);
            BatchTensors tensors = batchTensors(n);
            for (int i = 0; i < n; i++) {
                prepare(frames.get(start + i), scores[start + i]);
                fill(frames.get(start + i), batchInput, i * elements);
            }
            try (OrtSession.Result result = tensors.outputs != null
                    ? OrtAccess.ort(session).run(tensors.inputs, tensors.outputs)
                    : OrtAccess.ort(session).run(tensors.inputs, outputNames)) {
                if (tensors.outputs != null) {
                    batchOutput.get(0, batchRaw, 0, n * raw.length);
                } else {
                    readOutput(result, n, batchRaw);
                }
            } catch (OrtException e) {
                throw runFailed(e);
            }
            for (int i = 0; i < n; i++) {
                mode.apply(batchRaw, i * raw.length, scores[start + i], raw.length);
            }
        }
    }

    /**
     * The tensors of a {@code windows}-window batch, made on first use and kept until {@link #close()}: views of the
     * one batch input (and output) buffer, so filling the buffer changes the next run's input without a new tensor.
     */
    private BatchTensors batchTensors(int windows) {
        if (batchInput == null) {
            batchInput = directFloats((long) maxBatch * elements);
            batchRaw = new float[maxBatch * raw.length];
            batchByWindows = new BatchTensors[maxBatch + 1];
            outputNames = Set.of(output.name());
            if (pinnedOutputs != null) {
                batchOutput = directFloats((long) maxBatch * raw.length);
            }
        }
        BatchTensors t = batchByWindows[windows];
        if (t == null) {
            OnnxTensor in = null;
            try {
                long[] inShape = fit.shape();
                inShape[0] = windows;
                in = OnnxTensor.createTensor(OrtAccess.environment(), view(batchInput, windows * elements), inShape);
                OnnxTensor out = null;
                if (batchOutput != null) {
                    long[] outShape = output.shape();
                    outShape[0] = windows;
                    out = OnnxTensor.createTensor(OrtAccess.environment(), view(batchOutput, windows * raw.length), outShape);
                }
                t = new BatchTensors(in, out, Map.of(input.name(), in), out == null ? null : Map.of(output.name(), out));
            } catch (OrtException e) {
                if (in != null) {
                    in.close();
                }
                throw new AudioMLException("model " + session.name() + ": cannot allocate tensors for a batch of " + windows
                        + ": " + OnnxSession.oneLine(e), e);
            }
            batchByWindows[windows] = t;
        }
        return t;
    }

    private static FloatBuffer view(FloatBuffer buffer, int floats) {
        return buffer.duplicate().position(0).limit(floats).slice();
    }

    /** Input and (when the output size per window is static) pinned output tensors of one batch size. */
    private record BatchTensors(OnnxTensor input, OnnxTensor output, Map<String, OnnxTensor> inputs,
            Map<String, OnnxTensor> outputs) {
        void close() {
            input.close();
            if (output != null) {
                output.close();
            }
        }
    }

    /** Frees the tensors (and the session, if this classifier owns it). Idempotent and thread-safe. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (inputTensor != null) {
                inputTensor.close();
            }
            if (outputTensor != null) {
                outputTensor.close();
            }
            if (batchByWindows != null) {
                for (BatchTensors t : batchByWindows) {
                    if (t != null) {
                        t.close();
                    }
                }
            }
            if (ownsSession) {
                session.close();
            }
        }
    }

    @Override
    public String toString() {
        return "OnnxClassifier[" + session.name() + ", input " + input + ", output " + output + ", " + mode.id() + ", "
                + labels.size() + " labels]";
    }

    private void prepare(FeatureFrame features, float[] scores) {
        if (closed.get()) {
            throw new IllegalStateException("OnnxClassifier is closed");
        }
        if (scores.length != labels.size()) {
            throw new IllegalArgumentException("scores must have length " + labels.size() + " (labels), got " + scores.length);
        }
        if (frameShape == null) {
            bind(features.shape());
        } else if (!sameShape(features)) {
            throw new IllegalArgumentException("feature frame " + Arrays.toString(features.shape()) + " differs from the "
                    + Arrays.toString(frameShape) + " this classifier was bound to");
        }
    }

    private boolean sameShape(FeatureFrame features) {
        if (features.rank() != frameShape.length) {
            return false;
        }
        for (int i = 0; i < frameShape.length; i++) {
            if (features.dim(i) != frameShape[i]) {
                return false;
            }
        }
        return true;
    }

    private void bind(int[] shape) {
        InputFit f = InputFit.of(input, shape, requestedLayout, session.name());
        int n = f.elements();
        FloatBuffer in = directFloats(n);
        try {
            inputTensor = OnnxTensor.createTensor(OrtAccess.environment(), in, f.shape());
            long[] outShape = output.shape();
            if (outShape.length > 0 && outShape[0] == -1) {
                outShape[0] = 1;
            }
            if (valuesPerWindow(outShape) == raw.length) {
                outputBuffer = directFloats(raw.length);
                outputTensor = OnnxTensor.createTensor(OrtAccess.environment(), outputBuffer, outShape);
                pinnedOutputs = Map.of(output.name(), outputTensor);
            }
        } catch (OrtException e) {
            if (inputTensor != null) {
                inputTensor.close();
            }
            throw new AudioMLException("model " + session.name() + ": cannot allocate tensors: " + OnnxSession.oneLine(e), e);
        }
        inputs = Map.of(input.name(), inputTensor);
        inputBuffer = in;
        elements = n;
        fit = f;
        frameShape = shape.clone();
    }

    private void fill(FeatureFrame features, FloatBuffer dst, int offset) {
        float[] data = features.data();
        if (fit.layout() == InputLayout.BINS_FRAMES) {
            int frames = features.frames();
            int bins = features.bins();
            for (int b = 0; b < bins; b++) {
                for (int t = 0; t < frames; t++) {
                    dst.put(offset + b * frames + t, data[t * bins + b]);
                }
            }
        } else {
            dst.put(offset, data, 0, elements);
        }
    }

    private void readOutput(OrtSession.Result result, int windows, float[] dst) {
        OnnxValue value = result.get(output.name()).orElseThrow(() ->
                new AudioMLException("model " + session.name() + " returned no output \"" + output.name() + "\""));
        FloatBuffer values = ((OnnxTensor) value).getFloatBuffer();
        int expected = windows * raw.length;
        if (values.remaining() != expected) {
            throw new AudioMLException("model " + session.name() + " output " + output + " gave " + values.remaining()
                    + " values for " + windows + " window(s), expected " + expected + " (" + raw.length + " labels from "
                    + labelsOrigin + ")");
        }
        values.get(dst, 0, expected);
    }

    private AudioMLException runFailed(OrtException e) {
        return new AudioMLException("model " + session.name() + ": run failed: " + OnnxSession.oneLine(e), e);
    }

    private void requireBound() {
        if (fit == null) {
            throw new IllegalStateException("OnnxClassifier has no frame shape yet: give frameShape to the builder or classify a frame");
        }
    }

    /** @return values per window of an output shape (leading dynamic axis counted as 1), or -1 if another axis is dynamic */
    private static int valuesPerWindow(long[] shape) {
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                if (i == 0) {
                    continue;
                }
                return -1;
            }
            n *= shape[i];
        }
        return Math.toIntExact(n);
    }

    private static FloatBuffer directFloats(long count) {
        return ByteBuffer.allocateDirect(Math.toIntExact(count * Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * Configures an {@link OnnxClassifier}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final OnnxSession session;
        private final boolean ownsSession;
        private List<String> labels;
        private String labelsOrigin = "the labels given to OnnxClassifier.Builder";
        private OutputMode mode;
        private InputLayout layout = InputLayout.AUTO;
        private String outputName;
        private int[] frameShape;
        private int maxBatch = DEFAULT_MAX_BATCH;

        private Builder(OnnxSession session, boolean ownsSession) {
            this.session = session;
            this.ownsSession = ownsSession;
        }

        /**
         * Takes labels and output mode from model metadata (values set explicitly on this builder win when set later).
         *
         * @param metadata the model's metadata
         * @return this builder
         */
        public Builder metadata(ModelMetadata metadata) {
            metadata.labels().ifPresent(l -> {
                labels = l;
                labelsOrigin = metadata.origin(ModelMetadata.LABELS).orElse(labelsOrigin);
            });
            metadata.output().ifPresent(m -> mode = m);
            return this;
        }

        /**
         * @param labels one label per model output value, in output order
         * @return this builder
         */
        public Builder labels(List<String> labels) {
            if (labels.isEmpty()) {
                throw new IllegalArgumentException("labels must not be empty");
            }
            this.labels = List.copyOf(labels);
            this.labelsOrigin = "the labels given to OnnxClassifier.Builder";
            return this;
        }

        /**
         * @param mode how output values become scores; default {@link OutputMode#SCORES}
         * @return this builder
         */
        public Builder outputMode(OutputMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param layout how frames are laid into the input; default {@link InputLayout#AUTO}
         * @return this builder
         */
        public Builder layout(InputLayout layout) {
            this.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /**
         * @param name the output to score; default the model's first output
         * @return this builder
         */
        public Builder outputName(String name) {
            this.outputName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Binds the classifier to a frame shape now, so a mismatch with the model fails at build time rather than on
         * the first window.
         *
         * @param shape the shape of the frames that will be classified (e.g. the extractor's output shape)
         * @return this builder
         */
        public Builder frameShape(int... shape) {
            this.frameShape = shape.clone();
            return this;
        }

        /**
         * @param windows largest number of windows per {@link #classifyBatch} run, at least 1
         * @return this builder
         */
        public Builder maxBatch(int windows) {
            if (windows < 1) {
                throw new IllegalArgumentException("maxBatch must be >= 1, got " + windows);
            }
            this.maxBatch = windows;
            return this;
        }

        /**
         * @return the classifier
         * @throws IllegalArgumentException if labels are missing or do not match the output size, the model does not
         *     have one float input, or the frame shape does not fit it
         */
        public OnnxClassifier build() {
            return new OnnxClassifier(this);
        }
    }
}
