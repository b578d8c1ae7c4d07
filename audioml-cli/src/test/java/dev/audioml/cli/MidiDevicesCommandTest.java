package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.sinks.midi.MidiSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code audioml devices --midi} through {@link Main#run}. */
class MidiDevicesCommandTest {

    @Test
    void listsTheMidiOutputsThatMidiAccepts() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"devices", "--midi"}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isZero();
        assertThat(err.toString()).isEmpty();
        List<String> names = MidiSink.outputDevices().stream().map(i -> i.getName()).toList();
        List<String> lines = out.toString().replace("\r", "").lines().toList();
        if (names.isEmpty()) {
            assertThat(lines).containsExactly("No MIDI output devices found.");
        } else {
            assertThat(lines).hasSize(names.size());
            for (int i = 0; i < names.size(); i++) {
                assertThat(lines.get(i)).startsWith(names.get(i) + " (");
            }
            assertThat(lines).noneMatch(l -> l.startsWith("Real Time Sequencer")); // a sequencer is not an output
        }
    }
}
