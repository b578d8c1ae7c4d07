/**
 * Benchmarks of {@code audioml-onnx}: the generic classifier against a bare ONNX Runtime run (batch 1/8/32, intra-op
 * threads 1/2); Silero VAD and openWakeWord in the sub-packages. {@link dev.audioml.bench.onnx.InterleavedOnnxRun}
 * runs the same benchmark methods interleaved, for overhead ratios on a machine too busy for JMH's sequential runs.
 */
package dev.audioml.bench.onnx;
