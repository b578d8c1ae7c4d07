package dev.audioml.core;

import java.util.List;

/**
 * Where results go: user code, the console, files, music software.
 *
 * <p>Sinks are called on the pipeline's processing thread, in window order. A sink must not block for long; sinks that
 * talk to the network hand off to their own thread.
 *
 * <p>Not thread-safe unless the implementation says otherwise.
 *
 * @since 0.1
 */
public interface Sink extends AutoCloseable {

    /**
     * Called once before the first result.
     *
     * @param labels the classifier's labels in model order
     */
    default void open(List<String> labels) {
    }

    /**
     * Receives the (post-processed) scores of one window.
     *
     * @param classification the window's result
     */
    void onClassification(Classification classification);

    /**
     * Receives a completed event (start, end, peak score).
     *
     * @param event the event
     */
    default void onEvent(Event event) {
    }

    /** Flushes and releases files or sockets. Idempotent. I/O failures are thrown as unchecked exceptions. */
    @Override
    default void close() {
    }
}
