/** Benchmarks of {@code features.stft}: the FFT (JTransforms, AudioML's Bluestein for other sizes) and the power spectrum. */
package dev.audioml.bench.features.stft;
