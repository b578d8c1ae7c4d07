package dev.audioml.cli;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import java.util.List;

/** Prefixes every label with {@code <model>:} so results of several models can share one output. */
final class PrefixedSink implements Sink {
    private final String prefix;
    private final Sink delegate;

    PrefixedSink(String model, Sink delegate) {
        this.prefix = model + ":";
        this.delegate = delegate;
    }

    @Override
    public void open(List<String> labels) {
        delegate.open(prefixed(labels));
    }

    @Override
    public void onClassification(Classification c) {
        delegate.onClassification(new Classification(c.startSample(), c.endSample(), c.sampleRateHz(), prefixed(c.labels()), c.scores()));
    }

    @Override
    public void onEvent(Event e) {
        delegate.onEvent(new Event(prefix + e.label(), e.startSample(), e.endSample(), e.sampleRateHz(), e.peakScore()));
    }

    @Override
    public void close() {
        delegate.close();
    }

    private List<String> prefixed(List<String> labels) {
        return labels.stream().map(l -> prefix + l).toList();
    }
}
