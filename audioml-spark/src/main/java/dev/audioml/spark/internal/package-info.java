/** Executor-side plumbing of {@code audioml-spark}: the per-JVM resource registry, local copies of input files and the per-file scan. Not API. */
package dev.audioml.spark.internal;
