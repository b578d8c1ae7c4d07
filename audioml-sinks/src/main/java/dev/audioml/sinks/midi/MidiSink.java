package dev.audioml.sinks.midi;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import dev.audioml.sinks.internal.DeliveryQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Plays labels as MIDI, following a {@link MidiMapping}: notes gated on the window scores and control changes
 * following smoothed scores, either live to a MIDI output device or into a Standard MIDI File.
 *
 * <p><b>File</b> ({@link #toFile}): type-1 SMF, 480 ticks per quarter note at 120 bpm (960 ticks per second), each
 * message at its true time in the audio: note-on at the start of the onset window, note-off at the end of the last
 * window holding the note, a CC at the start of its window. Written on {@link #close()}.
 *
 * <p><b>Device</b> ({@link #toDevice}): messages are sent as the windows arrive (a note-off when the first window
 * below {@code off} arrives), from a sender thread over a bounded queue so the processing thread never waits on the
 * device; drops and failures are counted.
 *
 * <p>With {@link Notes#EVENTS} the notes follow the pipeline's events instead (the same rules as the console, OSC
 * and JSON Lines: patience, debounce, ...).
 *
 * <p>Notes still sounding at {@link #close()} are ended there. Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class MidiSink implements Sink {

    /** Ticks per quarter note in written files. */
    public static final int TICKS_PER_QUARTER = 480;
    /** Tempo of written files: 120 bpm, so 960 ticks per second. */
    public static final int MICROSECONDS_PER_QUARTER = 500_000;
    private static final double TICKS_PER_SECOND = TICKS_PER_QUARTER * 1e6 / MICROSECONDS_PER_QUARTER;
    private static final int DEVICE_QUEUE_CAPACITY = 1024;

    /** Where messages go. */
    private interface Output extends AutoCloseable {
        void emit(ShortMessage message, long sample, int sampleRateHz);

        @Override
        void close();
    }

    private final MidiMapping mapping;
    private final Output output;
    private final boolean notesFromEvents;
    private final LabelState[] states;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int sampleRateHz = 1;

    private static final class LabelState {
        boolean sounding;
        long holdEndSample;
        long lastOffSample;
        float smoothed = Float.NaN;
        int lastCc = -1;
    }

    /**
     * What drives the notes of a note mapping.
     *
     * @since 0.1
     */
    public enum Notes {
        /** The window scores against the mapping's {@code on}/{@code off} thresholds (the default). */
        SCORES,
        /**
         * The pipeline's events (its post-processor's rules: threshold, patience, debounce, ...): note-on at an event's
         * start with velocity from its peak score, note-off at its end. The mapping's thresholds are not used. A device
         * gets both when the event is reported (after it ends); a file has them at their true times.
         */
        EVENTS
    }

    private MidiSink(MidiMapping mapping, Output output, Notes notes) {
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.output = output;
        this.notesFromEvents = Objects.requireNonNull(notes, "notes") == Notes.EVENTS;
        this.states = new LabelState[mapping.entries().size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new LabelState();
        }
    }

    /**
     * @param mapping labels to notes/CCs
     * @param file the {@code .mid} file, written on close
     * @return a sink writing a Standard MIDI File
     */
    public static MidiSink toFile(MidiMapping mapping, Path file) {
        return toFile(mapping, file, Notes.SCORES);
    }

    /**
     * @param mapping labels to notes/CCs
     * @param file the {@code .mid} file, written on close
     * @param notes what drives the notes
     * @return a sink writing a Standard MIDI File
     * @since 0.1
     */
    public static MidiSink toFile(MidiMapping mapping, Path file, Notes notes) {
        return new MidiSink(mapping, new FileOutput(file), notes);
    }

    /**
     * @param mapping labels to notes/CCs
     * @param deviceName a MIDI output device's name (exact, or a unique case-insensitive part of it), see
     *     {@link #outputDevices()}
     * @return a sink playing to that device (opened now, closed with the sink)
     * @throws IllegalArgumentException if no device or several match, listing those available
     * @throws UncheckedIOException if the device cannot be opened
     */
    public static MidiSink toDevice(MidiMapping mapping, String deviceName) {
        return toDevice(mapping, deviceName, Notes.SCORES);
    }

    /**
     * @param mapping labels to notes/CCs
     * @param deviceName a MIDI output device's name (exact, or a unique case-insensitive part of it)
     * @param notes what drives the notes
     * @return a sink playing to that device (opened now, closed with the sink)
     * @since 0.1
     */
    public static MidiSink toDevice(MidiMapping mapping, String deviceName, Notes notes) {
        Objects.requireNonNull(notes, "notes");
        return new MidiSink(mapping, new DeviceOutput(findOutput(deviceName)), notes);
    }

    /** @return the MIDI devices that accept messages (synthesizers, ports), in system order */
    public static List<MidiDevice.Info> outputDevices() {
        List<MidiDevice.Info> out = new ArrayList<>();
        for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
            try {
                MidiDevice d = MidiSystem.getMidiDevice(info);
                if (d.getMaxReceivers() != 0 && !(d instanceof javax.sound.midi.Sequencer)) {
                    out.add(info);
                }
            } catch (MidiUnavailableException e) {
                // listed but unusable: not an output
            }
        }
        return out;
    }

    private static MidiDevice findOutput(String name) {
        List<MidiDevice.Info> all = outputDevices();
        List<MidiDevice.Info> matches = all.stream().filter(i -> i.getName().equals(name)).toList();
        if (matches.isEmpty()) {
            String lower = name.toLowerCase(Locale.ROOT);
            matches = all.stream().filter(i -> i.getName().toLowerCase(Locale.ROOT).contains(lower)).toList();
        }
        List<String> names = all.stream().map(MidiDevice.Info::getName).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException((matches.isEmpty() ? "no" : matches.size()) + " MIDI output devices match \""
                    + name + "\"; available: " + names);
        }
        try {
            MidiDevice device = MidiSystem.getMidiDevice(matches.get(0));
            device.open();
            return device;
        } catch (MidiUnavailableException e) {
            throw new UncheckedIOException(new IOException("cannot open MIDI device \"" + matches.get(0).getName() + "\": "
                    + e.getMessage(), e));
        }
    }

    @Override
    public void open(List<String> labels) {
        mapping.requireLabels(labels);
    }

    @Override
    public void onClassification(Classification c) {
        if (closed.get()) {
            throw new IllegalStateException("MidiSink is closed");
        }
        sampleRateHz = c.sampleRateHz();
        List<MidiMapping.Entry> entries = mapping.entries();
        for (int i = 0; i < states.length; i++) {
            MidiMapping.Entry e = entries.get(i);
            int index = c.labels().indexOf(e.label());
            float score = index < 0 ? 0f : c.score(index);
            if (e.isNote()) {
                if (!notesFromEvents) {
                    gate(e, states[i], score, c);
                }
            } else {
                control(e, states[i], score, c);
            }
        }
    }

    @Override
    public void onEvent(Event event) {
        if (closed.get()) {
            throw new IllegalStateException("MidiSink is closed");
        }
        if (!notesFromEvents) {
            return;
        }
        for (MidiMapping.Entry e : mapping.entries()) {
            if (e.isNote() && e.label().equals(event.label())) {
                int velocity = e.velocity() == MidiMapping.VELOCITY_FROM_SCORE
                        ? (int) Math.round(1 + 126 * Math.min(1f, Math.max(0f, event.peakScore()))) : e.velocity();
                output.emit(message(ShortMessage.NOTE_ON, e.channel(), e.note(), velocity), event.startSample(),
                        event.sampleRateHz());
                output.emit(message(ShortMessage.NOTE_OFF, e.channel(), e.note(), 0), event.endSample(), event.sampleRateHz());
            }
        }
    }

    private void gate(MidiMapping.Entry e, LabelState s, float score, Classification c) {
        if (!s.sounding && score >= e.onThreshold()) {
            int velocity = e.velocity() == MidiMapping.VELOCITY_FROM_SCORE
                    ? (int) Math.round(1 + 126 * Math.min(1f, Math.max(0f, score))) : e.velocity();
            output.emit(message(ShortMessage.NOTE_ON, e.channel(), e.note(), velocity),
                    Math.max(c.startSample(), s.lastOffSample), c.sampleRateHz());
            s.sounding = true;
            s.holdEndSample = c.endSample();
        } else if (s.sounding && score >= e.offThreshold()) {
            s.holdEndSample = c.endSample();
        } else if (s.sounding) {
            noteOff(e, s);
        }
    }

    private void noteOff(MidiMapping.Entry e, LabelState s) {
        output.emit(message(ShortMessage.NOTE_OFF, e.channel(), e.note(), 0), s.holdEndSample, sampleRateHz);
        s.sounding = false;
        s.lastOffSample = s.holdEndSample;
    }

    private void control(MidiMapping.Entry e, LabelState s, float score, Classification c) {
        s.smoothed = Float.isNaN(s.smoothed) ? score : e.smoothing() * score + (1 - e.smoothing()) * s.smoothed;
        int value = (int) Math.round(127 * Math.min(1f, Math.max(0f, s.smoothed)));
        if (value != s.lastCc) {
            output.emit(message(ShortMessage.CONTROL_CHANGE, e.channel(), e.controller(), value), c.startSample(),
                    c.sampleRateHz());
            s.lastCc = value;
        }
    }

    private static ShortMessage message(int command, int channel, int data1, int data2) {
        try {
            return new ShortMessage(command, channel, data1, data2);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException("invalid MIDI message: " + e.getMessage(), e); // ranges checked by the mapping
        }
    }

    /** Ends sounding notes, then writes the file or closes the device. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<MidiMapping.Entry> entries = mapping.entries();
        for (int i = 0; i < states.length; i++) {
            if (states[i].sounding) {
                noteOff(entries.get(i), states[i]);
            }
        }
        output.close();
    }

    /** @return seconds → SMF ticks at this sink's tempo and resolution */
    static long ticks(long sample, int sampleRateHz) {
        return Math.round(sample * TICKS_PER_SECOND / sampleRateHz);
    }

    private static final class FileOutput implements Output {
        private final Path file;
        private final Sequence sequence;
        private final Track track;

        FileOutput(Path file) {
            this.file = Objects.requireNonNull(file, "file");
            try {
                sequence = new Sequence(Sequence.PPQ, TICKS_PER_QUARTER);
                track = sequence.createTrack();
                int t = MICROSECONDS_PER_QUARTER;
                track.add(new MidiEvent(new MetaMessage(0x51, new byte[] {(byte) (t >> 16), (byte) (t >> 8), (byte) t}, 3), 0));
            } catch (InvalidMidiDataException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void emit(ShortMessage message, long sample, int sampleRateHz) {
            track.add(new MidiEvent(message, ticks(sample, sampleRateHz)));
        }

        @Override
        public void close() {
            try {
                MidiSystem.write(sequence, 1, file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write MIDI file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class DeviceOutput implements Output {
        private final MidiDevice device;
        private final Receiver receiver;
        private final DeliveryQueue<MidiMessage> queue;

        DeviceOutput(MidiDevice device) {
            this.device = device;
            try {
                this.receiver = device.getReceiver();
            } catch (MidiUnavailableException e) {
                device.close();
                throw new UncheckedIOException(new IOException("MIDI device \"" + device.getDeviceInfo().getName()
                        + "\" takes no messages: " + e.getMessage(), e));
            }
            this.queue = new DeliveryQueue<>("midi " + device.getDeviceInfo().getName(), DEVICE_QUEUE_CAPACITY,
                    m -> receiver.send(m, -1));
        }

        @Override
        public void emit(ShortMessage message, long sample, int sampleRateHz) {
            queue.offer(message);
        }

        @Override
        public void close() {
            queue.close();
            receiver.close();
            device.close();
        }
    }
}
