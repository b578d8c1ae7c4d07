/**
 * Non-blocking hand-off from the pipeline's processing thread to a sink's own I/O thread: a bounded queue, a sender
 * thread, drops and failures counted (never thrown per window), and {@link dev.audioml.sinks.delivery.WindowMeter}, a
 * feature-extractor decorator that measures each window's level (and keeps its newest feature row) for the sinks.
 *
 * @since 0.1
 */
package dev.audioml.sinks.delivery;
