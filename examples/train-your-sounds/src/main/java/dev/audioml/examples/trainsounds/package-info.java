/**
 * Example app: train a sound classifier on a folder of class folders with the {@code audioml-train} API, then run
 * the exported {@code model.onnx} on a file through a core pipeline.
 *
 * @since 0.1
 */
package dev.audioml.examples.trainsounds;
