package dev.audioml.train.embed;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An on-disk cache of clip embeddings, so that a second training run on the same data skips extraction. An entry is
 * keyed by the SHA-256 of the file's bytes together with the backbone's {@link Backbone#identity()}, the window hop
 * and the augmentation seed; renaming or moving a file keeps its entry, changing a byte of it does not. Entries are
 * written atomically (temporary file + move), so concurrent runs never read half an entry.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class EmbeddingCache {
    private static final int MAGIC = 0x41454d42; // "AEMB"
    private final Path dir;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger misses = new AtomicInteger();

    /**
     * @param dir the cache folder, created when the first entry is written
     */
    public EmbeddingCache(Path dir) {
        this.dir = dir;
    }

    /** @return {@code $AUDIOML_CACHE/embeddings}, else {@code ~/.cache/audioml/embeddings} */
    public static Path defaultDir() {
        String env = System.getenv("AUDIOML_CACHE");
        return env != null && !env.isBlank() ? Path.of(env, "embeddings")
                : Path.of(System.getProperty("user.home"), ".cache", "audioml", "embeddings");
    }

    /** @return the cache folder */
    public Path dir() {
        return dir;
    }

    /** @return lookups answered from disk since this object was made */
    public int hits() {
        return hits.get();
    }

    /** @return lookups that had to compute since this object was made */
    public int misses() {
        return misses.get();
    }

    /**
     * Computes the key of a file's embeddings.
     *
     * @param file the audio file (its bytes are hashed)
     * @param context everything else the embedding depends on (backbone identity, hop, augmentation seed)
     * @return a hex key
     * @throws IOException if the file cannot be read
     */
    public static String key(Path file, String context) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        md.update((byte) 0);
        md.update(context.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * @param key from {@link #key}
     * @return the cached windows' full vectors, or {@code null} (counted as a miss) when absent or unreadable
     */
    public float[][] get(String key) {
        Path f = dir.resolve(key + ".emb");
        if (!Files.isRegularFile(f)) {
            misses.incrementAndGet();
            return null;
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(f)))) {
            if (in.readInt() != MAGIC) {
                misses.incrementAndGet();
                return null;
            }
            int rows = in.readInt();
            int cols = in.readInt();
            float[][] out = new float[rows][cols];
            for (float[] row : out) {
                for (int j = 0; j < cols; j++) {
                    row[j] = in.readFloat();
                }
            }
            hits.incrementAndGet();
            return out;
        } catch (IOException e) {
            misses.incrementAndGet();
            return null;
        }
    }

    /**
     * Stores an entry (atomically).
     *
     * @param key from {@link #key}
     * @param windows the windows' full vectors, all of one length
     */
    public void put(String key, float[][] windows) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                    Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(windows.length);
                out.writeInt(windows.length == 0 ? 0 : windows[0].length);
                for (float[] row : windows) {
                    for (float v : row) {
                        out.writeFloat(v);
                    }
                }
            }
            Files.move(tmp, dir.resolve(key + ".emb"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embedding cache entry in " + dir, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }
}
