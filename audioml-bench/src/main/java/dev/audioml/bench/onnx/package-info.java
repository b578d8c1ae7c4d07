/**
 * Benchmarks of {@code audioml-onnx}: the generic classifier against a bare ONNX Runtime run (batch 1/8/32, intra-op
 * threads 1/2); Silero VAD and openWakeWord in the sub-packages.
 */
package dev.audioml.bench.onnx;
