/**
 * Many streams, one model run: {@code StreamBatcher} gathers the windows of concurrent streams (stateful models
 * included: Silero VAD's recurrent state, openWakeWord's mel and embedding buffers) into one ONNX Runtime call per
 * batch, with a bounded wait, per-stream order kept and results equal to per-stream classifiers.
 *
 * @since 0.1
 */
package dev.audioml.onnx.batch;
