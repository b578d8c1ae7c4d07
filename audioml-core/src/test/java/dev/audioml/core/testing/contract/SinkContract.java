package dev.audioml.core.testing.contract;

import static org.assertj.core.api.Assertions.assertThatCode;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Sink} promises: it takes results and events in order after {@link Sink#open}, it can be opened
 * and closed with no results in between (an empty run), labels of any count work, and {@link Sink#close()} is
 * idempotent. Extend it and check what was delivered in {@link #assertDelivered}.
 */
public abstract class SinkContract {
    /** Labels used by the contract: one plain, one with characters that need escaping in CSV/JSON/OSC. */
    protected static final List<String> LABELS = List.of("speech", "dog, \"bark\"");

    /**
     * @return a new sink; the test owns and closes it
     * @throws Exception if it cannot be created (e.g. a socket)
     */
    protected abstract Sink newSink() throws Exception;

    /**
     * Checks what the sink delivered after {@link #newSink()}: the results below, in order, or nothing.
     *
     * @param results how many classifications (each followed by nothing) were delivered before close
     * @param events how many events were delivered
     * @throws Exception if reading the delivered output fails
     */
    protected abstract void assertDelivered(int results, int events) throws Exception;

    @Test
    void deliversResultsAndEventsThenClosesTwice() throws Exception {
        Sink sink = newSink();
        sink.open(LABELS);
        for (int i = 0; i < 3; i++) {
            sink.onClassification(new Classification(i * 8_000L, (i + 2) * 8_000L, 16_000, LABELS,
                    new float[] {0.25f * i, 1 - 0.25f * i}));
        }
        sink.onEvent(new Event("speech", 8_000, 24_000, 16_000, 0.5f));
        sink.close();
        assertThatCode(sink::close).doesNotThrowAnyException();
        assertDelivered(3, 1);
    }

    @Test
    void anEmptyRunOpensAndClosesCleanly() throws Exception {
        Sink sink = newSink();
        sink.open(LABELS);
        sink.close();
        sink.close();
        assertDelivered(0, 0);
    }

    @Test
    void closingAnUnopenedSinkIsFine() throws Exception {
        Sink sink = newSink();
        assertThatCode(() -> {
            sink.close();
            sink.close();
        }).doesNotThrowAnyException();
    }
}
