/**
 * openWakeWord: the melspectrogram + speech-embedding backbone ({@code EmbeddingBackbone}, {@code OwwBackbone}) and
 * wake-word heads on top of it ({@code WakeWordModel}, {@code WakeWordClassifier}), following
 * {@code dscripka/openWakeWord} {@code utils.py} and {@code model.py}. {@code OwwEmbeddingGraph} writes the backbone's
 * pooled clip embedding as one ONNX graph (raw audio in), for self-contained exported models.
 *
 * @since 0.1
 */
package dev.audioml.onnx.oww;
