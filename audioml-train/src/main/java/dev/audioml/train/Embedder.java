package dev.audioml.train;

import dev.audioml.train.data.Augmentation;
import dev.audioml.train.data.Clip;
import dev.audioml.train.data.ClipAudio;
import dev.audioml.train.embed.Backbone;
import dev.audioml.train.embed.EmbeddingCache;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Embeds clips (and augmented copies of them) with a backbone through the embedding cache; files that cannot be
 * decoded are listed and skipped. Each window's row is the backbone's full vector followed by one more value, the
 * window's level in dB ({@link ClipAudio#levelDb}), which the level gate reads ({@link #level}). Not thread-safe.
 */
final class Embedder {
    private final Backbone backbone;
    private final EmbeddingCache cache;
    private final int hopSamples;
    private final Consumer<String> progress;
    private final Map<Clip, String> unreadable = new LinkedHashMap<>();
    private final boolean failFast;

    Embedder(Backbone backbone, EmbeddingCache cache, int hopSamples, Consumer<String> progress) {
        this(backbone, cache, hopSamples, progress, false);
    }

    /** @param failFast rethrow the first file that cannot be read instead of listing and skipping it */
    Embedder(Backbone backbone, EmbeddingCache cache, int hopSamples, Consumer<String> progress, boolean failFast) {
        this.failFast = failFast;
        this.backbone = backbone;
        this.cache = cache;
        this.hopSamples = hopSamples;
        this.progress = progress;
    }

    /** @return the level in dB of a window's row (its last value) */
    static float level(float[] row) {
        return row[row.length - 1];
    }

    /** @return files that could not be read, with the reason */
    Map<Clip, String> unreadable() {
        return unreadable;
    }

    /** @return each readable clip's windows' full vectors */
    Map<Clip, float[][]> embed(List<Clip> clips) {
        return embed(clips, Augmentation.none());
    }

    /**
     * @param clips clips to embed
     * @param augmentation with {@code copies() > 0}: the windows of every augmented copy of a clip, one after the
     *     other, instead of the clip's own
     * @return windows per readable clip
     */
    Map<Clip, float[][]> embed(List<Clip> clips, Augmentation augmentation) {
        Map<Clip, float[][]> out = new LinkedHashMap<>();
        String context = backbone.identity() + "|hop=" + hopSamples + "|augmentation=" + augmentation.describe()
                + "|level";
        long t0 = System.nanoTime();
        int done = 0;
        for (Clip c : clips) {
            try {
                String key = EmbeddingCache.key(c.file(), context);
                float[][] windows = cache.get(key);
                if (windows == null) {
                    windows = compute(c, augmentation, EmbeddingCache.key(c.file(), ""));
                    cache.put(key, windows);
                }
                out.put(c, windows);
            } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException
                    | dev.audioml.core.AudioMLException e) {
                if (failFast) {
                    throw e instanceof IOException io ? new java.io.UncheckedIOException(io.getMessage(), io)
                            : (RuntimeException) e;
                }
                unreadable.put(c, e.getMessage());
            }
            done++;
            if (System.nanoTime() - t0 > 2_000_000_000L && done % 25 == 0) {
                progress.accept(String.format("  %s: %d/%d clips embedded%s", backbone.name(), done, clips.size(),
                        augmentation.copies() > 0 ? " (augmented)" : ""));
            }
        }
        return out;
    }

    private float[][] compute(Clip c, Augmentation augmentation, String contentKey) throws IOException {
        List<float[]> vectors = new ArrayList<>();
        if (augmentation.copies() == 0) {
            // read in blocks: any length, one window in memory at a time (plus the vectors)
            ClipAudio.forEachWindow(c.file(), backbone.sampleRateHz(), backbone.windowSamples(), hopSamples,
                    (window, index) -> vectors.add(vector(window)));
            return vectors.toArray(new float[0][]);
        }
        // augmentation transforms the whole clip: ClipAudio.read holds it (at most ClipAudio.MAX_CLIP_SECONDS)
        float[] audio = ClipAudio.read(c.file(), backbone.sampleRateHz());
        for (int copy = 1; copy <= augmentation.copies(); copy++) {
            float[] a = augmentation.apply(audio, backbone.sampleRateHz(), contentKey, copy);
            for (float[] window : ClipAudio.windows(a, backbone.windowSamples(), hopSamples)) {
                vectors.add(vector(window));
            }
        }
        return vectors.toArray(new float[0][]);
    }

    /** The backbone's full vector of a window, then the window's level in dB. */
    private float[] vector(float[] window) {
        float[] v = backbone.embed(window);
        float[] row = Arrays.copyOf(v, v.length + 1);
        row[v.length] = ClipAudio.levelDb(window);
        return row;
    }

    @Override
    public String toString() {
        return "Embedder[" + backbone.name() + ", hop " + hopSamples + ", unreadable " + Arrays.toString(
                unreadable.keySet().toArray()) + "]";
    }
}
