/**
 * ONNX Runtime backend: {@link dev.audioml.onnx.OnnxSession} (the one place sessions are created, shared across
 * streams), {@link dev.audioml.onnx.OnnxClassifier} (any single-input model as a {@link dev.audioml.core.Classifier},
 * with input layout adaptation, output modes and batched inference), {@link dev.audioml.onnx.ModelMetadata} (labels and
 * preprocessing carried in {@code metadata_props} or sidecar files) and {@link dev.audioml.onnx.OnnxModel} (a whole
 * pipeline configuration from one model file). ONNX Runtime failures surface as
 * {@link dev.audioml.core.AudioMLException}.
 */
package dev.audioml.onnx;
