package dev.audioml.train.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.audioml.core.AudioBlock;
import dev.audioml.core.AudioMLException;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.OnnxSessionOptions;
import dev.audioml.onnx.TensorSpec;
import dev.audioml.onnx.write.OnnxModelEditor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code onnx:PATH[#TENSOR]}: any self-describing ONNX model (labels, features and window in its metadata, see
 * {@code docs/onnx.md}) as a backbone. Without {@code #TENSOR} the embedding is the model's first output; with it, the
 * internal tensor of that name, made a graph output with {@link OnnxModelEditor#addOutput(String)} — "cut the head off
 * a pretrained classifier". The embedding is the tensor flattened (pooling {@code flat}). The model's single input
 * must take the feature frame as it is (leading axes of size 1 or dynamic).
 *
 * <p>Not thread-safe (one feature extractor): one instance per thread.
 *
 * @since 0.1
 */
public final class OnnxTensorBackbone implements Backbone {
    /** The prefix of its names. */
    public static final String PREFIX = "onnx:";
    /** The registered feature name of its exported spec. */
    public static final String FEATURE = "onnx_embedding";
    private static final String POOLING = "flat";

    private final Path modelFile;
    private final String tensor;
    private final OnnxModel model;
    private final OnnxSession session;
    private final FeatureExtractor extractor;
    private final FeatureFrame frame;
    private final TensorSpec input;
    private final long[] inputShape;
    private final String output;
    private final int dimension;

    private OnnxTensorBackbone(Path modelFile, String tensor) {
        this.modelFile = modelFile.toAbsolutePath();
        this.tensor = tensor;
        this.model = OnnxModel.open(modelFile);
        try {
            OnnxModelEditor editor = OnnxModelEditor.read(modelFile);
            if (tensor != null && !editor.outputs().contains(tensor)) {
                if (!editor.tensors().contains(tensor)) {
                    throw new IllegalArgumentException("model " + modelFile + " has no tensor \"" + tensor
                            + "\"; its outputs are " + editor.outputs() + " (list its tensors with a model viewer)");
                }
                editor.addOutput(tensor);
            }
            this.output = tensor != null ? tensor : editor.outputs().get(0);
            this.session = OnnxSession.open(editor.toByteArray(), modelFile.getFileName() + "#" + output,
                    OnnxSessionOptions.defaults());
            this.extractor = model.newExtractor();
            this.frame = new FeatureFrame(model.frameShape());
            if (session.inputs().size() != 1) {
                throw new IllegalArgumentException("model " + modelFile + " has " + session.inputs().size()
                        + " inputs; an onnx: backbone needs one");
            }
            this.input = session.inputs().get(0);
            this.inputShape = input.shape();
            long elements = 1;
            for (int i = 0; i < inputShape.length; i++) {
                inputShape[i] = inputShape[i] < 0 ? 1 : inputShape[i];
                elements *= inputShape[i];
            }
            if (elements != frame.data().length) {
                throw new IllegalArgumentException("model " + modelFile + " input " + input + " does not take the "
                        + "feature frame " + java.util.Arrays.toString(model.frameShape()) + " as it is");
            }
            this.dimension = run(new float[model.windowSamples()]).length;
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("cannot read model " + modelFile, e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Opens {@code onnx:PATH[#TENSOR]}.
     *
     * @param name the name as typed, with the {@code onnx:} prefix
     * @return the backbone; the caller closes it
     * @throws IllegalArgumentException if the file is missing, is not self-describing, or lacks the tensor
     */
    public static OnnxTensorBackbone open(String name) {
        String rest = name.substring(PREFIX.length());
        int hash = rest.lastIndexOf('#');
        Path file = Path.of(hash < 0 ? rest : rest.substring(0, hash));
        String tensor = hash < 0 ? null : rest.substring(hash + 1);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException("backbone " + name + ": model file " + file + " does not exist");
        }
        return new OnnxTensorBackbone(file, tensor == null || tensor.isEmpty() ? null : tensor);
    }

    static OnnxTensorBackbone fromSpec(Map<String, ?> spec) {
        Object m = spec.get("model");
        Object t = spec.get("tensor");
        if (!(m instanceof String path)) {
            throw new IllegalArgumentException(FEATURE + " spec: \"model\" must be the backbone model's path, got " + m);
        }
        return open(PREFIX + path + (t instanceof String s ? "#" + s : ""));
    }

    private float[] run(float[] window) {
        extractor.extract(AudioBlock.of(window, model.sampleRateHz(), 0), frame);
        try (OnnxTensor in = OnnxTensor.createTensor(session.environment(), FloatBuffer.wrap(frame.data()),
                inputShape);
                OrtSession.Result r = session.ort().run(Map.of(input.name(), in), Set.of(output))) {
            Optional<OnnxValue> v = r.get(output);
            if (v.isEmpty() || !(v.get() instanceof OnnxTensor out)) {
                throw new AudioMLException("model " + modelFile + " gave no tensor " + output);
            }
            FloatBuffer fb = out.getFloatBuffer();
            if (fb == null) {
                throw new IllegalArgumentException("tensor " + output + " of " + modelFile + " is not float");
            }
            float[] e = new float[fb.remaining()];
            fb.get(e);
            return e;
        } catch (OrtException e) {
            throw new AudioMLException("model " + modelFile + " failed on tensor " + output + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return PREFIX + modelFile + (tensor == null ? "" : "#" + tensor);
    }

    @Override
    public int sampleRateHz() {
        return model.sampleRateHz();
    }

    @Override
    public int windowSamples() {
        return model.windowSamples();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<String> poolings() {
        return List.of(POOLING);
    }

    @Override
    public int[] columns(String pooling) {
        if (!POOLING.equals(pooling)) {
            throw new IllegalArgumentException("backbone " + name() + " has no pooling \"" + pooling + "\"; known: ["
                    + POOLING + "]");
        }
        int[] c = new int[dimension];
        for (int i = 0; i < c.length; i++) {
            c[i] = i;
        }
        return c;
    }

    @Override
    public float[] embed(float[] window) {
        float[] e = run(window);
        if (e.length != dimension) {
            throw new AudioMLException("tensor " + output + " of " + modelFile + " gave " + e.length
                    + " values, expected " + dimension);
        }
        return e;
    }

    @Override
    public Map<String, Object> featureSpec(String pooling) {
        columns(pooling);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("feature", FEATURE);
        s.put("model", modelFile.toString());
        if (tensor != null) {
            s.put("tensor", tensor);
        }
        return s;
    }

    @Override
    public String identity() {
        String hash;
        try {
            hash = EmbeddingCache.key(modelFile, "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + modelFile, e);
        }
        return PREFIX + hash + "#" + output;
    }

    @Override
    public void close() {
        session.close();
        model.close();
    }
}
