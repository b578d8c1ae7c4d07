/**
 * openWakeWord: the melspectrogram + speech-embedding backbone ({@code EmbeddingBackbone}, {@code OwwBackbone}) and
 * wake-word heads on top of it ({@code WakeWordModel}, {@code WakeWordClassifier}), following
 * {@code dscripka/openWakeWord} {@code utils.py} and {@code model.py}.
 *
 * @since 0.1
 */
package dev.audioml.onnx.oww;
