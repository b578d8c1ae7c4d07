package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audioml classify} on files against the Python reference scorers written from the upstream source
 * ({@code tools/reference/score_reference.py}: openWakeWord {@code Model.predict_clip}, Silero
 * {@code get_speech_timestamps}), whose outputs on the committed recordings are the goldens in
 * {@code src/test/resources/golden/scoring/} (regenerate with {@code tools/reference/make-scoring-audio.sh}).
 */
class ClassifyParityTest {
    /** Per-window score difference allowed against the reference (issue 15: "within 1e-3 per file"). */
    private static final double PARITY_TOLERANCE = 1e-3;
    /**
     * Per-window difference once the reference's random noise pre-fill (upstream draws new noise per stream; AudioML
     * seeds it) has left the head's 16-embedding input: only rounding of the golden file remains.
     */
    private static final double EXACT_TOLERANCE = 1e-5;
    /** Hops whose head input still holds pre-fill embeddings: the 16 of the head's input. */
    private static final int PREFILL_HOPS = 16;
    private static final int RATE_HZ = 16_000;
    private static final String[] FILES = {"demo.wav", "distractors.wav", "jarvis-at-start.wav",
        "jarvis-exact-hops.wav", "jarvis-then-speech.wav"};
    /** "hey jarvis" utterances per file (tools/reference/make-scoring-audio.sh, tools/make-demo-recording.sh). */
    private static final Map<String, Integer> WAKE_UTTERANCES = Map.of("demo.wav", 2, "distractors.wav", 0,
            "jarvis-at-start.wav", 1, "jarvis-exact-hops.wav", 1, "jarvis-then-speech.wav", 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @BeforeAll
    static void copyRecordings() throws IOException {
        for (String f : FILES) {
            String resource = f.equals("demo.wav") ? "/dev/audioml/cli/demo.wav" : "/golden/scoring/" + f;
            try (InputStream in = ClassifyParityTest.class.getResourceAsStream(resource)) {
                Files.copy(in, dir.resolve(f));
            }
        }
    }

    private record Scored(Map<String, List<Double>> scores, Map<String, List<long[]>> events) {
    }

    /** Runs classify with --events in JSONL on every file; collects each file's window scores and event spans. */
    private static Scored classify(String model) throws IOException {
        List<String> args = new ArrayList<>(List.of("classify", "--model", model, "--events", "--format", "jsonl"));
        for (String f : FILES) {
            args.add(dir.resolve(f).toString());
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        Map<String, List<long[]>> events = new LinkedHashMap<>();
        for (String line : r.out().split("\n")) {
            JsonNode n = JSON.readTree(line);
            String file = Path.of(n.get("file").asText()).getFileName().toString();
            if (n.has("event")) {
                events.computeIfAbsent(file, k -> new ArrayList<>()).add(new long[] {
                    Math.round(n.get("start_s").asDouble() * RATE_HZ), Math.round(n.get("end_s").asDouble() * RATE_HZ)});
            } else {
                Iterator<JsonNode> values = n.get("scores").elements();
                scores.computeIfAbsent(file, k -> new ArrayList<>()).add(values.next().asDouble());
            }
        }
        return new Scored(scores, events);
    }

    private static JsonNode golden(String preset) throws IOException {
        try (InputStream in = ClassifyParityTest.class.getResourceAsStream("/golden/scoring/" + preset + ".json")) {
            return JSON.readTree(in).get("files");
        }
    }

    @Test
    void heyJarvisScoresEqualPredictClipHopForHop() throws IOException {
        JsonNode golden = golden("hey_jarvis");
        Scored got = classify("hey_jarvis");
        for (String f : FILES) {
            JsonNode ref = golden.get(f).get("scores");
            List<Double> mine = got.scores().get(f);
            assertThat(mine).as("%s: one window per predict_clip chunk", f).hasSize(ref.size());
            double max = 0;
            for (int i = 0; i < ref.size(); i++) {
                double tolerance = i < PREFILL_HOPS ? PARITY_TOLERANCE : EXACT_TOLERANCE;
                assertThat(mine.get(i)).as("%s hop %d", f, i).isCloseTo(ref.get(i).asDouble(), within(tolerance));
                max = Math.max(max, mine.get(i));
            }
            assertThat(max).as("%s per-file maximum", f).isCloseTo(golden.get(f).get("max").asDouble(), within(EXACT_TOLERANCE));
            assertThat(got.events().getOrDefault(f, List.of())).as("%s: one event per utterance under the preset rules", f)
                    .hasSize(WAKE_UTTERANCES.get(f));
        }
    }

    @Test
    void sileroProbabilitiesAndSegmentsEqualGetSpeechTimestamps() throws IOException {
        JsonNode golden = golden("silero-vad");
        Scored got = classify("silero-vad");
        for (String f : FILES) {
            JsonNode ref = golden.get(f).get("probabilities");
            List<Double> mine = got.scores().get(f);
            assertThat(mine).as("%s: one window per 512-sample chunk", f).hasSize(ref.size());
            for (int i = 0; i < ref.size(); i++) {
                assertThat(mine.get(i)).as("%s chunk %d", f, i).isCloseTo(ref.get(i).asDouble(), within(EXACT_TOLERANCE));
            }
            List<long[]> segments = new ArrayList<>();
            for (JsonNode s : golden.get(f).get("segments")) {
                segments.add(new long[] {s.get("start").asLong(), s.get("end").asLong()});
            }
            assertThat(got.events().getOrDefault(f, List.of())).as("%s: get_speech_timestamps segments, in samples", f)
                    .containsExactlyElementsOf(segments);
        }
    }
}
