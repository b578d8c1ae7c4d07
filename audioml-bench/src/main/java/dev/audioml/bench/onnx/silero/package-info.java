/** Benchmarks of {@code onnx.silero}: Silero VAD per 32 ms chunk, against a bare ONNX Runtime run. */
package dev.audioml.bench.onnx.silero;
