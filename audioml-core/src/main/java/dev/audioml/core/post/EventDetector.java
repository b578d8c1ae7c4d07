package dev.audioml.core.post;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import java.util.function.Consumer;

/**
 * The events step of a {@link PostProcessor}: turns one label's per-window scores into {@link Event}s. The built-in
 * rules are {@link EventRules} (threshold with hysteresis, patience, minimum duration, gap merging, debounce,
 * cooldown); a model with a reference segmenter of its own (Silero's {@code get_speech_timestamps}) supplies another.
 *
 * <p>Implementations are immutable and thread-safe; each {@link LabelDetector} is per stream and label.
 *
 * @since 0.1
 */
public interface EventDetector {

    /**
     * @param label the label whose scores the new detector receives
     * @return fresh per-stream state for that label
     */
    LabelDetector newLabel(String label);

    /**
     * One label's event state in one stream.
     *
     * <p>Not thread-safe: confine to one pipeline thread.
     */
    interface LabelDetector {

        /**
         * Consumes the label's (smoothed) score of the next window, in stream order.
         *
         * @param window the window's classification (its span and rate; scores are in {@code score})
         * @param score the label's score for this window
         * @param out receives every event this window decides
         */
        void accept(Classification window, float score, Consumer<Event> out);

        /**
         * Ends the stream after the last window: decides and reports what is still open.
         *
         * @param out receives the remaining events
         */
        void finish(Consumer<Event> out);
    }
}
