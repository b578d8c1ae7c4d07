package dev.audioml.onnx.write;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph of another {@code ModelProto}, cut down to what computes chosen tensors and renamed so that it can be
 * appended to an {@link OnnxModelBuilder} (see {@link OnnxModelBuilder#include}). Every tensor name, node name and
 * symbolic dimension of the imported graph gets a prefix, except the graph inputs the caller maps onto its own tensors
 * and the tensors it exposes under new names; names inside subgraphs ({@code If}, {@code Loop}, {@code Scan} bodies)
 * are renamed the same way, so outer-scope references stay correct.
 *
 * <p>Not thread-safe (used once, inside one builder call).
 */
final class GraphImport {
    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_FUNCTIONS = 25;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int GRAPH_QUANTIZATION_ANNOTATION = 14;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    // NodeProto
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int NODE_DOMAIN = 7;
    // AttributeProto
    private static final int ATTR_G = 6;
    private static final int ATTR_GRAPHS = 11;
    // TensorProto
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int DATA_LOCATION_EXTERNAL = 1;
    // ValueInfoProto / TypeProto / TensorShapeProto
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    private static final int TYPE_TENSOR = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    private static final int SHAPE_DIM = 1;
    private static final int DIM_PARAM = 2;

    /** A node kept by the import, for the opset check at {@link OnnxModelBuilder#toByteArray()}. */
    record ImportedNode(String description, String domain, String opType, long writtenForOpset) {
    }

    final long irVersion;
    /** Opsets of the domains the kept nodes use (domain {@code ai.onnx} written as {@code ""}). */
    final Map<String, Long> usedOpsets = new LinkedHashMap<>();
    /** Renamed nodes, in the imported graph's (topological) order. */
    final List<ProtoWriter> nodes = new ArrayList<>();
    /** Renamed initializers the kept nodes read. */
    final List<ProtoWriter> initializers = new ArrayList<>();
    /** Renamed {@code value_info} of kept tensors, plus the exposed outputs' declared types, by (new) name. */
    final Map<String, ProtoWriter> valueInfos = new LinkedHashMap<>();
    /** Every top-level tensor name the import defines in the builder (renamed). */
    final Set<String> defined = new LinkedHashSet<>();
    final List<ImportedNode> importedNodes = new ArrayList<>();

    private final String prefix;
    private final Map<String, String> inputs;
    private final Map<String, String> outputs;
    private final Map<String, Long> modelOpsets = new LinkedHashMap<>();

    GraphImport(byte[] model, String prefix, Map<String, String> inputs, Map<String, String> outputs) {
        this.prefix = prefix;
        this.inputs = inputs;
        this.outputs = outputs;
        long ir = 0;
        byte[] graph = null;
        for (ProtoReader.Field f : ProtoReader.parse(model)) {
            switch (f.number()) {
                case MODEL_IR_VERSION -> ir = f.varint();
                case MODEL_GRAPH -> graph = f.payload();
                case MODEL_OPSET_IMPORT -> {
                    String domain = "";
                    long version = 0;
                    for (ProtoReader.Field o : ProtoReader.parse(f.payload())) {
                        if (o.number() == 1) {
                            domain = o.string();
                        } else if (o.number() == 2) {
                            version = o.varint();
                        }
                    }
                    modelOpsets.put(normalDomain(domain), version);
                }
                case MODEL_FUNCTIONS -> throw new IllegalArgumentException("imported model defines model-local functions, "
                        + "which include() does not support; inline them first (onnx.inliner.inline_local_functions)");
                default -> {
                }
            }
        }
        if (graph == null) {
            throw new IllegalArgumentException("not an ONNX model: no graph (ModelProto field 7)");
        }
        this.irVersion = ir;
        importGraph(ProtoReader.parse(graph));
    }

    static String normalDomain(String domain) {
        return "ai.onnx".equals(domain) ? "" : domain;
    }

    private void importGraph(List<ProtoReader.Field> graph) {
        Map<String, ProtoReader.Field> initializerByName = new LinkedHashMap<>();
        Map<String, ProtoReader.Field> valueInfoByName = new LinkedHashMap<>();
        Map<String, ProtoReader.Field> outputByName = new LinkedHashMap<>();
        Set<String> graphInputs = new LinkedHashSet<>();
        List<List<ProtoReader.Field>> nodeFields = new ArrayList<>();
        for (ProtoReader.Field f : graph) {
            switch (f.number()) {
                case GRAPH_NODE -> nodeFields.add(ProtoReader.parse(f.payload()));
                case GRAPH_INITIALIZER -> initializerByName.put(nameOf(f.payload(), TENSOR_NAME), f);
                case GRAPH_INPUT -> graphInputs.add(nameOf(f.payload(), VALUE_INFO_NAME));
                case GRAPH_OUTPUT -> outputByName.put(nameOf(f.payload(), VALUE_INFO_NAME), f);
                case GRAPH_VALUE_INFO -> valueInfoByName.put(nameOf(f.payload(), VALUE_INFO_NAME), f);
                case GRAPH_SPARSE_INITIALIZER -> throw new IllegalArgumentException(
                        "imported model has sparse initializers, which include() does not support");
                default -> {
                }
            }
        }
        Set<String> produced = new HashSet<>(initializerByName.keySet());
        produced.addAll(graphInputs);
        for (List<ProtoReader.Field> n : nodeFields) {
            n.stream().filter(f -> f.number() == NODE_OUTPUT).map(ProtoReader.Field::string).forEach(produced::add);
        }
        for (String in : inputs.keySet()) {
            if (!graphInputs.contains(in)) {
                throw new IllegalArgumentException("imported graph has no input \"" + in + "\"; its inputs are " + graphInputs);
            }
            if (outputs.containsKey(in)) {
                throw new IllegalArgumentException("\"" + in + "\" is both mapped as an input and exposed as an output");
            }
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("include() needs at least one tensor to expose; the graph's outputs are "
                    + outputByName.keySet());
        }
        for (String out : outputs.keySet()) {
            if (!produced.contains(out)) {
                throw new IllegalArgumentException("imported graph computes no tensor \"" + out + "\"; its outputs are "
                        + outputByName.keySet());
            }
        }

        // Keep only the nodes that the exposed tensors depend on (nodes are in topological order).
        Set<String> needed = new HashSet<>(outputs.keySet());
        boolean[] keep = new boolean[nodeFields.size()];
        for (int i = nodeFields.size() - 1; i >= 0; i--) {
            List<ProtoReader.Field> n = nodeFields.get(i);
            boolean feeds = n.stream().anyMatch(f -> f.number() == NODE_OUTPUT && needed.contains(f.string()));
            if (feeds) {
                keep[i] = true;
                for (ProtoReader.Field f : n) {
                    if (f.number() == NODE_INPUT && !f.string().isEmpty()) {
                        needed.add(f.string());
                    } else if (f.number() == NODE_ATTRIBUTE) {
                        collectSubgraphNames(f.payload(), needed);
                    }
                }
            }
        }
        List<String> unmapped = new ArrayList<>();
        for (String in : graphInputs) {
            if (needed.contains(in) && !inputs.containsKey(in) && !initializerByName.containsKey(in)) {
                unmapped.add(in);
            }
        }
        if (!unmapped.isEmpty()) {
            throw new IllegalArgumentException("imported graph inputs " + unmapped + " feed the exposed tensors "
                    + outputs.keySet() + "; map each to a tensor of this graph");
        }
        for (Map.Entry<String, ProtoReader.Field> e : initializerByName.entrySet()) {
            // an initializer that is also a mapped graph input is a default the mapping overrides
            if (needed.contains(e.getKey()) && !inputs.containsKey(e.getKey())) {
                initializers.add(renameTensor(e.getValue().payload()));
                defined.add(rename(e.getKey()));
            }
        }
        for (int i = 0; i < nodeFields.size(); i++) {
            if (keep[i]) {
                nodes.add(renameNode(nodeFields.get(i), true));
            }
        }
        for (Map.Entry<String, ProtoReader.Field> e : valueInfoByName.entrySet()) {
            if (needed.contains(e.getKey()) && !inputs.containsKey(e.getKey())) {
                valueInfos.put(rename(e.getKey()), renameValueInfo(e.getValue().payload()));
            }
        }
        for (String out : outputs.keySet()) {
            ProtoReader.Field declared = outputByName.get(out);
            if (declared != null && !valueInfoByName.containsKey(out)) {
                valueInfos.put(rename(out), renameValueInfo(declared.payload()));
            }
        }
    }

    /** Adds every name a subgraph of this attribute reads or defines (over-approximates what it reads from outside). */
    private static void collectSubgraphNames(byte[] attribute, Set<String> into) {
        for (ProtoReader.Field a : ProtoReader.parse(attribute)) {
            if (a.number() == ATTR_G || a.number() == ATTR_GRAPHS) {
                for (ProtoReader.Field g : ProtoReader.parse(a.payload())) {
                    if (g.number() == GRAPH_NODE) {
                        for (ProtoReader.Field n : ProtoReader.parse(g.payload())) {
                            if (n.number() == NODE_INPUT && !n.string().isEmpty()) {
                                into.add(n.string());
                            } else if (n.number() == NODE_ATTRIBUTE) {
                                collectSubgraphNames(n.payload(), into);
                            }
                        }
                    }
                }
            }
        }
    }

    private String rename(String name) {
        if (name.isEmpty()) {
            return name;
        }
        String mapped = inputs.get(name);
        if (mapped != null) {
            return mapped;
        }
        mapped = outputs.get(name);
        return mapped != null ? mapped : prefix + name;
    }

    private ProtoWriter renameNode(List<ProtoReader.Field> node, boolean topLevel) {
        ProtoWriter w = new ProtoWriter();
        String opType = "";
        String domain = "";
        String name = "";
        for (ProtoReader.Field f : node) {
            switch (f.number()) {
                case NODE_INPUT -> w.string(NODE_INPUT, rename(f.string()));
                case NODE_OUTPUT -> {
                    String renamed = rename(f.string());
                    if (topLevel && !renamed.isEmpty()) {
                        defined.add(renamed);
                    }
                    w.string(NODE_OUTPUT, renamed);
                }
                case NODE_NAME -> {
                    name = f.string();
                    w.string(NODE_NAME, f.string().isEmpty() ? "" : prefix + f.string());
                }
                case NODE_ATTRIBUTE -> w.bytes(NODE_ATTRIBUTE, renameAttribute(f.payload()));
                default -> {
                    if (f.number() == NODE_OP_TYPE) {
                        opType = f.string();
                    } else if (f.number() == NODE_DOMAIN) {
                        domain = normalDomain(f.string());
                    }
                    w.raw(f.encoded());
                }
            }
        }
        Long version = modelOpsets.get(domain);
        String description = opType + " node" + (name.isEmpty() ? "" : " \"" + name + "\"");
        if (version == null) {
            throw new IllegalArgumentException("imported " + description + " uses domain \"" + domain
                    + "\", which the model does not import; it imports " + modelOpsets);
        }
        usedOpsets.put(domain, version);
        importedNodes.add(new ImportedNode(description, domain, opType, version));
        return w;
    }

    private byte[] renameAttribute(byte[] attribute) {
        List<ProtoReader.Field> fields = ProtoReader.parse(attribute);
        if (fields.stream().noneMatch(f -> f.number() == ATTR_G || f.number() == ATTR_GRAPHS)) {
            return attribute;
        }
        ProtoWriter w = new ProtoWriter();
        for (ProtoReader.Field f : fields) {
            if (f.number() == ATTR_G || f.number() == ATTR_GRAPHS) {
                w.message(f.number(), renameSubgraph(f.payload()));
            } else {
                w.raw(f.encoded());
            }
        }
        return w.toByteArray();
    }

    private ProtoWriter renameSubgraph(byte[] graph) {
        ProtoWriter w = new ProtoWriter();
        for (ProtoReader.Field f : ProtoReader.parse(graph)) {
            switch (f.number()) {
                case GRAPH_NODE -> w.message(GRAPH_NODE, renameNode(ProtoReader.parse(f.payload()), false));
                case GRAPH_INITIALIZER -> w.message(GRAPH_INITIALIZER, renameTensor(f.payload()));
                case GRAPH_INPUT, GRAPH_OUTPUT, GRAPH_VALUE_INFO -> w.message(f.number(), renameValueInfo(f.payload()));
                case GRAPH_SPARSE_INITIALIZER -> throw new IllegalArgumentException(
                        "imported model has sparse initializers in a subgraph, which include() does not support");
                case GRAPH_QUANTIZATION_ANNOTATION -> {
                    // names tensors; dropped rather than copied with stale names (ONNX Runtime does not need it)
                }
                default -> w.raw(f.encoded());
            }
        }
        return w;
    }

    private ProtoWriter renameTensor(byte[] tensor) {
        ProtoWriter w = new ProtoWriter();
        String name = "";
        for (ProtoReader.Field f : ProtoReader.parse(tensor)) {
            if (f.number() == TENSOR_NAME) {
                name = f.string();
                w.string(TENSOR_NAME, rename(name));
            } else {
                if (f.number() == TENSOR_DATA_LOCATION && f.varint() == DATA_LOCATION_EXTERNAL) {
                    throw new IllegalArgumentException("imported initializer \"" + name + "\" keeps its data in an external "
                            + "file; a merged model must be one file: load the model with its data and save it without "
                            + "external data (onnx.save(m, f, save_as_external_data=False))");
                }
                w.raw(f.encoded());
            }
        }
        return w;
    }

    private ProtoWriter renameValueInfo(byte[] valueInfo) {
        ProtoWriter w = new ProtoWriter();
        for (ProtoReader.Field f : ProtoReader.parse(valueInfo)) {
            if (f.number() == VALUE_INFO_NAME) {
                w.string(VALUE_INFO_NAME, rename(f.string()));
            } else if (f.number() == VALUE_INFO_TYPE) {
                w.bytes(VALUE_INFO_TYPE, renameDimParams(f.payload()));
            } else {
                w.raw(f.encoded());
            }
        }
        return w;
    }

    /** Prefixes the symbolic dimensions of a tensor type, so that two imported graphs' "batch" stay unrelated. */
    private byte[] renameDimParams(byte[] typeProto) {
        ProtoWriter type = new ProtoWriter();
        for (ProtoReader.Field t : ProtoReader.parse(typeProto)) {
            if (t.number() != TYPE_TENSOR) {
                type.raw(t.encoded());
                continue;
            }
            ProtoWriter tensorType = new ProtoWriter();
            for (ProtoReader.Field tt : ProtoReader.parse(t.payload())) {
                if (tt.number() != TENSOR_TYPE_SHAPE) {
                    tensorType.raw(tt.encoded());
                    continue;
                }
                ProtoWriter shape = new ProtoWriter();
                for (ProtoReader.Field s : ProtoReader.parse(tt.payload())) {
                    if (s.number() != SHAPE_DIM) {
                        shape.raw(s.encoded());
                        continue;
                    }
                    ProtoWriter dim = new ProtoWriter();
                    for (ProtoReader.Field d : ProtoReader.parse(s.payload())) {
                        if (d.number() == DIM_PARAM && !d.string().isEmpty()) {
                            dim.string(DIM_PARAM, prefix + d.string());
                        } else {
                            dim.raw(d.encoded());
                        }
                    }
                    shape.message(SHAPE_DIM, dim);
                }
                tensorType.message(TENSOR_TYPE_SHAPE, shape);
            }
            type.message(TYPE_TENSOR, tensorType);
        }
        return type.toByteArray();
    }

    static String nameOf(byte[] message, int nameField) {
        for (ProtoReader.Field f : ProtoReader.parse(message)) {
            if (f.number() == nameField && f.wireType() == ProtoWriter.WIRE_LEN) {
                return f.string();
            }
        }
        return "";
    }
}
