package dev.audioml.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureExtractors;
import dev.audioml.core.IdentityExtractor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The labels and preprocessing that travel with a model, so that the model file alone configures a pipeline.
 *
 * <p>Three places are read, later ones winning key by key:
 * <ol>
 *   <li>the model's {@code metadata_props}: {@code audioml.labels} (JSON array of strings), {@code audioml.features}
 *       (feature spec JSON object), {@code audioml.window_seconds} (number, seconds), {@code audioml.hop_seconds}
 *       (number, seconds), {@code audioml.gate_db} (number, dB; see {@link #GATE_DB}), {@code audioml.output}
 *       ({@code softmax | sigmoid | logits | scores});</li>
 *   <li>a labels file next to the model, {@code <stem>.labels.txt} or else {@code labels.txt}: one label per line;</li>
 *   <li>a sidecar JSON object next to the model, {@code <stem>.json} or else {@code model.json}, with the same keys
 *       with or without the {@code audioml.} prefix ({@code "labels"}, {@code "features"}, {@code "window_seconds"},
 *       {@code "output"}); values are JSON values (an array, an object, a number, a string) or strings holding
 *       JSON.</li>
 * </ol>
 * Unknown {@code audioml.*} keys and unknown sidecar keys are errors naming the key.
 *
 * <p>A feature spec {@code {"feature": "raw", "sr": 16000}} means raw audio at that rate (no extractor needed).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ModelMetadata {
    /** Prefix of AudioML's {@code metadata_props} keys. */
    public static final String PREFIX = "audioml.";
    /** Key of the label list. */
    public static final String LABELS = "labels";
    /** Key of the feature spec. */
    public static final String FEATURES = "features";
    /** Key of the analysis window length in seconds. */
    public static final String WINDOW_SECONDS = "window_seconds";
    /** Key of the hop between windows in seconds (how far a file or stream advances per window). */
    public static final String HOP_SECONDS = "hop_seconds";
    /**
     * Key of the level gate in dB: a window whose RMS level ({@code 10 log10(mean(x^2) + 1e-10)} of its samples) is
     * more than this many dB below the loudest window of the same clip is not scored.
     */
    public static final String GATE_DB = "gate_db";
    /** Key of the output mode. */
    public static final String OUTPUT = "output";
    /** The feature name meaning raw audio at {@code "sr"} Hz. */
    public static final String RAW_FEATURE = "raw";

    private static final List<String> KEYS = List.of(LABELS, FEATURES, WINDOW_SECONDS, HOP_SECONDS, GATE_DB, OUTPUT);
    // trailing text after the JSON value is an error, not silently ignored
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final List<String> labels;
    private final Map<String, Object> features;
    private final Double windowSeconds;
    private final Double hopSeconds;
    private final Double gateDb;
    private final OutputMode output;
    private final Map<String, String> origins;

    private ModelMetadata(List<String> labels, Map<String, Object> features, Double windowSeconds, Double hopSeconds,
            Double gateDb, OutputMode output, Map<String, String> origins) {
        this.labels = labels;
        this.features = features;
        this.windowSeconds = windowSeconds;
        this.hopSeconds = hopSeconds;
        this.gateDb = gateDb;
        this.output = output;
        this.origins = Map.copyOf(origins);
    }

    /**
     * Reads metadata from {@code metadata_props} only.
     *
     * @param props the model's {@code metadata_props}; keys without the {@code audioml.} prefix are ignored
     * @param modelName the model's name, for messages
     * @return the metadata
     * @throws IllegalArgumentException naming the key whose value is invalid
     */
    public static ModelMetadata fromProperties(Map<String, String> props, String modelName) {
        return load(props, null, modelName);
    }

    /**
     * Reads the metadata of a session: its {@code metadata_props}, then the files next to its model file.
     *
     * @param session an open session
     * @return the metadata
     * @throws IllegalArgumentException naming the key or file whose value is invalid
     */
    public static ModelMetadata of(OnnxSession session) {
        return load(session.metadata(), session.path().orElse(null), session.name());
    }

    /**
     * Reads metadata from {@code metadata_props} and the labels and sidecar files next to {@code modelFile}.
     *
     * @param props the model's {@code metadata_props}
     * @param modelFile the model file whose siblings are read, or {@code null} for none
     * @param modelName the model's name, for messages
     * @return the metadata
     * @throws IllegalArgumentException naming the key or file whose value is invalid
     */
    public static ModelMetadata load(Map<String, String> props, Path modelFile, String modelName) {
        Builder b = new Builder();
        for (Map.Entry<String, String> e : props.entrySet()) {
            if (e.getKey().startsWith(PREFIX)) {
                String origin = "metadata_props key " + shorten(e.getKey()) + " of " + modelName;
                b.set(e.getKey().substring(PREFIX.length()), parseJsonOrString(e.getValue(), origin), origin);
            }
        }
        if (modelFile != null) {
            Path dir = modelFile.toAbsolutePath().getParent();
            String stem = stem(modelFile);
            sibling(dir, stem + ".labels.txt", "labels.txt").ifPresent(f -> b.setLabels(readLabels(f), f.toString()));
            sibling(dir, stem + ".json", "model.json").ifPresent(b::sidecar);
        }
        return b.build();
    }

    /** @return the labels in model order, if declared */
    public Optional<List<String>> labels() {
        return Optional.ofNullable(labels);
    }

    /** @return the feature spec, if declared */
    public Optional<Map<String, Object>> features() {
        return Optional.ofNullable(features);
    }

    /** @return the analysis window in seconds, if declared */
    public Optional<Double> windowSeconds() {
        return Optional.ofNullable(windowSeconds);
    }

    /** @return the hop between windows in seconds, if declared */
    public Optional<Double> hopSeconds() {
        return Optional.ofNullable(hopSeconds);
    }

    /** @return the level gate in dB below a clip's loudest window (see {@link #GATE_DB}), if declared */
    public Optional<Double> gateDb() {
        return Optional.ofNullable(gateDb);
    }

    /** @return the output mode, if declared */
    public Optional<OutputMode> output() {
        return Optional.ofNullable(output);
    }

    /**
     * @param key one of the keys ({@code labels}, {@code features}, {@code window_seconds}, {@code hop_seconds},
     *     {@code gate_db}, {@code output})
     * @return where the value came from (e.g. {@code "sidecar /m/model.json key labels"}), for messages
     */
    public Optional<String> origin(String key) {
        return Optional.ofNullable(origins.get(key));
    }

    /** @return whether the features declare raw audio ({@code "feature": "raw"}) */
    public boolean isRawAudio() {
        return features != null && RAW_FEATURE.equals(features.get("feature"));
    }

    /**
     * @return the sample rate of the feature spec's {@code "sr"} in Hz, if declared
     * @throws IllegalArgumentException if {@code sr} is not a positive integer
     */
    public Optional<Integer> sampleRateHz() {
        if (features == null || features.get("sr") == null) {
            return Optional.empty();
        }
        if (features.get("sr") instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.intValue() >= 1) {
            return Optional.of(n.intValue());
        }
        throw new IllegalArgumentException(origins.get(FEATURES) + ": \"sr\" must be a positive integer (Hz), got " + shorten(String.valueOf(features.get("sr"))));
    }

    /**
     * Builds a new extractor for one stream from the feature spec.
     *
     * @return a new extractor, owned by the caller
     * @throws IllegalArgumentException if no feature spec is declared, or it is invalid (naming its origin)
     */
    public FeatureExtractor newExtractor() {
        if (features == null) {
            throw new IllegalArgumentException("no feature spec: add metadata_props key " + PREFIX + FEATURES
                    + " (or \"features\" in the sidecar JSON), e.g. {\"feature\": \"raw\", \"sr\": 16000} for raw audio");
        }
        try {
            if (isRawAudio()) {
                return new IdentityExtractor(sampleRateHz().orElseThrow(() ->
                        new IllegalArgumentException("\"sr\" (sample rate in Hz) is required for {\"feature\": \"raw\"}")));
            }
            return FeatureExtractors.fromSpec(features);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origins.get(FEATURES) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ModelMetadata[labels=" + labels + ", features=" + features + ", window_seconds=" + windowSeconds
                + ", hop_seconds=" + hopSeconds
                + ", gate_db=" + gateDb + ", output="
                + (output == null ? null : output.id()) + "]";
    }

    private static Optional<Path> sibling(Path dir, String... names) {
        for (String n : names) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static List<String> readLabels(Path file) {
        List<String> out = new ArrayList<>();
        for (String line : readText(file, "labels file").split("\n")) {
                if (!line.isBlank()) {
                    out.add(line.strip());
                }
            }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": labels file has no labels (one per line expected)");
        }
        return out;
    }

    /** Largest sidecar or labels file read, in bytes. */
    static final long MAX_TEXT_FILE_BYTES = 16L << 20;

    /**
     * Reads a small UTF-8 text file next to the model: its size is checked before reading, and bytes that are not
     * UTF-8 are an error naming the file (not a Jackson/JDK exception message without it).
     */
    private static String readText(Path file, String what) {
        try {
            long size = Files.size(file);
            if (size > MAX_TEXT_FILE_BYTES) {
                throw new IllegalArgumentException(file + ": " + what + " is " + size + " bytes; at most "
                        + MAX_TEXT_FILE_BYTES + " expected");
            }
            byte[] bytes = Files.readAllBytes(file);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new IllegalArgumentException(file + ": " + what + " is not UTF-8 text", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + file + ": " + e, e);
        }
    }

    /** A value quoted in a message: whole up to 120 characters, else its start and its length (no 10 MB echoes). */
    static String shorten(String text) {
        String line = text.replace('\n', ' ').replace('\r', ' ');
        return line.length() <= 120 ? line : line.substring(0, 120) + "... (" + line.length() + " characters)";
    }

    /** A metadata_props value: JSON when it looks like an array, object or quoted string; a plain string otherwise. */
    private static JsonNode parseJsonOrString(String value, String origin) {
        String v = value.strip();
        if (v.startsWith("[") || v.startsWith("{") || v.startsWith("\"")) {
            try {
                return JSON.readTree(v);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(origin + " is not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
        return JSON.getNodeFactory().textNode(value);
    }

    private static final class Builder {
        private List<String> labels;
        private Map<String, Object> features;
        private Double windowSeconds;
        private Double hopSeconds;
        private Double gateDb;
        private OutputMode output;
        private final Map<String, String> origins = new LinkedHashMap<>();

        void sidecar(Path file) {
            JsonNode root;
            try {
                root = JSON.readTree(readText(file, "sidecar"));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(file + ": sidecar is not valid JSON: "
                        + shorten(e.getOriginalMessage()), e);
            }
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException(file + ": sidecar must be a JSON object with keys " + KEYS);
            }
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                String key = e.getKey().startsWith(PREFIX) ? e.getKey().substring(PREFIX.length()) : e.getKey();
                String origin = "sidecar " + file + " key \"" + shorten(e.getKey()) + "\"";
                JsonNode value = e.getValue().isTextual() ? parseJsonOrString(e.getValue().asText(), origin) : e.getValue();
                set(key, value, origin);
            }
        }

        void set(String key, JsonNode value, String origin) {
            switch (key) {
                case LABELS -> setLabels(parseLabels(value, origin), origin);
                case FEATURES -> {
                    if (!value.isObject()) {
                        throw new IllegalArgumentException(origin + " must be a feature spec JSON object like {\"feature\": \"melspectrogram\", ...}, got " + shorten(String.valueOf(value)));
                    }
                    features = JSON.convertValue(value, new TypeReference<LinkedHashMap<String, Object>>() { });
                    origins.put(FEATURES, origin);
                }
                case WINDOW_SECONDS -> windowSeconds = positive(key, value, origin, "seconds");
                case HOP_SECONDS -> hopSeconds = positive(key, value, origin, "seconds");
                case GATE_DB -> gateDb = positive(key, value, origin, "dB");
                case OUTPUT -> {
                    output = OutputMode.parse(value.asText(), origin);
                    origins.put(OUTPUT, origin);
                }
                default -> throw new IllegalArgumentException("unknown key in " + origin + "; known keys: " + KEYS
                        + " (optionally prefixed " + PREFIX + ")");
            }
        }

        private double positive(String key, JsonNode value, String origin, String unit) {
            double v = value.isNumber() ? value.asDouble() : parseDouble(value.asText(), origin);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(origin + " must be a positive number of " + unit + ", got "
                        + shorten(value.asText()));
            }
            origins.put(key, origin);
            return v;
        }

        void setLabels(List<String> values, String origin) {
            labels = List.copyOf(values);
            origins.put(LABELS, origin);
        }

        ModelMetadata build() {
            return new ModelMetadata(labels, features == null ? null : java.util.Collections.unmodifiableMap(features),
                    windowSeconds, hopSeconds, gateDb, output, origins);
        }

        private static List<String> parseLabels(JsonNode value, String origin) {
            if (!value.isArray() || value.isEmpty()) {
                throw new IllegalArgumentException(origin + " must be a non-empty JSON array of strings, got " + shorten(String.valueOf(value)));
            }
            List<String> out = new ArrayList<>();
            for (JsonNode n : value) {
                if (!n.isTextual()) {
                    throw new IllegalArgumentException(origin + " must be a JSON array of strings; element " + out.size() + " is " + shorten(String.valueOf(n)));
                }
                out.add(n.asText());
            }
            return out;
        }

        private static double parseDouble(String text, String origin) {
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(origin + " must be a number of seconds, got \"" + shorten(text) + "\"", e);
            }
        }
    }
}
