package dev.audioml.core.post;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import java.util.function.Consumer;

/**
 * The built-in event rules, applied per label to the windows' scores, as openWakeWord's {@code Model.predict}
 * ({@code patience}, {@code debounce_time}) and Edge Impulse's continuous-classification post-processing have them:
 *
 * <ol>
 *   <li><b>hysteresis</b>: a run of windows starts at a window scoring {@code >= onThreshold} and goes on over every
 *       following window scoring {@code >= offThreshold};
 *   <li><b>patience</b>: a run counts only once {@code patience} consecutive windows scored {@code >= onThreshold}
 *       (openWakeWord: "how many consecutive frames above the threshold must be observed"); it then starts at the
 *       first of them. A patience of 1 (default) is the plain threshold;
 *   <li><b>gap merging</b>: runs of the same label whose gap (end to next start) is shorter than
 *       {@code mergeGapSeconds} are one event;
 *   <li><b>minimum duration</b>: an event (after merging) shorter than {@code minEventSeconds} is dropped;
 *   <li><b>debounce</b>: no window less than {@code debounceSeconds} after the start of the label's previous reported
 *       event starts a run (openWakeWord's {@code debounce_time}: no second detection of the same utterance; windows
 *       that may still merge into a waiting event are not blocked); <b>cooldown</b> does the same counted from the
 *       previous event's end.
 * </ol>
 *
 * <p>An event is reported, with its peak score, once decided: when its run ends and no merge is possible any more
 * (at the first window starting {@code mergeGapSeconds} after its end), or at end of stream (closed at the end of the
 * last window above the off threshold). Seconds are converted to samples at each window's rate, rounding to the
 * nearest sample.
 *
 * <p>Immutable and thread-safe; the per-label state it creates is not.
 *
 * @since 0.1
 */
public final class EventRules implements EventDetector {
    /** The plain rules: threshold 0.5 with no hysteresis, patience 1, nothing else. */
    public static final EventRules DEFAULT = builder().build();

    private final float onThreshold;
    private final float offThreshold;
    private final int patience;
    private final double minEventSeconds;
    private final double mergeGapSeconds;
    private final double debounceSeconds;
    private final double cooldownSeconds;

    private EventRules(Builder b) {
        this.onThreshold = b.onThreshold;
        this.offThreshold = Float.isNaN(b.offThreshold) ? b.onThreshold : b.offThreshold;
        this.patience = b.patience;
        this.minEventSeconds = b.minEventSeconds;
        this.mergeGapSeconds = b.mergeGapSeconds;
        this.debounceSeconds = b.debounceSeconds;
        this.cooldownSeconds = b.cooldownSeconds;
    }

