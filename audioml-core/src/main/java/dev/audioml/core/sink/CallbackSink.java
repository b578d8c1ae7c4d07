package dev.audioml.core.sink;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands each classification (and event) to user code. The callbacks run on the pipeline's processing thread and must
 * return quickly; they must not keep the classification's arrays beyond the call (classifications themselves are
 * immutable and may be kept).
 *
 * <p>Thread-safety is the callbacks'; the sink adds none.
 *
 * @since 0.1
 */
public final class CallbackSink implements Sink {
    private final Consumer<? super Classification> onClassification;
    private final Consumer<? super Event> onEvent;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param onClassification called once per reported window */
    public CallbackSink(Consumer<? super Classification> onClassification) {
        this(onClassification, e -> { });
    }

    /**
     * @param onClassification called once per reported window
     * @param onEvent called once per completed event
     */
    public CallbackSink(Consumer<? super Classification> onClassification, Consumer<? super Event> onEvent) {
        this.onClassification = Objects.requireNonNull(onClassification, "onClassification");
        this.onEvent = Objects.requireNonNull(onEvent, "onEvent");
    }

    @Override
    public void onClassification(Classification classification) {
        ensureOpen();
        onClassification.accept(classification);
    }

    @Override
    public void onEvent(Event event) {
        ensureOpen();
        onEvent.accept(event);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("CallbackSink is closed");
        }
    }

    /** Marks the sink closed; later calls throw. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
    }
}
