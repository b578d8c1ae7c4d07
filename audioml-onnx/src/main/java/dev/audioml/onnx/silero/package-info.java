/**
 * Silero VAD v5 as a stateful classifier ({@code SileroVad}) and Silero's speech-segment logic
 * ({@code SpeechSegmenter}), following {@code snakers4/silero-vad} {@code utils_vad.py}.
 *
 * @since 0.1
 */
package dev.audioml.onnx.silero;
