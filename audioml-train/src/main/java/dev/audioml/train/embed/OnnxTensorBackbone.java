package dev.audioml.train.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.core.AudioBlock;
import dev.audioml.core.AudioMLException;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.ModelMetadata;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.OnnxSessionOptions;
import dev.audioml.onnx.TensorSpec;
import dev.audioml.onnx.internal.OrtAccess;
import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.OnnxModelEditor;
import dev.audioml.onnx.write.ValueInfo;
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
 * must take the feature frame as it is (leading axes of size 1 or dynamic), e.g. an image CNN's {@code [1, 3, H, W]}
 * input takes a {@code workshop_image} frame {@code [3, H, W]}. A model without {@code audioml.features} (any CNN a
 * user exports) is given its input spec and window by {@link #open(String, Map, double)}; they then travel in this
 * backbone's exported spec ({@code "features"}, {@code "window_seconds"}).
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
    private static final String INPUT_FEATURES = "features";
    private static final String INPUT_WINDOW = "window_seconds";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path modelFile;
    private final String tensor;
    private final Map<String, Object> inputFeatures;
    private final double inputWindowSeconds;
    private final OnnxSession session;
    private final byte[] modelBytes;
    private final Map<String, Object> graphFeatures;
    private final FeatureExtractor extractor;
    private final FeatureFrame frame;
    private final int sampleRateHz;
    private final int windowSamples;
    private final TensorSpec input;
    private final long[] inputShape;
    private final String output;
    private final int dimension;

    private OnnxTensorBackbone(Path modelFile, String tensor, Map<String, Object> inputFeatures,
            double inputWindowSeconds) {
        this.modelFile = modelFile.toAbsolutePath();
        this.tensor = tensor;
        this.inputFeatures = inputFeatures;
        this.inputWindowSeconds = inputWindowSeconds;
        OnnxModelEditor editor;
        try {
            editor = OnnxModelEditor.read(modelFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + modelFile, e);
        }
        if (tensor != null && !editor.outputs().contains(tensor)) {
            if (!editor.tensors().contains(tensor)) {
                throw new IllegalArgumentException("model " + modelFile + " has no tensor \"" + tensor
                        + "\"; its outputs are " + editor.outputs() + " (list its tensors with a model viewer)");
            }
            editor.addOutput(tensor);
        }
        this.output = tensor != null ? tensor : editor.outputs().get(0);
        this.modelBytes = editor.toByteArray();
        this.session = OnnxSession.open(modelBytes, modelFile.getFileName() + "#" + output,
                OnnxSessionOptions.defaults());
        FeatureExtractor fx = null;
        try {
            ModelMetadata metadata = ModelMetadata.load(props(session.metadata()), modelFile, session.name());
            fx = metadata.newExtractor();
            this.extractor = fx;
            this.graphFeatures = metadata.features().orElseThrow();
            this.sampleRateHz = extractor.sampleRateHz();
            double seconds = metadata.windowSeconds().orElseThrow(() -> new IllegalArgumentException("model "
                    + modelFile + " declares no window length: add metadata_props key " + ModelMetadata.PREFIX
                    + ModelMetadata.WINDOW_SECONDS + " (seconds), or give the backbone its input spec and window"));
            this.windowSamples = (int) Math.round(seconds * sampleRateHz);
            int[] frameShape = extractor.outputShape(windowSamples);
            this.frame = new FeatureFrame(frameShape);
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
                        + "feature frame " + java.util.Arrays.toString(frameShape) + " as it is");
            }
            this.dimension = run(new float[windowSamples]).length;
        } catch (RuntimeException e) {
            if (fx != null) {
                fx.close();
            }
            session.close();
            throw e;
        }
    }

    /** The model's own metadata, its input spec and window replaced by the given ones. */
    private Map<String, String> props(Map<String, String> own) {
        if (inputFeatures == null) {
            return own;
        }
        Map<String, String> p = new LinkedHashMap<>(own);
        try {
            p.put(ModelMetadata.PREFIX + ModelMetadata.FEATURES, JSON.writeValueAsString(inputFeatures));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("input feature spec cannot be written as JSON: " + inputFeatures, e);
        }
        p.put(ModelMetadata.PREFIX + ModelMetadata.WINDOW_SECONDS, Double.toString(inputWindowSeconds));
        return p;
    }

    /**
     * Opens {@code onnx:PATH[#TENSOR]}.
     *
     * @param name the name as typed, with the {@code onnx:} prefix
     * @return the backbone; the caller closes it
     * @throws IllegalArgumentException if the file is missing, is not self-describing, or lacks the tensor
     */
    public static OnnxTensorBackbone open(String name) {
        return open(name, null, 0);
    }

    /**
     * Opens {@code onnx:PATH[#TENSOR]} with the given input spec and window in place of the model's own
     * {@code audioml.features} and {@code audioml.window_seconds} (a sidecar JSON next to the model still wins).
     *
     * @param name the name as typed, with the {@code onnx:} prefix
     * @param inputFeatures the feature spec whose frames the model's input takes, e.g. a {@code workshop_image} spec;
     *     null to use the model's own metadata
     * @param windowSeconds the analysis window in seconds (used when {@code inputFeatures} is given)
     * @return the backbone; the caller closes it
     * @throws IllegalArgumentException if the file is missing, lacks the tensor or its input does not take the frames
     */
    public static OnnxTensorBackbone open(String name, Map<String, Object> inputFeatures, double windowSeconds) {
        if (inputFeatures != null && !(windowSeconds > 0 && windowSeconds <= 60)) {
            throw new IllegalArgumentException("backbone " + name + ": input window must be in (0, 60] seconds, got "
                    + windowSeconds);
        }
        String rest = name.substring(PREFIX.length());
        int hash = rest.lastIndexOf('#');
        Path file = Path.of(hash < 0 ? rest : rest.substring(0, hash));
        String tensor = hash < 0 ? null : rest.substring(hash + 1);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException("backbone " + name + ": model file " + file + " does not exist");
        }
        return new OnnxTensorBackbone(file, tensor == null || tensor.isEmpty() ? null : tensor,
                inputFeatures == null ? null : Map.copyOf(inputFeatures), windowSeconds);
    }

    @SuppressWarnings("unchecked")
    static OnnxTensorBackbone fromSpec(Map<String, ?> spec) {
        Object m = spec.get("model");
        Object t = spec.get("tensor");
        Object f = spec.get(INPUT_FEATURES);
        Object w = spec.get(INPUT_WINDOW);
        if (!(m instanceof String path)) {
            throw new IllegalArgumentException(FEATURE + " spec: \"model\" must be the backbone model's path, got " + m);
        }
        if (f != null && !(f instanceof Map && w instanceof Number)) {
            throw new IllegalArgumentException(FEATURE + " spec: \"" + INPUT_FEATURES + "\" must be a feature spec "
                    + "object with \"" + INPUT_WINDOW + "\" in seconds beside it, got " + f + " and " + w);
        }
        String name = PREFIX + path + (t instanceof String s ? "#" + s : "");
        return f == null ? open(name) : open(name, (Map<String, Object>) f, ((Number) w).doubleValue());
    }

    private float[] run(float[] window) {
        extractor.extract(AudioBlock.of(window, sampleRateHz, 0), frame);
        try (OnnxTensor in = OnnxTensor.createTensor(OrtAccess.environment(), FloatBuffer.wrap(frame.data()),
                inputShape);
                OrtSession.Result r = OrtAccess.ort(session).run(Map.of(input.name(), in), Set.of(output))) {
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

    /**
     * The backbone model itself included in the graph ({@code OnnxModelBuilder.include}) up to the embedding tensor,
     * then {@code Flatten(axis=1)}: the graph input is the backbone's own input, fed by its feature spec (its
     * {@code audioml.features}, or the spec given at {@link #open(String, Map, double)}), so the exported model names no
     * file.
     */
    @Override
    public Optional<GraphPart> toGraph(OnnxModelBuilder graph, String pooling) {
        columns(pooling);
        ValueInfo in = ValueInfo.of(input.name(), ElementType.FLOAT, input.shape());
        graph.input(in).include(modelBytes, "backbone/", Map.of(in.name(), in.name()), Map.of(output, "onnx_tensor"))
                .node("Flatten", List.of("onnx_tensor"), List.of("onnx_pooled"), Attribute.of("axis", 1L));
        return Optional.of(new GraphPart(graphFeatures, "onnx_pooled", Map.of()));
    }

    @Override
    public int sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public int windowSamples() {
        return windowSamples;
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
        if (inputFeatures != null) {
            s.put(INPUT_FEATURES, inputFeatures);
            s.put(INPUT_WINDOW, inputWindowSeconds);
        }
        return s;
    }

    @Override
    public String identity() {
        String hash;
        try {
            hash = EmbeddingCache.key(modelFile, inputFeatures == null ? "" : JSON.writeValueAsString(inputFeatures)
                    + "@" + inputWindowSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + modelFile, e);
        }
        return PREFIX + hash + "#" + output;
    }

    @Override
    public void close() {
        extractor.close();
        session.close();
    }
}
