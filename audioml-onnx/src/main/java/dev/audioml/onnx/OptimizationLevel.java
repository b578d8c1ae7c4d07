package dev.audioml.onnx;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

/**
 * ONNX Runtime graph optimization levels (see ONNX Runtime's "Graph optimizations" documentation).
 *
 * @since 0.1
 */
public enum OptimizationLevel {
    /** No graph rewrites. */
    DISABLED(OptLevel.NO_OPT),
    /** Semantics-preserving rewrites such as constant folding and redundant-node removal. */
    BASIC(OptLevel.BASIC_OPT),
    /** Basic plus operator fusions. */
    EXTENDED(OptLevel.EXTENDED_OPT),
    /** Everything, including layout optimizations (ONNX Runtime's default). */
    ALL(OptLevel.ALL_OPT);

    private final OptLevel ort;

    OptimizationLevel(OptLevel ort) {
        this.ort = ort;
    }

    OptLevel ort() {
        return ort;
    }
}
