package dev.audioml.onnx.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Writes an ONNX {@code ModelProto} from code: graph inputs and outputs (with dynamic dimensions), initializers, nodes
 * of any operator, opset imports, {@code metadata_props} and the IR version. A small hand-written protobuf encoder does
 * the encoding (field numbers from {@code onnx/onnx.proto}), so no protobuf dependency is needed.
 *
 * <pre>{@code
 * byte[] model = OnnxModelBuilder.create("head")
 *     .input(ValueInfo.of("x", ElementType.FLOAT, -1, 4))
 *     .initializer("W", weights, 4, 3)
 *     .node("MatMul", List.of("x", "W"), List.of("logits"))
 *     .node("Softmax", List.of("logits"), List.of("probs"), Attribute.of("axis", -1L))
 *     .output(ValueInfo.of("probs", ElementType.FLOAT, -1, 3))
 *     .metadata("audioml.labels", "[\"a\",\"b\",\"c\"]")
 *     .toByteArray();
 * }</pre>
 *
 * <p>{@link #include} appends (part of) another model's graph, so that models are composed into one file: a
 * pretrained backbone, the pooling written with {@link #node}, and a trained head:
 *
 * <pre>{@code
 * OnnxModelBuilder b = OnnxModelBuilder.create("classifier")
 *     .input(ValueInfo.of("audio", ElementType.FLOAT, -1, 16_000))
 *     .include(backboneBytes, "backbone/", Map.of("input", "audio"), Map.of("pooled", "embedding"))
 *     .node("MatMul", List.of("embedding", "W"), List.of("logits"));
 * }</pre>
 *
 * <p>{@link #toByteArray()} checks that every node input is a graph input, an initializer or an earlier node's output,
 * that every graph output is produced, and that no included node is read at an opset that changed its operator
 * incompatibly. Operator semantics are checked by ONNX Runtime when it loads the model.
 *
 * <p>Not thread-safe.
 *
 * @since 0.1
 */
public final class OnnxModelBuilder {
    /** The default IR version (ONNX 1.12+; read by ONNX Runtime 1.14 and later). */
    public static final long DEFAULT_IR_VERSION = 8;
    /** The default opset of the default ("ai.onnx") domain. */
    public static final long DEFAULT_OPSET = 17;
    private static final String ML_DOMAIN = "ai.onnx.ml";

    // ModelProto fields.
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    static final int MODEL_METADATA_PROPS = 14;
    // GraphProto fields.
    static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    static final int GRAPH_INITIALIZER = 5;
    static final int GRAPH_INPUT = 11;
    static final int GRAPH_OUTPUT = 12;
    static final int GRAPH_VALUE_INFO = 13;
    // NodeProto fields.
    static final int NODE_INPUT = 1;
    static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    // TensorProto fields.
    private static final int TENSOR_DIMS = 1;
    private static final int TENSOR_DATA_TYPE = 2;
    private static final int TENSOR_FLOAT_DATA = 4;
    private static final int TENSOR_INT64_DATA = 7;
    static final int TENSOR_NAME = 8;

    private final String graphName;
    private long irVersion = DEFAULT_IR_VERSION;
    private final Map<String, Long> opsets = new LinkedHashMap<>(Map.of("", DEFAULT_OPSET));
    private String producerName = "audioml";
    private String producerVersion = "0.1";
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final Map<String, ProtoWriter> valueInfos = new LinkedHashMap<>();
    private final List<GraphImport.ImportedNode> importedNodes = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();

    private OnnxModelBuilder(String graphName) {
        this.graphName = graphName;
    }

    /**
     * @param graphName the graph's name, not empty
     * @return an empty model with IR version {@value #DEFAULT_IR_VERSION} and opset {@value #DEFAULT_OPSET}
     */
    public static OnnxModelBuilder create(String graphName) {
        requireName(graphName, "graph name");
        return new OnnxModelBuilder(graphName);
    }

    /**
     * @param version the {@code ir_version}, at least 3
     * @return this builder
     */
    public OnnxModelBuilder irVersion(long version) {
        if (version < 3) {
            throw new IllegalArgumentException("irVersion must be >= 3, got " + version);
        }
        this.irVersion = version;
        return this;
    }

    /**
     * Sets the opset imported for a domain.
     *
     * @param domain operator domain, {@code ""} for the default ONNX domain
     * @param version opset version, at least 1
     * @return this builder
     */
    public OnnxModelBuilder opset(String domain, long version) {
        Objects.requireNonNull(domain, "domain");
        if (version < 1) {
            throw new IllegalArgumentException("opset version must be >= 1, got " + version);
        }
        opsets.put(GraphImport.normalDomain(domain), version);
        return this;
    }

    /**
     * The opset a domain is imported at now; {@link #include} may have raised it (write version-dependent nodes, such
     * as {@code ReduceMean} whose {@code axes} became an input at opset 18, after the includes).
     *
     * @param domain operator domain, {@code ""} for the default ONNX domain
     * @return its opset version, or empty if the domain is not imported
     */
    public OptionalLong opset(String domain) {
        Long v = opsets.get(GraphImport.normalDomain(Objects.requireNonNull(domain, "domain")));
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /**
     * @param name producer name written to the model
     * @param version producer version
     * @return this builder
     */
    public OnnxModelBuilder producer(String name, String version) {
        this.producerName = Objects.requireNonNull(name, "name");
        this.producerVersion = Objects.requireNonNull(version, "version");
        return this;
    }

    /**
     * @param input a graph input
     * @return this builder
     */
    public OnnxModelBuilder input(ValueInfo input) {
        declare(input.name());
        inputs.add(input);
        return this;
    }

    /**
     * @param output a graph output; must be produced by a node, an input or an initializer
     * @return this builder
     */
    public OnnxModelBuilder output(ValueInfo output) {
        outputs.add(Objects.requireNonNull(output, "output"));
        return this;
    }

    /**
     * Adds a float32 constant.
     *
     * @param name tensor name
     * @param values row-major values; their count must equal the product of {@code dims}
     * @param dims shape, each at least 0
     * @return this builder
     */
    public OnnxModelBuilder initializer(String name, float[] values, long... dims) {
        checkCount(name, values.length, dims);
        initializers.add(tensorHeader(name, ElementType.FLOAT, dims).packedFloats(TENSOR_FLOAT_DATA, values));
        return this;
    }

    /**
     * Adds an int64 constant (shapes for {@code Reshape}, axes for {@code ReduceMean} at opset 18+).
     *
     * @param name tensor name
     * @param values row-major values; their count must equal the product of {@code dims}
     * @param dims shape, each at least 0
     * @return this builder
     */
    public OnnxModelBuilder initializer(String name, long[] values, long... dims) {
        checkCount(name, values.length, dims);
        declare(name);
        initializers.add(int64Tensor(name, values, dims));
        return this;
    }

    /**
     * Adds a node of the default domain.
     *
     * @param opType operator, e.g. {@code MatMul}, {@code Gemm}, {@code Softmax}
     * @param inputs input tensor names in operator order ({@code ""} for an omitted optional input)
     * @param outputs output tensor names
     * @param attributes the node's attributes
     * @return this builder
     */
    public OnnxModelBuilder node(String opType, List<String> inputs, List<String> outputs, Attribute... attributes) {
        return node("", opType, inputs, outputs, attributes);
    }

    /**
     * Adds a node.
     *
     * @param domain operator domain ({@code ""} for ONNX's default domain); import it with {@link #opset}
     * @param opType operator type
     * @param inputs input tensor names ({@code ""} for an omitted optional input)
     * @param outputs output tensor names
     * @param attributes the node's attributes
     * @return this builder
     */
    public OnnxModelBuilder node(String domain, String opType, List<String> inputs, List<String> outputs,
            Attribute... attributes) {
        requireName(opType, "opType");
        ProtoWriter node = new ProtoWriter();
        for (String in : inputs) {
            if (!in.isEmpty() && !known.contains(in)) {
                problems.add("node " + opType + " #" + nodes.size() + " reads \"" + in + "\", which no input, initializer or earlier node defines");
            }
            node.string(NODE_INPUT, in);
        }
        for (String out : outputs) {
            declare(out);
            node.string(NODE_OUTPUT, out);
        }
        node.string(NODE_NAME, opType + "_" + nodes.size()).string(NODE_OP_TYPE, opType);
        for (Attribute a : attributes) {
            node.message(NODE_ATTRIBUTE, a.encode());
        }
        if (!domain.isEmpty()) {
            node.string(NODE_DOMAIN, domain);
        }
        nodes.add(node);
        return this;
    }

    /**
     * Appends the part of another model's graph that computes chosen tensors: its nodes, the initializers and
     * {@code value_info} they use (weights are copied byte for byte), with every name prefixed so that nothing clashes
     * with this graph. The included graph's inputs are wired to tensors this builder already defines; the tensors it
     * exposes get new names that later nodes and {@link #output graph outputs} use. Nodes that none of the exposed
     * tensors depends on are left out, so exposing an inner tensor (an embedding before a classification head) cuts
     * the head off. Subgraphs ({@code If}, {@code Loop}, {@code Scan}) are renamed consistently, and symbolic
     * dimensions are prefixed too.
     *
     * <p>Opsets are reconciled: for ONNX's default domain and {@code ai.onnx.ml} the model gets the higher of the two
     * versions; any other domain must be imported at the same version by both. The IR version becomes the higher of
     * the two. {@link #toByteArray()} rejects the model if an included node's operator changed incompatibly between
     * the opset its model was written for and the final one (e.g. {@code Squeeze} at 13, the {@code Reduce*}
     * operators at 18); convert such a model first ({@code onnx.version_converter}).
     *
     * <p>Rejected: models with model-local functions, sparse initializers or weights in external files (a merged model
     * is one self-contained file). On any error the builder is left unchanged.
     *
     * @param model the bytes of an ONNX {@code ModelProto}; only read
     * @param prefix prepended to every name of the included graph that is not mapped, e.g. {@code "backbone/"}; not
     *     empty
     * @param inputs included graph input name to the name of a tensor this builder defines (graph input,
     *     initializer or node output); every input the exposed tensors depend on must be mapped
     * @param outputs name of a tensor the included graph computes (a graph output or any inner tensor) to the new,
     *     unused name it gets here; at least one
     * @return this builder
     * @throws IllegalArgumentException naming the offending input, tensor, node or domain
     * @since 0.1
     */
    public OnnxModelBuilder include(byte[] model, String prefix, Map<String, String> inputs, Map<String, String> outputs) {
        requireName(prefix, "prefix");
        for (Map.Entry<String, String> in : inputs.entrySet()) {
            if (!known.contains(in.getValue())) {
                throw new IllegalArgumentException("included input \"" + in.getKey() + "\" is mapped to \"" + in.getValue()
                        + "\", which no input, initializer or earlier node of graph \"" + graphName + "\" defines");
            }
        }
        GraphImport imported = new GraphImport(model, prefix, Map.copyOf(inputs), Map.copyOf(outputs));
        for (String name : imported.defined) {
            if (known.contains(name)) {
                throw new IllegalArgumentException("included tensor \"" + name + "\" is already defined in graph \""
                        + graphName + "\"; choose another prefix or output name");
            }
        }
        Map<String, Long> merged = new LinkedHashMap<>(opsets);
        for (Map.Entry<String, Long> e : imported.usedOpsets.entrySet()) {
            String domain = e.getKey();
            Long mine = merged.get(domain);
            if (mine == null || domain.isEmpty() || ML_DOMAIN.equals(domain)) {
                merged.put(domain, mine == null ? e.getValue() : Math.max(mine, e.getValue()));
            } else if (!mine.equals(e.getValue())) {
                throw new IllegalArgumentException("included model imports domain \"" + domain + "\" at version "
                        + e.getValue() + " but graph \"" + graphName + "\" at " + mine
                        + "; custom domains must match");
            }
        }
        opsets.putAll(merged);
        irVersion = Math.max(irVersion, imported.irVersion);
        imported.defined.forEach(known::add);
        nodes.addAll(imported.nodes);
        initializers.addAll(imported.initializers);
        valueInfos.putAll(imported.valueInfos);
        importedNodes.addAll(imported.importedNodes);
        return this;
    }

    /**
     * Adds a {@code metadata_props} entry (replacing one with the same key).
     *
     * @param key key, e.g. {@code audioml.labels}
     * @param value value
     * @return this builder
     */
    public OnnxModelBuilder metadata(String key, String value) {
        requireName(key, "metadata key");
        metadata.put(key, Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * @return the encoded {@code ModelProto}
     * @throws IllegalStateException if a node reads an undefined tensor, a graph output is never produced, or the
     *     graph has no output
     */
    public byte[] toByteArray() {
        List<String> all = new ArrayList<>(problems);
        if (outputs.isEmpty()) {
            all.add("graph \"" + graphName + "\" has no output");
        }
        for (ValueInfo out : outputs) {
            if (!known.contains(out.name())) {
                all.add("graph output \"" + out.name() + "\" is not produced by any node, input or initializer");
            }
        }
        for (GraphImport.ImportedNode n : importedNodes) {
            long target = opsets.get(n.domain());
            OpsetChanges.breakingChange(n.domain(), n.opType(), n.writtenForOpset(), target).ifPresent(why ->
                    all.add("included " + n.description() + " was written for opset " + n.writtenForOpset()
                            + " but the model uses " + target + ": " + why + "; convert the included model to opset "
                            + target + " first (onnx.version_converter)"));
        }
        if (!all.isEmpty()) {
            throw new IllegalStateException("invalid ONNX graph: " + String.join("; ", all));
        }
        ProtoWriter graph = new ProtoWriter();
        nodes.forEach(n -> graph.message(GRAPH_NODE, n));
        graph.string(GRAPH_NAME, graphName);
        initializers.forEach(t -> graph.message(GRAPH_INITIALIZER, t));
        inputs.forEach(v -> graph.message(GRAPH_INPUT, v.encode()));
        outputs.forEach(v -> graph.message(GRAPH_OUTPUT, v.encode()));
        // value_info describes inner tensors only; a graph input or output is described there already
        Set<String> declared = new HashSet<>();
        inputs.forEach(v -> declared.add(v.name()));
        outputs.forEach(v -> declared.add(v.name()));
        valueInfos.forEach((name, v) -> {
            if (!declared.contains(name)) {
                graph.message(GRAPH_VALUE_INFO, v);
            }
        });

        ProtoWriter model = new ProtoWriter()
                .varint(MODEL_IR_VERSION, irVersion)
                .string(MODEL_PRODUCER_NAME, producerName)
                .string(MODEL_PRODUCER_VERSION, producerVersion)
                .message(MODEL_GRAPH, graph);
        opsets.forEach((domain, version) -> model.message(MODEL_OPSET_IMPORT, new ProtoWriter().string(1, domain).varint(2, version)));
        metadata.forEach((k, v) -> model.message(MODEL_METADATA_PROPS, metadataEntry(k, v)));
        return model.toByteArray();
    }

    /**
     * Writes the model to a file (creating parent directories).
     *
     * @param file destination, replaced if it exists
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        byte[] bytes = toByteArray();
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, bytes);
    }

    static ProtoWriter metadataEntry(String key, String value) {
        return new ProtoWriter().string(1, key).string(2, value);
    }

    static void requireName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty, got " + (name == null ? "null" : "\"\""));
        }
    }

    private void declare(String name) {
        requireName(name, "tensor name");
        if (!known.add(name)) {
            throw new IllegalArgumentException("tensor \"" + name + "\" is already defined in graph \"" + graphName + "\"");
        }
    }

    /** @return a float32 {@code TensorProto} (the caller has checked that the value count matches {@code dims}) */
    static ProtoWriter floatTensor(String name, float[] values, long[] dims) {
        return header(name, ElementType.FLOAT, dims).packedFloats(TENSOR_FLOAT_DATA, values);
    }

    /** @return an int64 {@code TensorProto} (the caller has checked that the value count matches {@code dims}) */
    static ProtoWriter int64Tensor(String name, long[] values, long[] dims) {
        return header(name, ElementType.INT64, dims).packedVarints(TENSOR_INT64_DATA, values);
    }

    static void checkCount(String name, int count, long[] dims) {
        long expected = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("initializer \"" + name + "\" dims must be >= 0, got " + Arrays.toString(dims));
            }
            expected *= d;
        }
        if (expected != count) {
            throw new IllegalArgumentException("initializer \"" + name + "\" has " + count + " values but dims "
                    + Arrays.toString(dims) + " need " + expected);
        }
    }

    private ProtoWriter tensorHeader(String name, ElementType type, long[] dims) {
        declare(name);
        return header(name, type, dims);
    }

    private static ProtoWriter header(String name, ElementType type, long[] dims) {
        return new ProtoWriter().packedVarints(TENSOR_DIMS, dims).varint(TENSOR_DATA_TYPE, type.code()).string(TENSOR_NAME, name);
    }
}
