/** Benchmarks of {@code onnx.batch}: many streams of one model, batched vs one call per window. */
package dev.audioml.bench.onnx.batch;
