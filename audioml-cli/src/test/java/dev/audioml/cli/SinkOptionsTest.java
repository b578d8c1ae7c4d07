package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.illposed.osc.OSCMessage;
import dev.audioml.capture.file.WavWriter;
import dev.audioml.core.testing.Signals;
import dev.audioml.onnx.testing.ToneModels;
import dev.audioml.sinks.testing.OscReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --osc}, {@code --wekinator}, {@code --midi-out}, {@code --jsonl} on classify and live, to real receivers. */
class SinkOptionsTest {
    private static final int RATE_HZ = ToneModels.SAMPLE_RATE_HZ;
    /** 0.1 s windows over 1 s of 300 Hz then 1 s of 3 kHz. */
    private static final int WINDOWS = 20;
    private static final int TICKS_PER_SECOND = 960;

    @TempDir
    static Path dir;
    static Path model;
    static Path audio;
    static Path mapping;

    @BeforeAll
    static void files() throws Exception {
        model = dir.resolve("lowhigh.onnx");
        ToneModels.lowHigh().write(model);
        audio = dir.resolve("low-high.wav");
        try (WavWriter w = WavWriter.create(audio, RATE_HZ, 1, WavWriter.SampleFormat.PCM_16)) {
            w.write(Signals.sine(300, RATE_HZ, RATE_HZ, 0.5), 0, RATE_HZ);
            w.write(Signals.sine(3000, RATE_HZ, RATE_HZ, 0.5), 0, RATE_HZ);
        }
        mapping = Files.writeString(dir.resolve("map.json"), "{\"high\": {\"note\": 72, \"velocity\": 100}}");
    }

    private static String target(OscReceiver rx) {
        return rx.address().getHostString() + ":" + rx.address().getPort();
    }

    @Test
    void unusableTargetsAndOutputsAreOneLineErrorsWithTheirReason() {
        CliRun host = CliRun.of("classify", "--model", model.toString(), "--osc", "nosuchhost.invalid:9000",
                audio.toString());
        assertThat(host.code()).isEqualTo(2);
        assertThat(host.err().strip()).isEqualTo("audioml classify: --osc: host \"nosuchhost.invalid\" in "
                + "\"nosuchhost.invalid:9000\" cannot be resolved (no such host name, or no name service); give an IP "
                + "address or a name this machine resolves");
        CliRun out = CliRun.of("features", audio.toString(), "--spec", "{\"feature\": \"melspectrogram\"}", "--out",
                audio.resolve("x.npy").toString());
        assertThat(out.code()).isEqualTo(1);
        assertThat(out.err()).contains(audio + ": is a file, where a folder is needed").doesNotContain("Exception");
    }

    @Test
    void classifySendsTheWorkshopMessagePerWindow() throws Exception {
        try (OscReceiver rx = new OscReceiver()) {
            var r = ClassifyCommandTest.run("classify", "--model", model.toString(), "--osc", target(rx), "--osc-mode",
                    "workshop", audio.toString());
            assertThat(r.code()).as(r.err()).isZero();
            List<OSCMessage> got = rx.next(WINDOWS);
            assertThat(got).allSatisfy(m -> assertThat(m.getArguments().get(2)).isEqualTo("['low', 'high']"));
            assertThat(got.get(0).getArguments().get(0)).isEqualTo("[0, 1]");
            assertThat(got.get(WINDOWS - 1).getArguments().get(0)).isEqualTo("[1, 0]");
            assertThat(rx.drain(200)).isEmpty();
        }
    }

