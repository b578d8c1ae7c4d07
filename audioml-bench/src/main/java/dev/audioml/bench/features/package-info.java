/**
 * Benchmarks of {@code audioml-features}: streaming features per hop and whole-clip features at the common
 * configurations ({@link dev.audioml.bench.features.FeatureConfig}).
 */
package dev.audioml.bench.features;
