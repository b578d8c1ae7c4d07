/**
 * Writing and editing ONNX model files without a protobuf dependency: {@link dev.audioml.onnx.write.OnnxModelBuilder}
 * builds a {@code ModelProto} (inputs, outputs, initializers, nodes, opsets, {@code metadata_props}) and
 * {@link dev.audioml.onnx.write.OnnxModelEditor} copies an existing model while adding graph outputs or metadata.
 * Used to export trained heads and to build tiny test models that ONNX Runtime runs.
 */
package dev.audioml.onnx.write;
