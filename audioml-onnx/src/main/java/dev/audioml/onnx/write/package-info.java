/**
 * Writing and editing ONNX model files without a protobuf dependency: {@link dev.audioml.onnx.write.OnnxModelBuilder}
 * builds a {@code ModelProto} (inputs, outputs, initializers, nodes, opsets, {@code metadata_props}) and
 * composes models: {@link dev.audioml.onnx.write.OnnxModelBuilder#include} appends the part of another model's graph
 * that computes chosen tensors, renamed under a prefix and wired to the builder's tensors, with opsets reconciled.
 * {@link dev.audioml.onnx.write.OnnxModelEditor} reads a model (its nodes, declared input and output types) and copies
 * it while adding graph outputs or metadata. Used to export trained models as one self-contained file (backbone,
 * pooling and head in one graph) and to build tiny test models that ONNX Runtime runs.
 */
package dev.audioml.onnx.write;
