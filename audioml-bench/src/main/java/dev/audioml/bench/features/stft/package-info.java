/** Benchmarks of {@code features.stft}: AudioML's real FFT against JTransforms. */
package dev.audioml.bench.features.stft;
