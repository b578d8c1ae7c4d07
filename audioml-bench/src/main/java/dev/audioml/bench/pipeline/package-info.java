/** End-to-end benchmarks: file source, framing, features, model and sink, per-window latency percentiles. */
package dev.audioml.bench.pipeline;
