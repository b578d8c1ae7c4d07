package dev.audioml.sinks.midi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which labels drive which MIDI messages. JSON, one key per label:
 * <pre>
 * {
 *   "dog":  {"note": 60, "channel": 1, "velocity": "score", "on": 0.5, "off": 0.4},
 *   "bird": {"note": 72, "velocity": 100},
 *   "cat":  {"cc": 74, "channel": 2, "smoothing": 0.3}
 * }
 * </pre>
 * A <b>note</b> mapping plays the note while the label is detected: note-on at the start of the first window scoring
 * at least {@code on} (default 0.5), note-off at the end of the last following window scoring at least {@code off}
 * (default {@code on} − 0.1) — the same rule as the pipeline's events. {@code velocity} is a number 1–127 or
 * {@code "score"} (default): {@code round(1 + score × 126)} of the onset window. A <b>cc</b> mapping sends the
 * label's score, exponentially smoothed ({@code smoothing} = weight of the new score, 0 &lt; α ≤ 1, default 0.5),
 * as a controller value {@code round(127 × smoothed)}, whenever that value changes. {@code channel} is 1–16
 * (default 1). Unknown keys and out-of-range values are errors that name the label and key.
 *
 * <p>Immutable and thread-safe.
 *
 * @param entries the mappings, in file order
 * @since 0.1
 */
public record MidiMapping(List<Entry> entries) {

    /** Velocity value meaning "from the score". */
    public static final int VELOCITY_FROM_SCORE = -1;

    /**
     * One label's mapping.
     *
     * @param label the classifier label
     * @param note MIDI note 0–127, or -1 for a CC mapping
     * @param controller MIDI controller 0–127, or -1 for a note mapping
     * @param channel 0-based MIDI channel 0–15 (JSON counts 1–16)
     * @param velocity 1–127, or {@link #VELOCITY_FROM_SCORE}
     * @param onThreshold score that starts a note
     * @param offThreshold score a note is held at
     * @param smoothing CC exponential smoothing weight of the new score, in (0, 1]
     */
    public record Entry(String label, int note, int controller, int channel, int velocity, float onThreshold,
            float offThreshold, float smoothing) {
        /** @return true for a note mapping, false for a control change */
        public boolean isNote() {
            return note >= 0;
        }
    }

    private static final Set<String> NOTE_KEYS = Set.of("note", "channel", "velocity", "on", "off");
    private static final Set<String> CC_KEYS = Set.of("cc", "channel", "smoothing");
    private static final float DEFAULT_ON = 0.5f;
    private static final float DEFAULT_HYSTERESIS = 0.1f;
    private static final float DEFAULT_SMOOTHING = 0.5f;
    /** The first note of the default mapping. */
    public static final int MIDDLE_C = 60;

    /** Copies. */
    public MidiMapping {
        entries = List.copyOf(entries);
    }

    /**
     * @param file a JSON mapping file
     * @return the mapping
     * @throws IllegalArgumentException naming the file, label and key when the content is wrong
     */
    public static MidiMapping read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MIDI mapping " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param json the mapping text
     * @param source where it came from, for messages
     * @return the mapping
     * @throws IllegalArgumentException naming the label and key when the content is wrong
     */
    public static MidiMapping parse(String json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new IllegalArgumentException(source + ": expected a JSON object of label -> {\"note\": ..} or {\"cc\": ..}");
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            entries.add(entry(source, field.getKey(), field.getValue()));
        }
        return new MidiMapping(entries);
    }

    private static Entry entry(String source, String label, JsonNode m) {
        String where = source + ": \"" + label + "\"";
        if (!m.isObject() || m.has("note") == m.has("cc")) {
            throw new IllegalArgumentException(where + " must be an object with exactly one of \"note\" or \"cc\"");
        }
        boolean isNote = m.has("note");
        Set<String> allowed = isNote ? NOTE_KEYS : CC_KEYS;
        for (Iterator<String> keys = m.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(where + ": unknown key \"" + key + "\"; a " + (isNote ? "note" : "cc")
                        + " mapping takes " + new java.util.TreeSet<>(allowed));
            }
        }
        int channel = integer(where, m, "channel", 1, 1, 16) - 1;
        if (!isNote) {
            int cc = integer(where, m, "cc", -1, 0, 127);
            float smoothing = number(where, m, "smoothing", DEFAULT_SMOOTHING);
            if (!(smoothing > 0 && smoothing <= 1)) {
                throw new IllegalArgumentException(where + ": \"smoothing\" must be in (0, 1], got " + smoothing);
            }
            return new Entry(label, -1, cc, channel, 0, 0, 0, smoothing);
        }
        int note = integer(where, m, "note", -1, 0, 127);
        int velocity = m.path("velocity").isTextual() && m.get("velocity").asText().equals("score")
                ? VELOCITY_FROM_SCORE : integer(where, m, "velocity", VELOCITY_FROM_SCORE, 1, 127);
        float on = number(where, m, "on", DEFAULT_ON);
        float off = number(where, m, "off", on - DEFAULT_HYSTERESIS);
        if (!(on > 0 && on <= 1) || !(off >= 0 && off <= on)) {
            throw new IllegalArgumentException(where + ": need 0 < \"on\" <= 1 and 0 <= \"off\" <= \"on\", got on=" + on
                    + ", off=" + off);
        }
        return new Entry(label, note, -1, channel, velocity, on, off, 0);
    }

    private static int integer(String where, JsonNode m, String key, int absent, int min, int max) {
        JsonNode v = m.get(key);
        if (v == null) {
            return absent;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new IllegalArgumentException(where + ": \"" + key + "\" must be an integer in [" + min + ", " + max
                    + "]" + (key.equals("velocity") ? " or \"score\"" : "") + ", got " + v);
        }
        return v.intValue();
    }

    private static float number(String where, JsonNode m, String key, float absent) {
        JsonNode v = m.get(key);
        if (v == null) {
            return absent;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(where + ": \"" + key + "\" must be a number, got " + v);
        }
        return v.floatValue();
    }

    /**
     * The mapping used when none is given: one note per label from middle C (60) up, in label order, channel 1,
     * velocity from the score, note on at 0.5 and held down to 0.4 (the defaults of a note mapping).
     *
     * @param labels the classifier's labels, at most 68 (notes 60 to 127)
     * @return the mapping
     * @throws IllegalArgumentException if there are more labels than notes from 60 to 127
     * @since 0.1
     */
    public static MidiMapping defaultFor(List<String> labels) {
        if (labels.size() > 128 - MIDDLE_C) {
            throw new IllegalArgumentException("the default MIDI mapping has notes " + MIDDLE_C + " to 127 for at most "
                    + (128 - MIDDLE_C) + " labels, got " + labels.size() + "; give a --midi-map");
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            entries.add(new Entry(labels.get(i), MIDDLE_C + i, -1, 0, VELOCITY_FROM_SCORE, DEFAULT_ON,
                    DEFAULT_ON - DEFAULT_HYSTERESIS, 0));
        }
        return new MidiMapping(entries);
    }

    /**
     * @param labels the classifier's labels
     * @throws IllegalArgumentException naming a mapped label the classifier does not have
     */
    public void requireLabels(List<String> labels) {
        for (Entry e : entries) {
            if (!labels.contains(e.label())) {
                throw new IllegalArgumentException("MIDI mapping names label \"" + e.label() + "\"; the model's labels are "
                        + labels);
            }
        }
    }

    @Override
    public String toString() {
        return "MidiMapping" + entries.stream().map(Entry::label).toList();
    }
}
