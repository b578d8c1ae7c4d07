package dev.audioml.sinks.osc;

import static org.assertj.core.api.Assertions.assertThat;

import com.illposed.osc.OSCMessage;
import dev.audioml.core.Sink;
import dev.audioml.core.testing.contract.SinkContract;
import dev.audioml.sinks.testing.OscReceiver;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The OSC sink keeps the sink contract, checked on a real UDP receiver: labels, then top + scores per window, events. */
class OscSinkContractTest extends SinkContract {
    private final OscReceiver rx = new OscReceiver();

    @Override
    protected Sink newSink() {
        return OscSink.builder().target(rx.address()).mode(OscMode.NATIVE).prefix("/ml").build();
    }

    @Override
    protected void assertDelivered(int results, int events) throws Exception {
        int expected = 1 + 2 * results + events; // /ml/labels at open
        List<OSCMessage> got = rx.next(expected);
        assertThat(got.get(0).getAddress()).isEqualTo("/ml/labels");
        assertThat(got.get(0).getArguments()).containsExactlyElementsOf(LABELS);
        assertThat(got.stream().filter(m -> m.getAddress().equals("/ml/scores")).count()).isEqualTo(results);
        assertThat(got.stream().filter(m -> m.getAddress().equals("/ml/event")).count()).isEqualTo(events);
        assertThat(rx.drain(200)).as("nothing after close").isEmpty();
    }

    @AfterEach
    void closeReceiver() throws Exception {
        rx.close();
    }
}
