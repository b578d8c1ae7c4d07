package dev.audioml.train;

import dev.audioml.train.data.Clip;
import dev.audioml.train.data.ClipAudio;
import dev.audioml.train.data.EmbeddedClip;
import dev.audioml.train.embed.Backbone;
import dev.audioml.train.embed.EmbeddingCache;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Embeds clips with a backbone through the embedding cache; files that cannot be decoded are listed and skipped.
 * Not thread-safe.
 */
final class Embedder {
    private final Backbone backbone;
    private final EmbeddingCache cache;
    private final int hopSamples;
    private final Consumer<String> progress;
    private final Map<Clip, String> unreadable = new LinkedHashMap<>();

    Embedder(Backbone backbone, EmbeddingCache cache, int hopSamples, Consumer<String> progress) {
        this.backbone = backbone;
        this.cache = cache;
        this.hopSamples = hopSamples;
        this.progress = progress;
    }

    /** @return files that could not be read, with the reason */
    Map<Clip, String> unreadable() {
        return unreadable;
    }

    List<EmbeddedClip> embed(List<Clip> clips) {
        List<EmbeddedClip> out = new ArrayList<>();
        String context = backbone.identity() + "|hop=" + hopSamples + "|augmentation=none";
        long t0 = System.nanoTime();
        int done = 0;
        for (Clip c : clips) {
            try {
                String key = EmbeddingCache.key(c.file(), context);
                float[][] windows = cache.get(key);
                if (windows == null) {
                    float[] audio = ClipAudio.read(c.file(), backbone.sampleRateHz());
                    List<float[]> ws = ClipAudio.windows(audio, backbone.windowSamples(), hopSamples);
                    windows = new float[ws.size()][];
                    for (int i = 0; i < windows.length; i++) {
                        windows[i] = backbone.embed(ws.get(i));
                    }
                    cache.put(key, windows);
                }
                out.add(new EmbeddedClip(c, windows));
            } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException
                    | dev.audioml.core.AudioMLException e) {
                unreadable.put(c, e.getMessage());
            }
            done++;
            if (System.nanoTime() - t0 > 2_000_000_000L && done % 25 == 0) {
                progress.accept(String.format("  %s: %d/%d clips embedded", backbone.name(), done, clips.size()));
            }
        }
        return out;
    }
}
