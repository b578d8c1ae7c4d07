/** Benchmarks of {@code core.resample}: the streaming resampler from device rates to 16 kHz. */
package dev.audioml.bench.core.resample;
