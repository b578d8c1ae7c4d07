/**
 * Benchmarks of {@code audioml-features}: streaming log-mel per hop and whole-clip mel spectrograms.
 */
package dev.audioml.bench.features;
