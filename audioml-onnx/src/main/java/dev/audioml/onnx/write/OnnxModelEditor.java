package dev.audioml.onnx.write;

import static dev.audioml.onnx.write.OnnxModelBuilder.GRAPH_INITIALIZER;
import static dev.audioml.onnx.write.OnnxModelBuilder.GRAPH_INPUT;
import static dev.audioml.onnx.write.OnnxModelBuilder.GRAPH_NODE;
import static dev.audioml.onnx.write.OnnxModelBuilder.GRAPH_OUTPUT;
import static dev.audioml.onnx.write.OnnxModelBuilder.GRAPH_VALUE_INFO;
import static dev.audioml.onnx.write.OnnxModelBuilder.MODEL_METADATA_PROPS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads an existing ONNX model and writes a copy with graph outputs added or removed, inputs frozen to constants, or
 * {@code metadata_props} added; every other field (weights, nodes, functions, unknown fields) is copied byte for
 * byte. The typical use is exposing an internal
 * tensor (an embedding before a classification head) as an extra graph output:
 *
 * <pre>{@code
 * byte[] withEmbedding = OnnxModelEditor.read(Path.of("model.onnx"))
 *     .addOutput("embedding")
 *     .toByteArray();
 * }</pre>
 *
 * <p>Not thread-safe.
 *
 * @since 0.1
 */
public final class OnnxModelEditor {
    private static final int MODEL_GRAPH = 7;
    private static final int VALUE_INFO_NAME = 1;
    private static final int NODE_NAME = 3;
    private static final int NODE_DOMAIN = 7;

    private final List<ProtoReader.Field> modelFields;
    private final List<ProtoReader.Field> graphFields;
    private final Map<String, ProtoReader.Field> valueInfos = new LinkedHashMap<>();
    private final Set<String> graphInputs = new LinkedHashSet<>();
    private final Set<String> graphOutputs = new LinkedHashSet<>();
    private final Set<String> tensors = new LinkedHashSet<>();
    private final List<String> opTypes = new ArrayList<>();
    private final List<GraphNode> nodes = new ArrayList<>();
    private final Map<String, ValueInfo> declaredInputs = new LinkedHashMap<>();
    private final Map<String, ValueInfo> declaredOutputs = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, byte[]> addedOutputs = new LinkedHashMap<>();
    private final Set<String> removedOutputs = new LinkedHashSet<>();
    private final Map<String, ProtoWriter> frozenInputs = new LinkedHashMap<>();