    @Test
    void liveCombinesNativeOscWekinatorMidiFileAndJsonl() throws Exception {
        Path mid = dir.resolve("timeline.mid");
        Path jsonl = dir.resolve("live.jsonl");
        try (OscReceiver osc = new OscReceiver(); OscReceiver wek = new OscReceiver()) {
            var r = ClassifyCommandTest.run("live", "--model", model.toString(), "--source", audio.toString(),
                    "--events", "--osc", target(osc), "--osc-mode", "native", "--wekinator", target(wek),
                    "--midi-out", mid.toString(), "--midi-map", mapping.toString(), "--jsonl", jsonl.toString());
            assertThat(r.code()).as(r.err()).isZero();
            List<OSCMessage> all = osc.next(1 + 3 * WINDOWS + 2); // labels, 3 per window, 2 events
            List<OSCMessage> got = all.stream().filter(m -> !m.getAddress().equals("/audioml/event")).toList();
            assertThat(got.get(0).getAddress()).isEqualTo("/audioml/labels");
            assertThat(got.get(0).getArguments()).containsExactly("low", "high");
            assertThat(got.subList(1, 4)).extracting(OSCMessage::getAddress)
                    .containsExactly("/audioml/top", "/audioml/scores", "/audioml/level");
            float levelDb = (Float) got.get(3).getArguments().get(0);
            assertThat(levelDb).isBetween(-9.2f, -8.8f); // a 0.5-amplitude sine: -9.03 dBFS
            assertThat(osc.drain(300)).isEmpty();
            assertThat(all).filteredOn(m -> m.getAddress().equals("/audioml/event"))
                    .extracting(m -> m.getArguments().get(0)).containsExactlyInAnyOrder("low", "high");
            OSCMessage features = wek.next();
            assertThat(features.getAddress()).isEqualTo("/wek/inputs");
            assertThat(features.getArguments()).hasSize(ToneModels.WINDOW_SAMPLES); // the raw window is the feature row
            assertThat(Files.readAllLines(jsonl)).hasSize(WINDOWS + 2); // windows and the two event lines
        }
        List<long[]> notes = new ArrayList<>();
        for (Track t : MidiSystem.getSequence(mid.toFile()).getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof ShortMessage m && m.getCommand() != ShortMessage.CONTROL_CHANGE) {
                    notes.add(new long[] {e.getTick(), m.getCommand(), m.getData1()});
                }
            }
        }
        assertThat(notes).hasSize(2);
        assertThat(notes.get(0)).containsExactly(TICKS_PER_SECOND, ShortMessage.NOTE_ON, 72);
        assertThat(notes.get(1)).containsExactly(2 * TICKS_PER_SECOND, ShortMessage.NOTE_OFF, 72);
    }

    @Test
    void midiOutWithoutAMapPlaysOneNotePerLabelFromMiddleC() throws Exception {
        Path mid = dir.resolve("default-map.mid");
        var r = ClassifyCommandTest.run("classify", "--model", model.toString(), "--midi-out", mid.toString(), audio.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<int[]> notes = new ArrayList<>();
        for (Track t : MidiSystem.getSequence(mid.toFile()).getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON) {
                    notes.add(new int[] {m.getData1(), m.getData2()});
                }
            }
        }
        // labels [low, high]: low is note 60 (middle C) during the first second, high note 61 during the second
        assertThat(notes).extracting(n -> n[0]).containsExactly(60, 61);
        assertThat(notes).allSatisfy(n -> assertThat(n[1]).as("velocity from a score near 1").isGreaterThan(120));
    }

    @Test
    void wekinatorCanSendTheScoresInstead() throws Exception {
        try (OscReceiver wek = new OscReceiver()) {
            var r = ClassifyCommandTest.run("classify", "--model", model.toString(), "--wekinator", target(wek),
                    "--wekinator-input", "scores", audio.toString());
            assertThat(r.code()).as(r.err()).isZero();
            List<OSCMessage> got = wek.next(WINDOWS);
            assertThat(got).allSatisfy(m -> assertThat(OscReceiver.typeTags(m)).isEqualTo("ff"));
            assertThat((Float) got.get(0).getArguments().get(0)).isGreaterThan(0.99f); // low
            assertThat((Float) got.get(WINDOWS - 1).getArguments().get(1)).isGreaterThan(0.99f); // high
        }
    }

    @Test
    void badCombinationsAreUsageErrorsNamingTheOption() throws Exception {
        Path badMap = Files.writeString(dir.resolve("bad.json"), "{\"dog\": {\"note\": 60}}");
        String[][] cases = {
            {"--osc", "127.0.0.1:99999"},
            {"--osc", "127.0.0.1:12000", "--osc-mode", "loud"},
            {"--midi-map", mapping.toString()},
            {"--midi-out", dir.resolve("x.mid").toString(), "--midi", "Gervill", "--midi-map", mapping.toString()},
            {"--midi-out", dir.resolve("x.mid").toString(), "--midi-map", badMap.toString()},
            {"--web", "--port", "70000"},
            {"--wekinator", "--wekinator-input", "mfcc"},
        };
        String[] expected = {"port in \"127.0.0.1:99999\"", "--osc-mode must be workshop or native, got loud",
            "--midi-map needs --midi DEVICE or --midi-out FILE", "--midi and --midi-out are exclusive",
            "MIDI mapping names label \"dog\"; the model's labels are [low, high]", "--port must be in [0, 65535], got 70000",
            "--wekinator-input must be features or scores, got mfcc"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("classify", "--model", model.toString()));
            args.addAll(List.of(cases[i]));
            args.add(audio.toString());
            var r = ClassifyCommandTest.run(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err().trim()).as(r.err()).contains(expected[i]).doesNotContain("\n");
        }
    }
}
