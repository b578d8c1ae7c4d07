package dev.audioml.onnx.write;

import java.util.List;
import java.util.Objects;

/**
 * One node of a model's main graph as {@link OnnxModelEditor#nodes()} reads it: enough to find a tensor by the
 * structure around it (e.g. "the input of the only {@code ReduceMax}") before {@link OnnxModelBuilder#include
 * including} part of the graph.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name node name, possibly empty
 * @param domain operator domain, {@code ""} for ONNX's default domain
 * @param opType operator, e.g. {@code Conv}
 * @param inputs input tensor names in operator order ({@code ""} for an omitted optional input); copied
 * @param outputs output tensor names; copied
 * @since 0.1
 */
public record GraphNode(String name, String domain, String opType, List<String> inputs, List<String> outputs) {
    /** Validates and copies. */
    public GraphNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(opType, "opType");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
