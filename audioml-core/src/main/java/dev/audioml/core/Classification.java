package dev.audioml.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The scores of one analysis window: its time span, the labels and one score per label.
 *
 * <p>Immutable and thread-safe (the scores array is copied in and out).
 *
 * @param startSample first sample of the window, at {@code sampleRateHz}
 * @param endSample one past the last sample of the window
 * @param sampleRateHz the rate the sample indices count at, in Hz
 * @param labels the labels in model order
 * @param scores one score per label, in label order
 * @since 0.1
 */
public record Classification(long startSample, long endSample, int sampleRateHz, List<String> labels, float[] scores) {

    /** One label's score, with the label's index in model order. */
    public record Score(String label, int index, float score) {
    }

    /** Validates and defensively copies. */
    public Classification {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(scores, "scores");
        if (labels.size() != scores.length) {
            throw new IllegalArgumentException("got " + scores.length + " scores for " + labels.size() + " labels");
        }
        if (endSample < startSample || startSample < 0) {
            throw new IllegalArgumentException("invalid span [" + startSample + ", " + endSample + ")");
        }
        if (sampleRateHz < 1) {
            throw new IllegalArgumentException("sampleRateHz must be >= 1, got " + sampleRateHz);
        }
        labels = List.copyOf(labels);
        scores = scores.clone();
    }

    /** @return a copy of the scores, in label order */
    @Override
    public float[] scores() {
        return scores.clone();
    }

    /**
     * @param index label index in model order
     * @return that label's score
     */
    public float score(int index) {
        return scores[index];
    }

    /**
     * @param label a label of this classification
     * @return its score
     * @throws IllegalArgumentException if the label is unknown
     */
    public float score(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("unknown label \"" + label + "\"; labels are " + labels);
        }
        return scores[i];
    }

    /** @return the highest-scoring label (the first on ties) */
    public Score top() {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return new Score(labels.get(best), best, scores[best]);
    }

    /**
     * @param k how many, at least 1; more than there are labels gives all labels
     * @return the {@code k} best labels, highest score first, ties in label order
     */
    public List<Score> topK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        List<Score> out = new ArrayList<>(Math.min(k, order.length));
        for (int i = 0; i < Math.min(k, order.length); i++) {
            int idx = order[i];
            out.add(new Score(labels.get(idx), idx, scores[idx]));
        }
        return out;
    }

    /** @return the window start in seconds */
    public double startSeconds() {
        return (double) startSample / sampleRateHz;
    }

    /** @return the window end in seconds */
    public double endSeconds() {
        return (double) endSample / sampleRateHz;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Classification c
                && startSample == c.startSample
                && endSample == c.endSample
                && sampleRateHz == c.sampleRateHz
                && labels.equals(c.labels)
                && Arrays.equals(scores, c.scores);
    }

    @Override
    public int hashCode() {
        return Objects.hash(startSample, endSample, sampleRateHz, labels) * 31 + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        Score t = top();
        return String.format(java.util.Locale.ROOT, "Classification[%.3f-%.3f s, top=%s %.3f]", startSeconds(), endSeconds(), t.label(), t.score());
    }
}
