package dev.audioml.core.post;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the classifier's per-window scores into what the user wants to see, in this fixed order:
 *
 * <ol>
 *   <li><b>labels</b>: keep only the {@linkplain Builder#allow allowed} labels, minus the {@linkplain Builder#deny
 *       denied} ones (model order is kept);
 *   <li><b>smoothing</b>: each label's score becomes the mean of its last {@code n} window scores
 *       ({@linkplain Builder#movingAverage moving average}, the mean of those available over the first windows) or
 *       {@code s = alpha * x + (1 - alpha) * s_prev} ({@linkplain Builder#exponentialSmoothing exponential}, starting
 *       at the first score);
 *   <li><b>events</b> (when {@linkplain Builder#events configured}), per label on the smoothed scores, by an
 *       {@link EventDetector}: the built-in {@link EventRules} (threshold with hysteresis, patience, gap merging,
 *       minimum duration, debounce, cooldown; see there) or a model's own segmenter. Events still open at end of
 *       stream ({@link #finish}) are closed at the end of the last window;
 *   <li><b>reporting</b>: the window's classification (smoothed scores) is reduced to its {@linkplain Builder#topK
 *       k best} labels and to those scoring at least the {@linkplain Builder#threshold threshold}; a window left
 *       with no label is not reported (its scores still counted for smoothing and events).
 * </ol>
 *
 * <p>A processor built with no option passes classifications through unchanged. Durations given in seconds are
 * converted to samples at each classification's rate, rounding to the nearest sample.
 *
 * <p>Not thread-safe: confine to one pipeline thread; it keeps per-stream state (use one per stream, or
 * {@link #reset}).
 *
 * @since 0.1
 */
public final class PostProcessor {
    private final Set<String> allow;
    private final Set<String> deny;
    private final int movingAverageWindows;
    private final double smoothingAlpha;
    private final EventDetector events;
    private final int topK;
    private final float threshold;

    private List<String> inputLabels;
    private List<String> outputLabels;
    private int[] keep;
    private float[][] history;
    private int seen;
    private float[] smoothed;
    private EventDetector.LabelDetector[] states;
    private Sink eventOut;
    private final java.util.function.Consumer<Event> toSink = e -> eventOut.onEvent(e);

    private PostProcessor(Builder b) {
        this.allow = b.allow;
        this.deny = b.deny;
        this.movingAverageWindows = b.movingAverageWindows;
        this.smoothingAlpha = b.smoothingAlpha;
        this.events = b.detector != null ? b.detector : b.eventsOn ? b.rules.build() : null;
        this.topK = b.topK;
        this.threshold = b.threshold;
    }

    /** @return a builder of a processor that, with no option set, passes classifications through */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The labels this processor reports for a classifier's labels: the allowed ones minus the denied ones, in model
     * order.
     *
     * @param labels the classifier's labels in model order
     * @return the labels classifications and events will use
     * @throws IllegalArgumentException if an allow or deny list names a label the classifier does not have
     */
    public List<String> outputLabels(List<String> labels) {
        for (Set<String> list : List.of(allow, deny)) {
            for (String name : list) {
                if (!labels.contains(name)) {
                    throw new IllegalArgumentException((list == allow ? "allow" : "deny") + " list names unknown label \""
                            + name + "\"; labels are " + labels);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String label : labels) {
            if ((allow.isEmpty() || allow.contains(label)) && !deny.contains(label)) {
                out.add(label);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Processes one window's classification: may report it (reduced and smoothed) and any events it ends to
     * {@code out}.
     *
     * @param in the classifier's result for the next window, in stream order
     * @param out receives {@link Sink#onClassification} and {@link Sink#onEvent} calls
     */
    public void accept(Classification in, Sink out) {
        if (!in.labels().equals(inputLabels)) {
            bind(in.labels());
        }
        int n = keep.length;
        float[] raw = new float[n];
        for (int i = 0; i < n; i++) {
            raw[i] = in.score(keep[i]);
        }
        smooth(raw);
        seen++;
        if (events != null) {
            eventOut = out;
            for (int i = 0; i < n; i++) {
                states[i].accept(in, smoothed[i], toSink);
            }
        }
        Classification reported = report(in);
        if (reported != null) {
            out.onClassification(reported);
        }
    }

    /**
     * Ends the stream: closes every open event at the end of the last window and reports it to {@code out}.
     *
     * @param out receives the closing events
     */
    public void finish(Sink out) {
        if (states != null) {
            eventOut = out;
            for (EventDetector.LabelDetector s : states) {
                s.finish(toSink);
            }
        }
    }

    /** Forgets smoothing history and open events, ready for a new stream. */
    public void reset() {
        inputLabels = null;
    }

    private void bind(List<String> labels) {
        outputLabels = outputLabels(labels);
        inputLabels = labels;
        keep = outputLabels.stream().mapToInt(labels::indexOf).toArray();
        history = new float[Math.max(1, movingAverageWindows)][keep.length];
        smoothed = new float[keep.length];
        seen = 0;
        states = events == null ? null : new EventDetector.LabelDetector[keep.length];
        for (int i = 0; states != null && i < keep.length; i++) {
            states[i] = events.newLabel(outputLabels.get(i));
        }
    }

    private void smooth(float[] raw) {
        if (movingAverageWindows > 0) {
            System.arraycopy(raw, 0, history[seen % movingAverageWindows], 0, raw.length);
            int count = Math.min(seen + 1, movingAverageWindows);
            for (int i = 0; i < raw.length; i++) {
                double sum = 0;
                for (int w = 0; w < count; w++) {
                    sum += history[w][i];
                }
                smoothed[i] = (float) (sum / count);
            }
        } else if (smoothingAlpha > 0 && seen > 0) {
            for (int i = 0; i < raw.length; i++) {
                smoothed[i] = (float) (smoothingAlpha * raw[i] + (1 - smoothingAlpha) * smoothed[i]);
            }
        } else {
            System.arraycopy(raw, 0, smoothed, 0, raw.length);
        }
    }

    private Classification report(Classification in) {
        int n = smoothed.length;
        boolean[] chosen = new boolean[n];
        int count = 0;
        float kthBest = topK >= n ? Float.NEGATIVE_INFINITY : kthLargest(topK);
        int tiesLeft = topK;
        for (int i = 0; i < n; i++) {
            if (smoothed[i] > kthBest) {
                tiesLeft--;
            }
        }
        for (int i = 0; i < n; i++) {
            float s = smoothed[i];
            boolean inTopK = s > kthBest || (s == kthBest && tiesLeft-- > 0);
            if (inTopK && s >= threshold) {
                chosen[i] = true;
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        if (count == n) {
            return new Classification(in.startSample(), in.endSample(), in.sampleRateHz(), outputLabels, smoothed);
        }
        List<String> labels = new ArrayList<>(count);
        float[] scores = new float[count];
        for (int i = 0, j = 0; i < n; i++) {
            if (chosen[i]) {
                labels.add(outputLabels.get(i));
                scores[j++] = smoothed[i];
            }
        }
        return new Classification(in.startSample(), in.endSample(), in.sampleRateHz(), labels, scores);
    }

    /** The k-th largest smoothed score, ties counted (in {@link Arrays#sort(float[])} order: NaN counts as largest). */
    private float kthLargest(int k) {
        float[] sorted = smoothed.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - k];
    }

    /**
     * Configures a {@link PostProcessor}. {@link #build()} checks every value and combination.
     *
     * <p>Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Set<String> allow = new LinkedHashSet<>();
        private final Set<String> deny = new LinkedHashSet<>();
        private int movingAverageWindows;
        private double smoothingAlpha;
        private final EventRules.Builder rules = EventRules.builder();
        private boolean eventsOn;
        private boolean rulesTouched;
        private EventDetector detector;
        private int topK = Integer.MAX_VALUE;
        private float threshold = Float.NEGATIVE_INFINITY;

        private Builder() {
        }

        /**
         * @param labels labels to keep (all others are dropped); by default all are kept
         * @return this builder
         */
        public Builder allow(String... labels) {
            allow.addAll(Arrays.asList(labels));
            return this;
        }

        /**
         * @param labels labels to drop
         * @return this builder
         */
        public Builder deny(String... labels) {
            deny.addAll(Arrays.asList(labels));
            return this;
        }

        /**
         * @param windows number of windows to average each label's score over, at least 1 (1 = no smoothing)
         * @return this builder
         */
        public Builder movingAverage(int windows) {
            if (windows < 1) {
                throw new IllegalArgumentException("movingAverage windows must be >= 1, got " + windows);
            }
            this.movingAverageWindows = windows;
            return this;
        }

        /**
         * @param alpha weight of the newest score, in (0, 1] (1 = no smoothing)
         * @return this builder
         */
        public Builder exponentialSmoothing(double alpha) {
            if (!(alpha > 0 && alpha <= 1)) {
                throw new IllegalArgumentException("exponentialSmoothing alpha must be in (0, 1], got " + alpha);
            }
            this.smoothingAlpha = alpha;
            return this;
        }

        /**
         * Detects events with hysteresis ({@link EventRules}; the other rules can be set with the methods below).
         *
         * @param onThreshold score at which an event starts
         * @param offThreshold score below which it ends, at most {@code onThreshold}
         * @return this builder
         */
        public Builder events(float onThreshold, float offThreshold) {
            if (!(offThreshold <= onThreshold)) {
                throw new IllegalArgumentException("events offThreshold must be <= onThreshold (" + onThreshold
                        + "), got " + offThreshold);
            }
            rules.thresholds(onThreshold, offThreshold);
            eventsOn = true;
            return this;
        }

        /**
         * Detects events with the given rules (e.g. a preset's defaults, changed with {@link EventRules#toBuilder}),
         * or with a model's own segmenter.
         *
         * @param detector the events step
         * @return this builder
         * @since 0.1
         */
        public Builder events(EventDetector detector) {
            this.detector = java.util.Objects.requireNonNull(detector, "detector");
            return this;
        }

        /**
         * @param seconds shortest event reported, at least 0 (default 0); see {@link EventRules}
         * @return this builder
         */
        public Builder minEventSeconds(double seconds) {
            rulesOption("minEventSeconds", seconds).minEventSeconds(seconds);
            return this;
        }

        /**
         * @param seconds time after an event's end before the same label can start a new one, at least 0 (default 0)
         * @return this builder
         */
        public Builder cooldownSeconds(double seconds) {
            rulesOption("cooldownSeconds", seconds).cooldownSeconds(seconds);
            return this;
        }

        /**
         * @param seconds time after an event's start before the same label can start a new one, at least 0 (default
         *     0); openWakeWord's {@code debounce_time}
         * @return this builder
         * @since 0.1
         */
        public Builder debounceSeconds(double seconds) {
            rulesOption("debounceSeconds", seconds).debounceSeconds(seconds);
            return this;
        }

        /**
         * @param seconds events of one label closer than this merge into one, at least 0 (default 0)
         * @return this builder
         * @since 0.1
         */
        public Builder mergeGapSeconds(double seconds) {
            rulesOption("mergeGapSeconds", seconds).mergeGapSeconds(seconds);
            return this;
        }

        /**
         * @param windows consecutive windows at or above the on threshold before an event starts, at least 1
         *     (default 1); openWakeWord's {@code patience}
         * @return this builder
         * @since 0.1
         */
        public Builder patience(int windows) {
            if (windows < 1) {
                throw new IllegalArgumentException("patience must be >= 1 windows, got " + windows);
            }
            rulesTouched = true;
            rules.patience(windows);
            return this;
        }

        private EventRules.Builder rulesOption(String name, double seconds) {
            requireNonNegative(name, seconds);
            rulesTouched = true;
            return rules;
        }

        /**
         * @param k report only the {@code k} best labels of each window, at least 1 (default all)
         * @return this builder
         */
        public Builder topK(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("topK must be >= 1, got " + k);
            }
            this.topK = k;
            return this;
        }

        /**
         * @param minScore report only labels scoring at least this (default: all scores)
         * @return this builder
         */
        public Builder threshold(float minScore) {
            if (Float.isNaN(minScore)) {
                throw new IllegalArgumentException("threshold must be a number, got NaN");
            }
            this.threshold = minScore;
            return this;
        }

        /**
         * @return the processor
         * @throws IllegalArgumentException if a label is both allowed and denied, both smoothings are set, or event
         *     durations are set without {@link #events}
         */
        public PostProcessor build() {
            for (String label : allow) {
                if (deny.contains(label)) {
                    throw new IllegalArgumentException("label \"" + label + "\" is both allowed and denied");
                }
            }
            if (movingAverageWindows > 0 && smoothingAlpha > 0) {
                throw new IllegalArgumentException("choose one of movingAverage(" + movingAverageWindows
                        + ") and exponentialSmoothing(" + smoothingAlpha + ")");
            }
            if (rulesTouched && !eventsOn && detector == null) {
                throw new IllegalArgumentException("minEventSeconds/cooldownSeconds/debounceSeconds/mergeGapSeconds/patience"
                        + " need events(onThreshold, offThreshold)");
            }
            if (detector != null && (eventsOn || rulesTouched)) {
                throw new IllegalArgumentException("events(detector) replaces the built-in event rules; set them on "
                        + "the EventRules instead");
            }
            return new PostProcessor(this);
        }

        private static double requireNonNegative(String name, double seconds) {
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + seconds);
            }
            return seconds;
        }
    }

    @Override
    public String toString() {
        return "PostProcessor[allow=" + allow + ", deny=" + deny + ", movingAverage=" + movingAverageWindows
                + ", alpha=" + smoothingAlpha + ", events=" + (events == null ? "off" : events)
                + ", topK=" + (topK == Integer.MAX_VALUE ? "all" : topK) + ", threshold=" + threshold + "]";
    }
}
