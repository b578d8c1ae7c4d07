package dev.audioml.spark;

import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.ModelResolver;
import dev.audioml.onnx.OnnxModel;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A model as it travels to the executors: the bytes of an ONNX file together with the metadata files next to it
 * ({@code <stem>.json}, {@code model.json}, {@code <stem>.labels.txt}, {@code labels.txt}), or the name of a preset
 * that each executor resolves from its own model cache. Executors open it exactly as {@code audioml classify} opens
 * the same argument ({@link ModelResolver#openModel}), so the same metadata, features and window apply.
 *
 * <p>Immutable and thread-safe; serializable (broadcast once per job by {@link AudioTagger}).
 *
 * @since 0.1
 */
public final class ModelSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final List<String> SIBLINGS = List.of("%s.json", "model.json", "%s.labels.txt", "labels.txt");

    private final String argument;
    private final String fileName;
    private final Map<String, byte[]> files;
    private final String sha256;

    private ModelSpec(String argument, String fileName, Map<String, byte[]> files, String sha256) {
        this.argument = argument;
        this.fileName = fileName;
        this.files = files;
        this.sha256 = sha256;
    }

    /**
     * Reads a {@code --model} argument on the driver: an existing file (read with its metadata siblings) or a preset
     * name.
     *
     * @param nameOrPath an {@code .onnx} file or a preset name such as {@code silero-vad}
     * @return the spec
     * @throws UncheckedIOException if the file cannot be read
     */
    public static ModelSpec of(String nameOrPath) {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            return new ModelSpec(nameOrPath, null, Map.of(), sha256(Map.of("preset", nameOrPath.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8))));
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            files.put(name, Files.readAllBytes(file));
            Path dir = file.toAbsolutePath().getParent();
            for (String pattern : SIBLINGS) {
                String sibling = String.format(pattern, stem);
                Path p = dir.resolve(sibling);
                if (!sibling.equals(name) && Files.isRegularFile(p)) {
                    files.put(sibling, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + file + ": " + e.getMessage(), e);
        }
        return new ModelSpec(nameOrPath, name, Map.copyOf(files), sha256(files));
    }

    /** @return the argument it was made from (a path or a preset name), for messages */
    public String argument() {
        return argument;
    }

    /** @return whether it is a preset resolved by name on each executor (not shipped as bytes) */
    public boolean isPreset() {
        return fileName == null;
    }

    /** @return the SHA-256 of the shipped files (of the name, for a preset): the key executors share a session by */
    public String sha256() {
        return sha256;
    }

    /**
     * Opens the model: a file spec is written to a temporary folder (deleted once ONNX Runtime has loaded it) and
     * opened as {@link OnnxModel#open}; a preset through {@link ModelResolver#openModel}.
     *
     * @return the open model, owned by the caller
     * @throws UncheckedIOException if the temporary files cannot be written
     */
    public AudioModel open() {
        if (isPreset()) {
            return ModelResolver.openModel(argument);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("audioml-model-");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
            return OnnxModel.open(dir.resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack model " + argument + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    @Override
    public String toString() {
        return "ModelSpec[" + argument + (isPreset() ? ", preset" : ", " + files.keySet()) + ", sha256 "
                + sha256.substring(0, 12) + "]";
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless; the model is already loaded
        }
    }

    private static String sha256(Map<String, byte[]> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                md.update(f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(f.getValue());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