    private OnnxModelEditor(byte[] model) {
        this.modelFields = ProtoReader.parse(model);
        ProtoReader.Field graph = modelFields.stream().filter(f -> f.number() == MODEL_GRAPH && f.wireType() == ProtoWriter.WIRE_LEN)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("not an ONNX model: no graph (ModelProto field 7)"));
        this.graphFields = ProtoReader.parse(graph.payload());
        for (ProtoReader.Field f : modelFields) {
            if (f.number() == MODEL_METADATA_PROPS) {
                String key = "";
                String value = "";
                for (ProtoReader.Field e : ProtoReader.parse(f.payload())) {
                    if (e.number() == 1) {
                        key = e.string();
                    } else if (e.number() == 2) {
                        value = e.string();
                    }
                }
                metadata.put(key, value);
            }
        }
        for (ProtoReader.Field f : graphFields) {
            switch (f.number()) {
                case GRAPH_INPUT -> {
                    graphInputs.add(nameOf(f, VALUE_INFO_NAME));
                    tensors.add(nameOf(f, VALUE_INFO_NAME));
                    valueInfo(f.payload()).ifPresent(v -> declaredInputs.put(v.name(), v));
                }
                case GRAPH_OUTPUT -> {
                    graphOutputs.add(nameOf(f, VALUE_INFO_NAME));
                    valueInfo(f.payload()).ifPresent(v -> declaredOutputs.put(v.name(), v));
                }
                case GRAPH_VALUE_INFO -> valueInfos.put(nameOf(f, VALUE_INFO_NAME), f);
                case GRAPH_INITIALIZER -> tensors.add(nameOf(f, OnnxModelBuilder.TENSOR_NAME));
                case GRAPH_NODE -> {
                    String nodeName = "";
                    String domain = "";
                    String opType = "";
                    List<String> ins = new ArrayList<>();
                    List<String> outs = new ArrayList<>();
                    for (ProtoReader.Field n : ProtoReader.parse(f.payload())) {
                        switch (n.number()) {
                            case OnnxModelBuilder.NODE_INPUT -> ins.add(n.string());
                            case OnnxModelBuilder.NODE_OUTPUT -> {
                                outs.add(n.string());
                                if (!n.string().isEmpty()) {
                                    tensors.add(n.string());
                                }
                            }
                            case NODE_NAME -> nodeName = n.string();
                            case OnnxModelBuilder.NODE_OP_TYPE -> opType = n.string();
                            case NODE_DOMAIN -> domain = n.string();
                            default -> {
                            }
                        }
                    }
                    opTypes.add(opType);
                    nodes.add(new GraphNode(nodeName, domain, opType, ins, outs));
                }
                default -> {
                }
            }
        }
    }

    /**
     * @param model the bytes of an ONNX model
     * @return an editor over a copy of the model
     * @throws IllegalArgumentException if the bytes are not an ONNX {@code ModelProto}
     */
    public static OnnxModelEditor read(byte[] model) {
        return new OnnxModelEditor(model.clone());
    }

    /**
     * @param file an ONNX model file
     * @return an editor over the model
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file is not an ONNX model (the message names the file)
     */
    public static OnnxModelEditor read(Path file) throws IOException {
        try {
            return new OnnxModelEditor(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** @return the graph input names in order */
    public List<String> inputs() {
        return List.copyOf(graphInputs);
    }

    /** @return the graph output names in order, including added ones */
    public List<String> outputs() {
        return List.copyOf(graphOutputs);
    }

    /** @return every tensor name the graph defines: inputs, initializers and node outputs */
    public Set<String> tensors() {
        return Collections.unmodifiableSet(tensors);
    }

    /** @return the op types of the graph's nodes in order (e.g. {@code [MatMul, Softmax]}) */
    public List<String> opTypes() {
        return List.copyOf(opTypes);
    }

    /**
     * @return the main graph's nodes in (topological) order, as read; subgraphs are not listed
     * @since 0.1
     */
    public List<GraphNode> nodes() {
        return List.copyOf(nodes);
    }

    /**
     * The declared type and shape of a graph input or output, e.g. to declare the same input on a model that
     * {@link OnnxModelBuilder#include includes} this one. Symbolic and unknown dimensions read as {@code -1}.
     *
     * @param name a graph input or output (as read, before edits)
     * @return its element type and shape, or empty if it is not declared as a tensor of a supported element type
     * @since 0.1
     */
    public java.util.Optional<ValueInfo> valueInfo(String name) {
        ValueInfo v = declaredInputs.get(name);
        return java.util.Optional.ofNullable(v != null ? v : declaredOutputs.get(name));
    }

    /** @return the {@code metadata_props}, including added entries */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /**
     * Exposes a tensor the graph computes as an extra graph output. Its type is copied from the graph's
     * {@code value_info} when the model declares one; otherwise the output is written with its name only and ONNX
     * Runtime infers type and shape when it loads the model.
     *
     * @param tensor name of a node output, input or initializer
     * @return this editor
     * @throws IllegalArgumentException if the graph defines no such tensor, or it is already an output
     */
    public OnnxModelEditor addOutput(String tensor) {
        ProtoReader.Field declared = valueInfos.get(tensor);
        return addOutput(tensor, declared != null ? declared.payload() : new ProtoWriter().string(VALUE_INFO_NAME, tensor).toByteArray());
    }

    /**
     * Exposes a tensor the graph computes as an extra graph output with the given type and shape.
     *
     * @param output name, element type and shape of the output
     * @return this editor
     * @throws IllegalArgumentException if the graph defines no such tensor, or it is already an output
     */
    public OnnxModelEditor addOutput(ValueInfo output) {
        return addOutput(output.name(), output.encode().toByteArray());
    }

    private OnnxModelEditor addOutput(String tensor, byte[] valueInfo) {
        Objects.requireNonNull(tensor, "tensor");
        if (!tensors.contains(tensor)) {
            throw new IllegalArgumentException("no tensor \"" + tensor + "\" in the graph; it defines " + tensors);
        }
        if (!graphOutputs.add(tensor)) {
            throw new IllegalArgumentException("\"" + tensor + "\" is already a graph output");
        }
        addedOutputs.put(tensor, valueInfo);
        return this;
    }

    /**
     * Drops a graph output, e.g. the class scores of a pretrained net whose embedding was exposed with
     * {@link #addOutput(String)} ("cutting the head off"). Nodes that then feed no output are left in the file;
     * ONNX Runtime does not run them.
     *
     * @param output name of a graph output
     * @return this editor
     * @throws IllegalArgumentException if it is not a graph output, or it is the last one
     */
    public OnnxModelEditor removeOutput(String output) {
        if (!graphOutputs.contains(output)) {
            throw new IllegalArgumentException("\"" + output + "\" is not a graph output; outputs are " + graphOutputs);
        }
        if (graphOutputs.size() == 1) {
            throw new IllegalArgumentException("cannot remove \"" + output + "\", the graph's only output; add another first");
        }
        graphOutputs.remove(output);
        if (addedOutputs.remove(output) == null) {
            removedOutputs.add(output);
        }
        return this;
    }

    /**
     * Turns a graph input into a constant: the input is dropped and an int64 initializer of the same name takes its
     * place, so ONNX Runtime's constant folding can evaluate what depends on it when the session loads (for example
     * the {@code If} on Silero VAD's {@code sr} input, whose untaken branch then disappears from the graph).
     *
     * @param input name of a graph input
     * @param values row-major values; their count must equal the product of {@code dims}
     * @param dims shape, e.g. none for a scalar
     * @return this editor
     * @throws IllegalArgumentException if it is not a graph input, is already frozen, or the value count is wrong
     */
    public OnnxModelEditor freezeInput(String input, long[] values, long... dims) {
        Objects.requireNonNull(input, "input");
        if (!graphInputs.contains(input)) {
            throw new IllegalArgumentException("\"" + input + "\" is not a graph input; inputs are " + graphInputs);
        }
        OnnxModelBuilder.checkCount(input, values.length, dims);
        graphInputs.remove(input);
        frozenInputs.put(input, OnnxModelBuilder.int64Tensor(input, values.clone(), dims.clone()));
        return this;
    }

    /**
     * Sets a {@code metadata_props} entry, replacing an existing one with the same key.
     *
     * @param key key, e.g. {@code audioml.labels}
     * @param value value
     * @return this editor
     */
    public OnnxModelEditor putMetadata(String key, String value) {
        OnnxModelBuilder.requireName(key, "metadata key");
        metadata.put(key, Objects.requireNonNull(value, "value"));
        return this;
    }

    /** @return the encoded model with the edits applied */
    public byte[] toByteArray() {
        ProtoWriter graph = new ProtoWriter();
        for (ProtoReader.Field f : graphFields) {
            boolean removed = f.number() == GRAPH_OUTPUT && removedOutputs.contains(nameOf(f, VALUE_INFO_NAME))
                    || f.number() == GRAPH_INPUT && frozenInputs.containsKey(nameOf(f, VALUE_INFO_NAME));
            if (!removed) {
                graph.raw(f.encoded());
            }
        }
        frozenInputs.values().forEach(t -> graph.message(GRAPH_INITIALIZER, t));
        addedOutputs.values().forEach(v -> graph.bytes(GRAPH_OUTPUT, v));
        ProtoWriter model = new ProtoWriter();
        for (ProtoReader.Field f : modelFields) {
            if (f.number() == MODEL_GRAPH) {
                model.message(MODEL_GRAPH, graph);
            } else if (f.number() != MODEL_METADATA_PROPS) {
                model.raw(f.encoded());
            }
        }
        metadata.forEach((k, v) -> model.message(MODEL_METADATA_PROPS, OnnxModelBuilder.metadataEntry(k, v)));
        return model.toByteArray();
    }

    /**
     * @param file destination, replaced if it exists
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        Files.write(file, toByteArray());
    }

    /** Reads a {@code ValueInfoProto} of a tensor type; empty for other types and unsupported element types. */
    private static java.util.Optional<ValueInfo> valueInfo(byte[] valueInfo) {
        String name = "";
        Integer elem = null;
        List<Long> dims = new ArrayList<>();
        boolean tensor = false;
        for (ProtoReader.Field f : ProtoReader.parse(valueInfo)) {
            if (f.number() == VALUE_INFO_NAME) {
                name = f.string();
            } else if (f.number() == 2) { // TypeProto
                for (ProtoReader.Field t : ProtoReader.parse(f.payload())) {
                    if (t.number() != 1) { // tensor_type
                        continue;
                    }
                    tensor = true;
                    for (ProtoReader.Field tt : ProtoReader.parse(t.payload())) {
                        if (tt.number() == 1) {
                            elem = (int) tt.varint();
                        } else if (tt.number() == 2) { // TensorShapeProto
                            for (ProtoReader.Field d : ProtoReader.parse(tt.payload())) {
                                if (d.number() == 1) {
                                    long value = -1;
                                    for (ProtoReader.Field dv : ProtoReader.parse(d.payload())) {
                                        if (dv.number() == 1) {
                                            value = dv.varint();
                                        }
                                    }
                                    dims.add(value);
                                }
                            }
                        }
                    }
                }
            }
        }
        if (!tensor || elem == null || name.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new ValueInfo(name, ElementType.fromCode(elem),
                    dims.stream().mapToLong(Long::longValue).toArray()));
        } catch (IllegalArgumentException unsupported) {
            return java.util.Optional.empty();
        }
    }

    private static String nameOf(ProtoReader.Field message, int nameField) {
        for (ProtoReader.Field f : ProtoReader.parse(message.payload())) {
            if (f.number() == nameField && f.wireType() == ProtoWriter.WIRE_LEN) {
                return f.string();
            }
        }
        return "";
    }
}
