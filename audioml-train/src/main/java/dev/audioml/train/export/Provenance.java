package dev.audioml.train.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.audioml.onnx.oww.OwwEmbeddingGraph;
import dev.audioml.onnx.preset.License;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a trained model depends on and was trained from, recorded in its {@code metadata_props} and in
 * {@code report.json}: the licenses of every part whose weights it contains (the head is the user's own; a
 * pretrained backbone brings its license), and a fingerprint of each training file's content, so that
 * {@code audioml eval} can warn when it is asked to score files the model was trained on.
 *
 * <p>Immutable and thread-safe.
 *
 * @param licenses one entry per part: {@code part}, {@code license} (SPDX id or a sentence), {@code notice}
 * @param trainingFiles 16-hex-digit SHA-256 prefixes of the training files' bytes, sorted
 * @since 0.1
 */
public record Provenance(List<Map<String, String>> licenses, Set<String> trainingFiles) {
    /** {@code metadata_props} key: JSON array of {part, license, notice}. */
    public static final String LICENSES_KEY = "audioml-train.licenses";
    /** {@code metadata_props} key: comma-separated SHA-256 prefixes (16 hex digits) of the training files. */
    public static final String TRAINING_FILES_KEY = "audioml-train.training_files_sha256";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies. */
    public Provenance {
        licenses = List.copyOf(licenses);
        trainingFiles = Set.copyOf(new TreeSet<>(trainingFiles));
    }

    /**
     * @param backboneName the backbone's name ({@code logmel-stats}, {@code oww-embedding}, {@code onnx:FILE#T})
     * @param trainingFiles the files the head was fitted on
     * @return the provenance
     * @throws UncheckedIOException if a training file cannot be read
     */
    public static Provenance of(String backboneName, Collection<Path> trainingFiles) {
        List<Map<String, String>> licenses = new ArrayList<>();
        if (backboneName.startsWith("oww-embedding")) {
            licenses.add(part("backbone oww-embedding (openWakeWord melspectrogram + embedding weights)",
                    OwwEmbeddingGraph.LICENSE, License.CC_BY_NC_SA_4_0.notice()));
        } else if (backboneName.startsWith("onnx:")) {
            // the file's name only: a model holds no paths of the machine it was trained on
            String spec = backboneName.substring("onnx:".length());
            int hash = spec.lastIndexOf('#');
            String file = hash >= 0 ? spec.substring(0, hash) : spec;
            Path name = Path.of(file).getFileName();
            String shown = "onnx:" + (name == null ? file : name) + (hash >= 0 ? spec.substring(hash) : "");
            licenses.add(part("backbone " + shown, "the license of that ONNX file (AudioML cannot know it)",
                    "its weights are inside model.onnx: check that their license allows your use"));
        } else {
            licenses.add(part("backbone " + backboneName, "none (computed features, no pretrained weights)",
                    "no third-party weights"));
        }
        licenses.add(part("head", "yours (fitted on your data)", "trained here on your files"));
        Set<String> hashes = new LinkedHashSet<>();
        for (Path file : trainingFiles) {
            hashes.add(fingerprint(file));
        }
        return new Provenance(licenses, hashes);
    }

    private static Map<String, String> part(String part, String license, String notice) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("part", part);
        m.put("license", license);
        m.put("notice", notice);
        return m;
    }

    /**
     * @param file a file
     * @return the first 16 hex digits of the SHA-256 of its bytes
     * @throws UncheckedIOException if it cannot be read
     */
    public static String fingerprint(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read for its fingerprint: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** @return whether any part carries a license that restricts use (a non-commercial one) */
    public boolean isRestricted() {
        return licenses.stream().anyMatch(l -> l.get("license").contains("NC"));
    }

    /** @return entries for the model's {@code metadata_props} */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            m.put(LICENSES_KEY, JSON.writeValueAsString(licenses));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        m.put(TRAINING_FILES_KEY, String.join(",", trainingFiles));
        return m;
    }

    /** @return lines for the person training: what the model's license depends on */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(isRestricted()
                ? "License: model.onnx contains weights under " + OwwEmbeddingGraph.LICENSE + " — "
                        + License.CC_BY_NC_SA_4_0.notice() + "; it carries that license in its metadata"
                : "License: model.onnx contains no third-party pretrained weights; its license is yours to choose");
        for (Map<String, String> l : licenses) {
            out.add("  " + l.get("part") + ": " + l.get("license"));
        }
        return out;
    }

    /**
     * Adds {@code licenses} and {@code training_data} (file count and one fingerprint of the whole set) to a
     * written {@code report.json}.
     *
     * @param report the report file
     * @throws IOException if it cannot be read or written
     */
    public void addTo(Path report) throws IOException {
        Map<String, Object> json = JSON.readValue(report.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
        });
        json.put("licenses", licenses);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("files", trainingFiles.size());
        data.put("sha256_prefixes", new ArrayList<>(new TreeSet<>(trainingFiles)));
        json.put("training_data", data);
        JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), json);
    }

    /**
     * Reads the training-file fingerprints from a model's metadata.
     *
     * @param metadata the model's {@code metadata_props}
     * @return the fingerprints, empty when the model does not record them (not trained here, or an older version)
     */
    public static Optional<Set<String>> trainingFiles(Map<String, String> metadata) {
        String v = metadata.get(TRAINING_FILES_KEY);
        if (v == null) {
            return Optional.empty();
        }
        Set<String> out = new TreeSet<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return Optional.of(out);
    }

    /**
     * The license line a loaded model should show: its own, from its metadata.
     *
     * @param metadata the model's {@code metadata_props}
     * @return e.g. "license CC-BY-NC-SA-4.0 (backbone oww-embedding ...): NON-COMMERCIAL use only ...", or empty
     *     when the model names no license
     */
    public static Optional<String> licenseLine(Map<String, String> metadata) {
        String license = metadata.get(OwwEmbeddingGraph.LICENSE_KEY);
        if (license == null || license.isBlank()) {
            return Optional.empty();
        }
        String notice = license.equals(OwwEmbeddingGraph.LICENSE) ? ": " + License.CC_BY_NC_SA_4_0.notice() : "";
        String from = "";
        String parts = metadata.get(LICENSES_KEY);
        if (parts != null) {
            try {
                List<Map<String, String>> list = JSON.readValue(parts,
                        new TypeReference<List<Map<String, String>>>() {
                        });
                from = list.stream().filter(l -> license.equals(l.get("license"))).map(l -> l.get("part"))
                        .findFirst().map(p -> " (" + p + ")").orElse("");
            } catch (JsonProcessingException e) {
                from = "";
            }
        }
        return Optional.of("license " + license + from + notice);
    }
}
