/**
 * Export of a trained head as an ONNX model carrying labels, feature spec, window and output type in its metadata.
 *
 * @since 0.1
 */
package dev.audioml.train.export;