    /** @return a builder with the defaults of {@link #DEFAULT} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding these rules, to change some of them */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.onThreshold = onThreshold;
        b.offThreshold = offThreshold == onThreshold ? Float.NaN : offThreshold; // equal: follows threshold(...)
        b.patience = patience;
        b.minEventSeconds = minEventSeconds;
        b.mergeGapSeconds = mergeGapSeconds;
        b.debounceSeconds = debounceSeconds;
        b.cooldownSeconds = cooldownSeconds;
        return b;
    }

    /** @return the score at which a run starts */
    public float onThreshold() {
        return onThreshold;
    }

    /** @return the score below which a run ends, at most {@link #onThreshold()} */
    public float offThreshold() {
        return offThreshold;
    }

    /** @return consecutive windows at or above the on threshold needed to start a run, at least 1 */
    public int patience() {
        return patience;
    }

    /** @return the shortest event reported, in seconds */
    public double minEventSeconds() {
        return minEventSeconds;
    }

    /** @return gaps shorter than this between two runs merge them, in seconds */
    public double mergeGapSeconds() {
        return mergeGapSeconds;
    }

    /** @return time after an event's start during which the label cannot start another, in seconds */
    public double debounceSeconds() {
        return debounceSeconds;
    }

    /** @return time after an event's end during which the label cannot start another, in seconds */
    public double cooldownSeconds() {
        return cooldownSeconds;
    }

    @Override
    public LabelDetector newLabel(String label) {
        return new State(label);
    }

    @Override
    public String toString() {
        return "EventRules[on=" + onThreshold + ", off=" + offThreshold + ", patience=" + patience + ", minEvent="
                + minEventSeconds + " s, mergeGap=" + mergeGapSeconds + " s, debounce=" + debounceSeconds
                + " s, cooldown=" + cooldownSeconds + " s]";
    }

    private static long samples(double seconds, int rateHz) {
        return Math.round(seconds * rateHz);
    }

    /** One label's state: the run being built, the merged event waiting for a possible merge, the last report. */
    private final class State implements LabelDetector {
        private final String label;
        private int rateHz;
        // the run in progress (hysteresis + patience)
        private int streak;
        private long streakStart;
        private float streakPeak;
        private boolean active;
        private long runStart;
        private long runEnd;
        private float runPeak;
        // the event waiting for a merge
        private boolean pending;
        private long pendingStart;
        private long pendingEnd;
        private float pendingPeak;
        // the last reported event
        private boolean reported;
        private long lastStart;
        private long lastEnd;

        State(String label) {
            this.label = label;
        }

        @Override
        public void accept(Classification window, float score, Consumer<Event> out) {
            rateHz = window.sampleRateHz();
            if (pending && !active && window.startSample() >= pendingEnd + samples(mergeGapSeconds, rateHz)) {
                decide(out);
            }
            if (active) {
                if (score >= offThreshold) {
                    runEnd = window.endSample();
                    runPeak = Math.max(runPeak, score);
                    return;
                }
                endRun(out);
            }
            boolean mayStart = !reported || window.startSample() >= blockedUntil()
                    || (pending && window.startSample() < pendingEnd + samples(mergeGapSeconds, rateHz));
            if (score >= onThreshold && mayStart) {
                if (streak == 0) {
                    streakStart = window.startSample();
                    streakPeak = score;
                }
                streak++;
                streakPeak = Math.max(streakPeak, score);
                if (streak >= patience) {
                    active = true;
                    runStart = streakStart;
                    runEnd = window.endSample();
                    runPeak = streakPeak;
                    streak = 0;
                }
            } else {
                streak = 0;
            }
        }

        /** First sample at which a run may start after the last reported event (debounce and cooldown). */
        private long blockedUntil() {
            return Math.max(lastStart + samples(debounceSeconds, rateHz), lastEnd + samples(cooldownSeconds, rateHz));
        }

        @Override
        public void finish(Consumer<Event> out) {
            if (active) {
                endRun(out);
            }
            if (pending) {
                decide(out);
            }
            streak = 0;
        }

        /** The run ended: merge it into the pending event or make it the pending event. */
        private void endRun(Consumer<Event> out) {
            active = false;
            if (pending && runStart - pendingEnd < samples(mergeGapSeconds, rateHz)) {
                pendingEnd = runEnd;
                pendingPeak = Math.max(pendingPeak, runPeak);
            } else {
                if (pending) {
                    decide(out);
                }
                pending = true;
                pendingStart = runStart;
                pendingEnd = runEnd;
                pendingPeak = runPeak;
            }
            if (mergeGapSeconds == 0) {
                decide(out);
            }
        }

        /** The pending event can no longer grow: apply the minimum duration and report it. */
        private void decide(Consumer<Event> out) {
            pending = false;
            if (pendingEnd - pendingStart < samples(minEventSeconds, rateHz)) {
                return;
            }
            reported = true;
            lastStart = pendingStart;
            lastEnd = pendingEnd;
            out.accept(new Event(label, pendingStart, pendingEnd, rateHz, pendingPeak));
        }
    }

    /**
     * Configures {@link EventRules}; {@link #build()} checks every value and combination.
     *
     * <p>Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private float onThreshold = 0.5f;
        private float offThreshold = Float.NaN;
        private int patience = 1;
        private double minEventSeconds;
        private double mergeGapSeconds;
        private double debounceSeconds;
        private double cooldownSeconds;

        private Builder() {
        }

        /**
         * @param score score at which a run starts (default 0.5); the off threshold follows it unless set
         * @return this builder
         */
        public Builder threshold(float score) {
            this.onThreshold = score;
            return this;
        }

        /**
         * Hysteresis.
         *
         * @param onScore score at which a run starts
         * @param offScore score below which it ends, at most {@code onScore}
         * @return this builder
         */
        public Builder thresholds(float onScore, float offScore) {
            this.onThreshold = onScore;
            this.offThreshold = offScore;
            return this;
        }

        /**
         * @param windows consecutive windows at or above the on threshold before a run starts, at least 1 (default 1)
         * @return this builder
         */
        public Builder patience(int windows) {
            this.patience = windows;
            return this;
        }

        /**
         * @param seconds shortest event reported, at least 0 (default 0)
         * @return this builder
         */
        public Builder minEventSeconds(double seconds) {
            this.minEventSeconds = seconds;
            return this;
        }

        /**
         * @param seconds runs closer than this merge into one event, at least 0 (default 0: no merging)
         * @return this builder
         */
        public Builder mergeGapSeconds(double seconds) {
            this.mergeGapSeconds = seconds;
            return this;
        }

        /**
         * @param seconds after an event's start, the same label cannot report another for this long, at least 0
         *     (default 0)
         * @return this builder
         */
        public Builder debounceSeconds(double seconds) {
            this.debounceSeconds = seconds;
            return this;
        }

        /**
         * @param seconds after an event's end, the same label cannot report another for this long, at least 0
         *     (default 0)
         * @return this builder
         */
        public Builder cooldownSeconds(double seconds) {
            this.cooldownSeconds = seconds;
            return this;
        }

        /**
         * @return the rules
         * @throws IllegalArgumentException if a threshold is not a number, the off threshold exceeds the on
         *     threshold, patience is below 1, or a duration is negative or infinite
         */
        public EventRules build() {
            if (Float.isNaN(onThreshold) || Float.isInfinite(onThreshold)) {
                throw new IllegalArgumentException("onThreshold must be a finite score, got " + onThreshold);
            }
            if (!Float.isNaN(offThreshold) && !(offThreshold <= onThreshold)) {
                throw new IllegalArgumentException("offThreshold must be <= onThreshold (" + onThreshold + "), got "
                        + offThreshold);
            }
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be >= 1 windows, got " + patience);
            }
            requireSeconds("minEventSeconds", minEventSeconds);
            requireSeconds("mergeGapSeconds", mergeGapSeconds);
            requireSeconds("debounceSeconds", debounceSeconds);
            requireSeconds("cooldownSeconds", cooldownSeconds);
            return new EventRules(this);
        }

        private static void requireSeconds(String name, double seconds) {
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + seconds);
            }
        }
    }
}
