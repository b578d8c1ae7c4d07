/**
 * {@link dev.audioml.core.Sink}s that need nothing but the JDK: {@link dev.audioml.core.sink.CallbackSink} (user
 * lambdas), {@link dev.audioml.core.sink.ConsoleSink} (a line per window with a score bar),
 * {@link dev.audioml.core.sink.JsonlSink} (one JSON object per window or event) and
 * {@link dev.audioml.core.sink.CsvSink} (RFC 4180, one row per window). The JSONL and CSV schemas are documented in
 * {@code docs/pipeline.md}. Numbers are written with {@link java.util.Locale#ROOT}, whatever the default locale.
 */
package dev.audioml.core.sink;
