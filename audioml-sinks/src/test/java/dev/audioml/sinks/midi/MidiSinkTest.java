package dev.audioml.sinks.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.Classification;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.core.source.Sources;
import dev.audioml.core.testing.Signals;
import dev.audioml.core.testing.ToneNoiseClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MidiSinkTest {
    private static final int RATE_HZ = 16_000;
    private static final int TICKS_PER_SECOND = 960;
    private static final String MAPPING = """
            {
              "tone":    {"note": 60, "channel": 1, "velocity": "score", "on": 0.5, "off": 0.4},
              "noise":   {"note": 64, "channel": 10, "velocity": 100},
              "silence": {"cc": 7, "channel": 2, "smoothing": 1.0}
            }
            """;

    record Msg(long tick, int command, int channel, int data1, int data2) {
    }

    private static List<Msg> readBack(Path file) throws Exception {
        Sequence seq = MidiSystem.getSequence(file.toFile());
        assertThat(seq.getDivisionType()).isEqualTo(Sequence.PPQ);
        assertThat(seq.getResolution()).isEqualTo(MidiSink.TICKS_PER_QUARTER);
        assertThat(MidiSystem.getMidiFileFormat(file.toFile()).getType()).isEqualTo(1);
        List<Msg> out = new ArrayList<>();
        for (Track t : seq.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof ShortMessage m) {
                    int command = m.getCommand() == ShortMessage.NOTE_ON && m.getData2() == 0 ? ShortMessage.NOTE_OFF : m.getCommand();
                    out.add(new Msg(e.getTick(), command, m.getChannel(), m.getData1(), m.getData2()));
                }
            }
        }
        return out;
    }

    @Test
    void fileHasNotesAndControlChangesAtTheirTrueTimes(@TempDir Path dir) throws Exception {
        // 1 s silence, 1 s of 440 Hz, 1 s of noise, 0.5 s silence; 0.25 s windows on a 0.25 s grid
        float[] audio = new float[(int) (3.5 * RATE_HZ)];
        System.arraycopy(Signals.sine(440, RATE_HZ, RATE_HZ, 0.3), 0, audio, RATE_HZ, RATE_HZ);
        System.arraycopy(Signals.noise(RATE_HZ, 0.3, 7), 0, audio, 2 * RATE_HZ, RATE_HZ);
        Path mid = dir.resolve("timeline.mid");
        List<Classification> windows = new ArrayList<>();
        try (Pipeline p = Pipeline.builder().source(Sources.fromArray(audio, RATE_HZ)).window(RATE_HZ / 4, RATE_HZ / 4)
                .features(new IdentityExtractor(RATE_HZ)).classifier(new ToneNoiseClassifier())
                .sink(new CallbackSink(windows::add))
                .sink(MidiSink.toFile(MidiMapping.parse(MAPPING, "test"), mid)).build()) {
            p.run();
        }
        List<Msg> msgs = readBack(mid);
        List<Msg> notes = msgs.stream().filter(m -> m.command() != ShortMessage.CONTROL_CHANGE).toList();
        float toneOnsetScore = windows.get(4).score("tone"); // window [1.0, 1.25) s
        int expectedVelocity = Math.round(1 + 126 * toneOnsetScore);
        assertThat(notes).containsExactly(
                new Msg(1 * TICKS_PER_SECOND, ShortMessage.NOTE_ON, 0, 60, expectedVelocity),
                new Msg(2 * TICKS_PER_SECOND, ShortMessage.NOTE_OFF, 0, 60, 0),
                new Msg(2 * TICKS_PER_SECOND, ShortMessage.NOTE_ON, 9, 64, 100),
                new Msg(3 * TICKS_PER_SECOND, ShortMessage.NOTE_OFF, 9, 64, 0));
        assertThat(expectedVelocity).isGreaterThan(100);

        // CC 7 on channel 2 follows the silence score (smoothing 1 = unsmoothed): one message per change
        List<Msg> cc = msgs.stream().filter(m -> m.command() == ShortMessage.CONTROL_CHANGE).toList();
        assertThat(cc).allSatisfy(m -> assertThat(m.channel()).isEqualTo(1)).allSatisfy(m -> assertThat(m.data1()).isEqualTo(7));
        assertThat(cc.get(0)).isEqualTo(new Msg(0, ShortMessage.CONTROL_CHANGE, 1, 7, 127));
        assertThat(cc).contains(new Msg(3 * TICKS_PER_SECOND, ShortMessage.CONTROL_CHANGE, 1, 7, 127));
        assertThat(cc).anySatisfy(m -> {
            assertThat(m.tick()).isEqualTo(TICKS_PER_SECOND);
            assertThat(m.data2()).isEqualTo(Math.round(127 * windows.get(4).score("silence")));
        });
        for (int i = 1; i < cc.size(); i++) {
            assertThat(cc.get(i).data2()).isNotEqualTo(cc.get(i - 1).data2());
        }
    }

    @Test
    void aNoteStillSoundingAtCloseEndsAtItsLastWindow(@TempDir Path dir) throws Exception {
        Path mid = dir.resolve("open.mid");
        List<String> labels = List.of("tone", "noise", "silence");
        try (MidiSink sink = MidiSink.toFile(MidiMapping.parse("{\"tone\": {\"note\": 48, \"velocity\": 90}}", "t"), mid)) {
            sink.open(labels);
            sink.onClassification(new Classification(8_000, 16_000, RATE_HZ, labels, new float[] {0.9f, 0f, 0.1f}));
            sink.onClassification(new Classification(16_000, 24_000, RATE_HZ, labels, new float[] {0.45f, 0f, 0.1f}));
        }
        assertThat(readBack(mid)).containsExactly(
                new Msg(480, ShortMessage.NOTE_ON, 0, 48, 90),
                new Msg(1440, ShortMessage.NOTE_OFF, 0, 48, 0));
    }

    @Test
    void defaultMappingPlaysOneNotePerLabelFromMiddleCWithVelocityFromTheScore() {
        MidiMapping m = MidiMapping.defaultFor(List.of("tone", "noise", "silence"));
        assertThat(m.entries()).extracting(MidiMapping.Entry::label, MidiMapping.Entry::note, MidiMapping.Entry::velocity,
                MidiMapping.Entry::channel).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("tone", 60, MidiMapping.VELOCITY_FROM_SCORE, 0),
                        org.assertj.core.groups.Tuple.tuple("noise", 61, MidiMapping.VELOCITY_FROM_SCORE, 0),
                        org.assertj.core.groups.Tuple.tuple("silence", 62, MidiMapping.VELOCITY_FROM_SCORE, 0));
        assertThat(m.entries()).allSatisfy(e -> assertThat(e.onThreshold()).isEqualTo(0.5f));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 69; i++) {
            tooMany.add("l" + i);
        }
        assertThatThrownBy(() -> MidiMapping.defaultFor(tooMany)).hasMessageContaining("at most 68 labels, got 69");
    }

    @Test
    void notesCanFollowThePipelinesEvents(@TempDir Path dir) throws Exception {
        Path mid = dir.resolve("events.mid");
        MidiMapping m = MidiMapping.parse("{\"tone\": {\"note\": 64}}", "m");
        List<String> labels = List.of("tone");
        try (MidiSink sink = MidiSink.toFile(m, mid, MidiSink.Notes.EVENTS)) {
            sink.open(labels);
            // scores alone play nothing in EVENTS mode
            sink.onClassification(new Classification(0, RATE_HZ, RATE_HZ, labels, new float[] {1f}));
            sink.onEvent(new dev.audioml.core.Event("tone", RATE_HZ / 2, 2 * RATE_HZ, RATE_HZ, 0.5f));
        }
        List<long[]> notes = new ArrayList<>();
        for (Track t : MidiSystem.getSequence(mid.toFile()).getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).getMessage() instanceof ShortMessage sm) {
                    notes.add(new long[] {t.get(i).getTick(), sm.getCommand(), sm.getData1(), sm.getData2()});
                }
            }
        }
        // 960 ticks per second; velocity round(1 + 126 * 0.5) = 64
        assertThat(notes).containsExactly(new long[] {480, ShortMessage.NOTE_ON, 64, 64},
                new long[] {1920, ShortMessage.NOTE_OFF, 64, 0});
    }

    @Test
    void mappingErrorsNameTheLabelAndKey() {
        assertThatThrownBy(() -> MidiMapping.parse("{\"dog\": {\"note\": 128}}", "map.json"))
                .hasMessage("map.json: \"dog\": \"note\" must be an integer in [0, 127], got 128");
        assertThatThrownBy(() -> MidiMapping.parse("{\"dog\": {\"note\": 60, \"vel\": 3}}", "map.json"))
                .hasMessageContaining("\"dog\": unknown key \"vel\"");
        assertThatThrownBy(() -> MidiMapping.parse("{\"dog\": {\"note\": 60, \"cc\": 3}}", "map.json"))
                .hasMessageContaining("exactly one of \"note\" or \"cc\"");
        assertThatThrownBy(() -> MidiMapping.parse("{\"dog\": {\"cc\": 1, \"channel\": 17}}", "map.json"))
                .hasMessageContaining("\"channel\" must be an integer in [1, 16], got 17");
        assertThatThrownBy(() -> MidiMapping.parse("{\"dog\": {\"note\": 1, \"on\": 0.3, \"off\": 0.5}}", "m"))
                .hasMessageContaining("on=0.3, off=0.5");
        assertThatThrownBy(() -> MidiMapping.parse("[1", "m")).hasMessageStartingWith("m: not valid JSON");
        MidiMapping ok = MidiMapping.parse("{\"dog\": {\"note\": 60}}", "m");
        assertThatThrownBy(() -> ok.requireLabels(List.of("cat")))
                .hasMessage("MIDI mapping names label \"dog\"; the model's labels are [cat]");
    }

    @Test
    void anUnknownDeviceIsNamedWithTheAvailableOnes() {
        List<String> names = MidiSink.outputDevices().stream().map(i -> i.getName()).toList();
        assertThatThrownBy(() -> MidiSink.toDevice(MidiMapping.parse("{\"dog\": {\"note\": 60}}", "m"), "no such synth 42"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no MIDI output devices match \"no such synth 42\"; available: " + names);
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseThrows(@TempDir Path dir) {
        MidiSink sink = MidiSink.toFile(MidiMapping.parse("{\"tone\": {\"note\": 60}}", "m"), dir.resolve("x.mid"));
        sink.close();
        sink.close();
        assertThat(dir.resolve("x.mid")).exists();
        assertThatThrownBy(() -> sink.onClassification(new Classification(0, 1, 1, List.of("tone"), new float[] {1})))
                .hasMessage("MidiSink is closed");
    }
}
