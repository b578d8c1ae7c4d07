package dev.audioml.sinks.osc;

/**
 * Which OSC messages {@link OscSink} sends.
 *
 * @since 0.1
 */
public enum OscMode {
    /**
     * Exactly what the workshop's "Inference to OSC" notebook sends, once per window: {@code /neuralnet2} with three
     * strings (indices by descending score, the scores in that order, the labels in model order), each a Python list.
     * Events and level are not sent.
     */
    WORKSHOP,
    /**
     * Typed messages under a prefix (default {@code /audioml}): {@code /labels} on open and on request, then per
     * window {@code /top} (label, score), {@code /scores} (one float per label), {@code /level} (RMS dBFS, with a
     * {@link dev.audioml.sinks.delivery.WindowMeter}), and per event {@code /event} (label, start_s, end_s, score).
     */
    NATIVE
}
