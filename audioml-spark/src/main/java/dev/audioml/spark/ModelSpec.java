package dev.audioml.spark;

import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.ModelResolver;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.onnx.OnnxSessionOptions;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.ModelFile;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.PresetModel;
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
 * A model as it travels to the executors, as bytes: an ONNX file together with the metadata files next to it
 * ({@code <stem>.json}, {@code model.json}, {@code <stem>.labels.txt}, {@code labels.txt}), or a built-in preset's
 * files as the driver's model cache holds them (fetched there if missing, so executors need neither npm nor a shared
 * cache). A name that is neither a file nor a built-in preset (another {@link ModelResolver}'s) travels as the name
 * and is resolved on each executor. Executors open it exactly as {@code audioml classify} opens the same argument, so
 * the same metadata, features and window apply.
 *
 * <p>Immutable and thread-safe; serializable (broadcast once per job by {@link AudioTagger}).
 *
 * @since 0.1
 */
public final class ModelSpec implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final List<String> SIBLINGS = List.of("%s.json", "model.json", "%s.labels.txt", "labels.txt");

    private final String argument;
    /** The ONNX file among {@link #files} for a file spec, else null. */
    private final String fileName;
    /** The built-in preset's name for a preset spec, else null. */
    private final String presetName;
    /** Relative path (to the model's folder, or to the model cache's root for a preset) to bytes. */
    private final Map<String, byte[]> files;
    private final String sha256;

    private ModelSpec(String argument, String fileName, String presetName, Map<String, byte[]> files, String sha256) {
        this.argument = argument;
        this.fileName = fileName;
        this.presetName = presetName;
        this.files = files;
        this.sha256 = sha256;
    }

    /**
     * Reads a {@code --model} argument on the driver: an existing file (read with its metadata siblings), a built-in
     * preset (its files read from the default model cache, fetched first if missing), or another resolver's name.
     *
     * @param nameOrPath an {@code .onnx} file or a preset name such as {@code silero-vad}
     * @return the spec
     * @throws UncheckedIOException if the file cannot be read, or a preset cannot be fetched
     */
    public static ModelSpec of(String nameOrPath) {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            Preset preset = builtInPreset(nameOrPath);
            if (preset == null) {
                return new ModelSpec(nameOrPath, null, null, Map.of(), sha256(Map.of("name", nameOrPath.getBytes(
                        java.nio.charset.StandardCharsets.UTF_8))));
            }
            ModelCache cache = ModelCache.defaultCache(System.err::println);
            List<Path> paths = cache.resolve(preset);
            Map<String, byte[]> files = new LinkedHashMap<>();
            try {
                for (int i = 0; i < paths.size(); i++) {
                    ModelFile f = preset.files().get(i);
                    files.put(f.cacheFolder() + "/" + f.fileName(), Files.readAllBytes(paths.get(i)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read preset " + nameOrPath + ": " + e.getMessage(), e);
            }
            return new ModelSpec(nameOrPath, null, preset.presetName(), Map.copyOf(files), sha256(files));
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
        return new ModelSpec(nameOrPath, name, null, Map.copyOf(files), sha256(files));
    }

    private static Preset builtInPreset(String name) {
        try {
            return Preset.byName(name);
        } catch (IllegalArgumentException e) {
            return null; // perhaps another resolver's name: resolved where it is opened
        }
    }

    /** @return the argument it was made from (a path or a preset name), for messages */
    public String argument() {
        return argument;
    }

    /** @return whether it is a built-in preset (shipped as the bytes of its files) */
    public boolean isPreset() {
        return presetName != null;
    }

    /** @return whether it carries the model's bytes (a file or a built-in preset), rather than a name to resolve */
    public boolean hasBytes() {
        return !files.isEmpty();
    }

    /** @return the total size in bytes of the shipped files (0 for a name resolved on each executor) */
    public long sizeBytes() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /** @return the SHA-256 of the shipped files (of the name, for a name): the key executors share a model by */
    public String sha256() {
        return sha256;
    }

    /**
     * Opens the model with ONNX Runtime's default threading (see {@link #open(OnnxSessionOptions)}).
     *
     * @return the open model, owned by the caller
     */
    public AudioModel open() {
        return open(OnnxSessionOptions.defaults());
    }

    /**
     * Opens the model from its bytes: they are written to a temporary folder, deleted once ONNX Runtime has loaded
     * them; a file spec is opened as {@link OnnxModel#open(Path, OnnxSessionOptions)}, a preset as a
     * {@link PresetModel} on that folder as its model cache (its sessions have the reference wrappers' one thread
     * each, whatever {@code options} say); a name through {@link ModelResolver#openModel}.
     *
     * @param options session options of a file spec
     * @return the open model, owned by the caller
     * @throws UncheckedIOException if the temporary files cannot be written
     */
    public AudioModel open(OnnxSessionOptions options) {
        if (!hasBytes()) {
            return ModelResolver.openModel(argument);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("audioml-model-");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
            // a preset opens every session it needs in its constructor: the folder may go once it returns
            return isPreset() ? new PresetModel(presetName, ModelCache.at(dir, line -> { }))
                    : OnnxModel.open(dir.resolve(fileName), options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack model " + argument + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    @Override
    public String toString() {
        return "ModelSpec[" + argument + (isPreset() ? ", preset " + presetName : "") + ", " + files.keySet() + ", sha256 "
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
