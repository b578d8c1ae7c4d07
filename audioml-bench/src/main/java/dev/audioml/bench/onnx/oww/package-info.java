/** Benchmarks of {@code onnx.oww}: the openWakeWord chain per 80 ms hop. */
package dev.audioml.bench.onnx.oww;
