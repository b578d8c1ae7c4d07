/**
 * Train your own sound classifier: {@link dev.audioml.train.Trainer} reads a labelled dataset, embeds its clips with a
 * pretrained or statistical backbone, trains a small head, evaluates it and exports one ONNX model that runs in a
 * pipeline; {@link dev.audioml.train.ModelEvaluator} reports any model on any labelled folder.
 *
 * @since 0.1
 */
package dev.audioml.train;
