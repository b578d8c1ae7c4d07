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
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_I = 3;
    private static final int ATTRIBUTE_INTS = 8;
    private static final int ATTRIBUTE_G = 6;
    private static final int ATTRIBUTE_GRAPHS = 11;
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_RAW_DATA = 9;
    private static final int TENSOR_DATA_LOCATION = 14;

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
    private final Map<String, byte[]> initializerPayloads = new LinkedHashMap<>();
    private final Map<String, byte[]> nodePayloads = new LinkedHashMap<>();
    private final Set<String> removedNodes = new LinkedHashSet<>();
    private final Set<String> removedInitializers = new LinkedHashSet<>();
    private final List<ProtoWriter> addedNodes = new ArrayList<>();
    private final List<ProtoWriter> addedInitializers = new ArrayList<>();
    /** Nodes and initializers of the subgraphs ({@code If} branches, {@code Loop}/{@code Scan} bodies), read on demand. */
    private List<GraphNode> nestedNodes;
    private Map<String, byte[]> nestedInitializers;

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
                case GRAPH_VALUE_INFO -> {
                    // parsed now, not when addOutput copies it into the outputs: a malformed entry is a bad model
                    // here, not a written model that cannot be read back (a fuzzer finding)
                    valueInfo(f.payload());
                    valueInfos.put(nameOf(f, VALUE_INFO_NAME), f);
                }
                case GRAPH_INITIALIZER -> {
                    tensors.add(nameOf(f, OnnxModelBuilder.TENSOR_NAME));
                    initializerPayloads.put(nameOf(f, OnnxModelBuilder.TENSOR_NAME), f.payload());
                }
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
                    if (!nodeName.isEmpty()) {
                        nodePayloads.put(nodeName, f.payload());
                    }
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
     * The nodes of every subgraph (the branches of {@code If}, the bodies of {@code Loop} and {@code Scan}), depth
     * first in graph order, e.g. to find the weights of an {@code LSTM} that an exporter put inside a branch. Edits
     * never reach subgraphs; their initializers read with {@link #initializerFloats} and {@link #initializerDims}.
     *
     * @return the nested nodes as read, empty if the graph has no subgraph
     * @since 0.1
     */
    public List<GraphNode> nestedNodes() {
        readNested();
        return List.copyOf(nestedNodes);
    }

    private void readNested() {
        if (nestedNodes == null) {
            nestedNodes = new ArrayList<>();
            nestedInitializers = new LinkedHashMap<>();
            for (ProtoReader.Field f : graphFields) {
                if (f.number() == GRAPH_NODE) {
                    readSubgraphs(f.payload());
                }
            }
        }
    }

    /** Adds the subgraphs held by one node's attributes ({@code g}, {@code graphs}), recursively. */
    private void readSubgraphs(byte[] node) {
        for (ProtoReader.Field n : ProtoReader.parse(node)) {
            if (n.number() != NODE_ATTRIBUTE) {
                continue;
            }
            for (ProtoReader.Field a : ProtoReader.parse(n.payload())) {
                if ((a.number() == ATTRIBUTE_G || a.number() == ATTRIBUTE_GRAPHS) && a.wireType() == ProtoWriter.WIRE_LEN) {
                    for (ProtoReader.Field g : ProtoReader.parse(a.payload())) {
                        if (g.number() == GRAPH_INITIALIZER) {
                            nestedInitializers.putIfAbsent(nameOf(g, OnnxModelBuilder.TENSOR_NAME), g.payload());
                        } else if (g.number() == GRAPH_NODE) {
                            nestedNodes.add(node(g.payload()));
                            readSubgraphs(g.payload());
                        }
                    }
                }
            }
        }
    }

    private static GraphNode node(byte[] payload) {
        String nodeName = "";
        String domain = "";
        String opType = "";
        List<String> ins = new ArrayList<>();
        List<String> outs = new ArrayList<>();
        for (ProtoReader.Field n : ProtoReader.parse(payload)) {
            switch (n.number()) {
                case OnnxModelBuilder.NODE_INPUT -> ins.add(n.string());
                case OnnxModelBuilder.NODE_OUTPUT -> outs.add(n.string());
                case NODE_NAME -> nodeName = n.string();
                case OnnxModelBuilder.NODE_OP_TYPE -> opType = n.string();
                case NODE_DOMAIN -> domain = n.string();
                default -> {
                }
            }
        }
        return new GraphNode(nodeName, domain, opType, ins, outs);
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
     * Reads a float32 initializer (a weight), stored as {@code raw_data} or {@code float_data}: the main graph's, else
     * the first of that name in a subgraph ({@link #nestedNodes}).
     *
     * @param name initializer name
     * @return its values, row-major (a copy); the shape is {@link #initializerDims}
     * @throws IllegalArgumentException if there is no such initializer, it is not float32 or its data is external
     * @since 0.1
     */
    public float[] initializerFloats(String name) {
        byte[] tensor = initializerPayload(name);
        long type = 0;
        float[] values = null;
        for (ProtoReader.Field f : ProtoReader.parse(tensor)) {
            if (f.number() == TENSOR_DATA_TYPE) {
                type = f.varint();
            } else if (f.number() == TENSOR_RAW_DATA || f.number() == TENSOR_FLOAT_DATA && f.wireType() == ProtoWriter.WIRE_LEN) {
                java.nio.FloatBuffer b = java.nio.ByteBuffer.wrap(f.payload()).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                values = new float[b.remaining()];
                b.get(values);
            } else if (f.number() == TENSOR_DATA_LOCATION && f.varint() != 0) {
                throw new IllegalArgumentException("initializer \"" + name + "\" has external data, which the editor does not read");
            }
        }
        if (type != ElementType.FLOAT.code()) {
            throw new IllegalArgumentException("initializer \"" + name + "\" is not float32 (data_type " + type + ")");
        }
        long count = 1;
        for (long d : initializerDims(name)) {
            count *= d;
        }
        if (values == null && count == 0) {
            return new float[0];
        }
        if (values == null || values.length != count) {
            throw new IllegalArgumentException("initializer \"" + name + "\" holds " + (values == null ? 0 : values.length)
                    + " floats in raw_data/packed float_data, its dims need " + count);
        }
        return values;
    }

    /**
     * @param name initializer name
     * @return its shape
     * @throws IllegalArgumentException if there is no such initializer
     * @since 0.1
     */
    public long[] initializerDims(String name) {
        List<Long> dims = new ArrayList<>();
        for (ProtoReader.Field f : ProtoReader.parse(initializerPayload(name))) {
            if (f.number() == TENSOR_DIMS) {
                readVarints(f, dims);
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Reads an integer or integer-list attribute of a node (e.g. a {@code Conv}'s {@code strides}).
     *
     * @param node node name
     * @param attribute attribute name
     * @return its values (one for an {@code INT} attribute); empty if the node does not set it
     * @throws IllegalArgumentException if there is no node of that name
     * @since 0.1
     */
    public long[] intsAttribute(String node, String attribute) {
        byte[] payload = nodePayloads.get(Objects.requireNonNull(node, "node"));
        if (payload == null) {
            throw new IllegalArgumentException("no node named \"" + node + "\" in the graph");
        }
        for (ProtoReader.Field f : ProtoReader.parse(payload)) {
            if (f.number() != NODE_ATTRIBUTE) {
                continue;
            }
            List<ProtoReader.Field> fields = ProtoReader.parse(f.payload());
            if (fields.stream().noneMatch(a -> a.number() == ATTRIBUTE_NAME && a.string().equals(attribute))) {
                continue;
            }
            List<Long> values = new ArrayList<>();
            for (ProtoReader.Field a : fields) {
                if (a.number() == ATTRIBUTE_I) {
                    values.add(a.varint());
                } else if (a.number() == ATTRIBUTE_INTS) {
                    readVarints(a, values);
                }
            }
            return values.stream().mapToLong(Long::longValue).toArray();
        }
        return new long[0];
    }

    /**
     * Removes a node (to replace it with {@link #addNode}s computing the same outputs).
     *
     * @param node node name
     * @return this editor
     * @throws IllegalArgumentException if there is no node of that name or it was removed already
     * @since 0.1
     */
    public OnnxModelEditor removeNode(String node) {
        if (!nodePayloads.containsKey(Objects.requireNonNull(node, "node")) || !removedNodes.add(node)) {
            throw new IllegalArgumentException("no node named \"" + node + "\" in the graph (or it was removed already)");
        }
        return this;
    }

    /**
     * Removes an initializer that no node reads any more (e.g. the weight of a node replaced by {@link #addNode}s).
     *
     * @param name initializer name
     * @return this editor
     * @throws IllegalArgumentException if there is no such initializer or it was removed already
     * @since 0.1
     */
    public OnnxModelEditor removeInitializer(String name) {
        initializerPayload(name);
        if (!removedInitializers.add(name)) {
            throw new IllegalArgumentException("initializer \"" + name + "\" was removed already");
        }
        tensors.remove(name);
        return this;
    }

    /**
     * Adds a node of ONNX's default domain, written after the graph's own nodes (ONNX Runtime sorts a graph's nodes
     * itself; {@code onnx.checker} wants them in topological order).
     *
     * @param name node name, unique in the graph
     * @param opType operator, e.g. {@code MatMul}
     * @param inputs input tensor names ({@code ""} for an omitted optional input)
     * @param outputs output tensor names
     * @param attributes the node's attributes
     * @return this editor
     * @since 0.1
     */
    public OnnxModelEditor addNode(String name, String opType, List<String> inputs, List<String> outputs, Attribute... attributes) {
        OnnxModelBuilder.requireName(name, "node name");
        OnnxModelBuilder.requireName(opType, "opType");
        if (nodePayloads.containsKey(name)) {
            throw new IllegalArgumentException("the graph has a node named \"" + name + "\" already");
        }
        ProtoWriter node = new ProtoWriter();
        inputs.forEach(in -> node.string(OnnxModelBuilder.NODE_INPUT, in));
        for (String out : outputs) {
            node.string(OnnxModelBuilder.NODE_OUTPUT, out);
            tensors.add(out);
        }
        node.string(NODE_NAME, name).string(OnnxModelBuilder.NODE_OP_TYPE, opType);
        for (Attribute a : attributes) {
            node.message(NODE_ATTRIBUTE, a.encode());
        }
        nodePayloads.put(name, node.toByteArray());
        addedNodes.add(node);
        return this;
    }

    /**
     * Adds a float32 initializer.
     *
     * @param name tensor name, new in the graph
     * @param values row-major values; their count must equal the product of {@code dims}
     * @param dims shape
     * @return this editor
     * @since 0.1
     */
    public OnnxModelEditor addInitializer(String name, float[] values, long... dims) {
        requireNewTensor(name, values.length, dims);
        addedInitializers.add(OnnxModelBuilder.floatTensor(name, values.clone(), dims.clone()));
        return this;
    }

    /**
     * Adds an int64 initializer (shapes, axes, slice bounds).
     *
     * @param name tensor name, new in the graph
     * @param values row-major values; their count must equal the product of {@code dims}
     * @param dims shape
     * @return this editor
     * @since 0.1
     */
    public OnnxModelEditor addInitializer(String name, long[] values, long... dims) {
        requireNewTensor(name, values.length, dims);
        addedInitializers.add(OnnxModelBuilder.int64Tensor(name, values.clone(), dims.clone()));
        return this;
    }

    private void requireNewTensor(String name, int count, long[] dims) {
        OnnxModelBuilder.requireName(name, "initializer name");
        OnnxModelBuilder.checkCount(name, count, dims);
        if (!tensors.add(name)) {
            throw new IllegalArgumentException("the graph defines a tensor \"" + name + "\" already");
        }
    }

    private byte[] initializerPayload(String name) {
        byte[] tensor = initializerPayloads.get(Objects.requireNonNull(name, "name"));
        if (tensor == null) {
            readNested();
            tensor = nestedInitializers.get(name);
        }
        if (tensor == null) {
            throw new IllegalArgumentException("no initializer \"" + name + "\" in the graph");
        }
        return tensor;
    }

    /** Adds a repeated int64 field's values, packed or not. */
    private static void readVarints(ProtoReader.Field f, List<Long> out) {
        if (f.wireType() == ProtoWriter.WIRE_VARINT) {
            out.add(f.varint());
            return;
        }
        byte[] b = f.payload();
        int i = 0;
        while (i < b.length) {
            long v = 0;
            int shift = 0;
            byte x;
            do {
                x = b[i++];
                v |= (long) (x & 0x7f) << shift;
                shift += 7;
            } while (x < 0);
            out.add(v);
        }
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
                    || f.number() == GRAPH_INPUT && frozenInputs.containsKey(nameOf(f, VALUE_INFO_NAME))
                    || f.number() == GRAPH_NODE && removedNodes.contains(nameOf(f, NODE_NAME))
                    || f.number() == GRAPH_INITIALIZER && removedInitializers.contains(nameOf(f, OnnxModelBuilder.TENSOR_NAME));
            if (!removed) {
                graph.raw(f.encoded());
            }
        }
        frozenInputs.values().forEach(t -> graph.message(GRAPH_INITIALIZER, t));
        addedInitializers.forEach(t -> graph.message(GRAPH_INITIALIZER, t));
        addedNodes.forEach(n -> graph.message(GRAPH_NODE, n));
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
