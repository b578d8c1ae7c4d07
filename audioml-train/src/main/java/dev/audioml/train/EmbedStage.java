package dev.audioml.train;

import dev.audioml.train.data.Clip;
import dev.audioml.train.data.ClipAudio;
import dev.audioml.train.data.Split;
import dev.audioml.train.embed.Backbone;
import dev.audioml.train.embed.Backbones;
import dev.audioml.train.embed.EmbeddingCache;
import dev.audioml.train.embed.OnnxTensorBackbone;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Stage 2, embed: opens each backbone at each window length to compare, embeds every clip's windows (and augmented
 * copies of the training clips) through the embedding cache, and drops the clips that cannot be read.
 */
final class EmbedStage {

    /**
     * The embedded windows of one backbone at one window length: rows are the full vector plus the level.
     *
     * @param backbone the open backbone
     * @param windowSeconds its window
     * @param hopSeconds hop between a clip's windows
     * @param clips every clip's windows
     * @param augmented the augmented training copies' windows
     */
    record Embedded(Backbone backbone, double windowSeconds, double hopSeconds, Map<Clip, float[][]> clips,
            Map<Clip, float[][]> augmented) {
    }

    /**
     * What the stage made; closing it closes the backbones.
     *
     * @param embedded one entry per backbone and window length
     * @param split the split without unreadable clips
     * @param unreadable clips that could not be read, with the reason
     * @param cache the embedding cache (its hit counts go into the report)
     */
    record Embeddings(List<Embedded> embedded, Split split, Map<Clip, String> unreadable, EmbeddingCache cache)
            implements AutoCloseable {
        @Override
        public void close() {
            embedded.forEach(e -> e.backbone().close());
        }
    }

    private EmbedStage() {
    }

    /**
     * @return the embeddings; the caller closes them
     * @throws IllegalArgumentException if a class has no readable training clip or the test split is empty
     */
    static Embeddings run(TrainingConfig cfg, LoadStage.Loaded data, Consumer<String> say) {
        EmbeddingCache cache = new EmbeddingCache(cfg.cacheDir());
        List<String> backbones = cfg.backbone().equals(Trainer.AUTO) ? Trainer.AUTO_BACKBONES : List.of(cfg.backbone());
        List<Double> windows = windowCandidates(cfg, data.split().train(), say);
        List<Embedded> embedded = new ArrayList<>();
        Map<Clip, String> unreadable = new LinkedHashMap<>();
        try {
            for (String name : backbones) {
                for (double window : windows) {
                    Backbone bb;
                    try {
                        bb = Backbones.open(name, window, cfg.models(), cfg.onnxInput());
                    } catch (RuntimeException e) {
                        if (!cfg.backbone().equals(Trainer.AUTO)) {
                            throw e;
                        }
                        say.accept("auto: skipping backbone " + name + ": " + e.getMessage());
                        continue;
                    }
                    try {
                        embedded.add(embed(cfg, bb, data.split(), cache, unreadable, say));
                    } catch (RuntimeException e) {
                        bb.close();
                        throw e;
                    }
                }
            }
            if (embedded.isEmpty()) {
                throw new IllegalStateException("no backbone could be opened");
            }
            if (!unreadable.isEmpty()) {
                say.accept("Skipped " + unreadable.size() + " unreadable file(s):");
                unreadable.forEach((c, why) -> say.accept("  " + c.file() + ": " + why));
            }
            Split split = dropClips(data.split(), unreadable.keySet());
            checkTrainable(data.classes(), split);
            return new Embeddings(List.copyOf(embedded), split, unreadable, cache);
        } catch (RuntimeException e) {
            embedded.forEach(x -> x.backbone().close());
            throw e;
        }
    }

    /** Embeds every clip (and augmented copies of the training clips) with one backbone. */
    private static Embedded embed(TrainingConfig cfg, Backbone bb, Split split, EmbeddingCache cache,
            Map<Clip, String> unreadable, Consumer<String> say) {
        double window = bb.windowSamples() / (double) bb.sampleRateHz();
        double hop = cfg.hopSeconds() != null ? cfg.hopSeconds() : window / 2;
        long te = System.nanoTime();
        int hitsBefore = cache.hits();
        int missesBefore = cache.misses();
        Embedder embedder = new Embedder(bb, cache, Math.max(1, (int) Math.round(hop * bb.sampleRateHz())), say,
                cfg.failFast());
        List<Clip> all = new ArrayList<>(split.train());
        all.addAll(split.test());
        Map<Clip, float[][]> vectors = embedder.embed(all);
        Map<Clip, float[][]> augmented = cfg.augmentation().copies() > 0
                ? embedder.embed(split.train(), cfg.augmentation()) : Map.of();
        unreadable.putAll(embedder.unreadable());
        // counts of this call only: one lookup per clip, and one more per training clip for its augmented copies
        say.accept(String.format("Embedded %d clips%s with %s, window %.2f s, hop %.2f s in %.1f s (%d computed now, "
                + "%d reused from the embedding cache %s)", vectors.size(), cfg.augmentation().copies() > 0 ? " + "
                        + cfg.augmentation().copies() + " augmented copies of each training clip" : "", bb.name(),
                window, hop, (System.nanoTime() - te) / 1e9, cache.misses() - missesBefore, cache.hits() - hitsBefore,
                cache.dir()));
        return new Embedded(bb, window, hop, vectors, augmented);
    }

    /**
     * The window lengths to compare: the one given, or under {@code auto} the median training clip length and the
     * 90th percentile (each within [{@link Trainer#MIN_AUTO_WINDOW}, {@link Trainer#MAX_AUTO_WINDOW}], to 0.1 s) and the default
     * 1 s, each only when it differs from those before it by more than 20 %. The data's windows come first: on a tie
     * they win, since a window that spans the clip scores it as a whole (what a clip-level notebook baseline does)
     * instead of its parts; silent frames of the zero padding are left out of the statistics.
     */
    private static List<Double> windowCandidates(TrainingConfig cfg, List<Clip> clips, Consumer<String> say) {
        if (cfg.windowSeconds() != null) {
            return List.of(cfg.windowSeconds());
        }
        if (cfg.backbone().startsWith(OnnxTensorBackbone.PREFIX)) {
            return List.of(Trainer.DEFAULT_WINDOW_SECONDS); // the model's own window wins anyway
        }
        double[] lengths = clips.stream().mapToDouble(c -> ClipAudio.durationSeconds(c.file())).filter(d -> d > 0)
                .sorted().toArray();
        if (lengths.length == 0) {
            return List.of(Trainer.DEFAULT_WINDOW_SECONDS);
        }
        double median = lengths[lengths.length / 2];
        double p90 = lengths[(int) Math.min(lengths.length - 1, Math.floor(0.9 * lengths.length))];
        say.accept(String.format("Clips last %.2f-%.2f s (median %.2f s, 90th percentile %.2f s)", lengths[0],
                lengths[lengths.length - 1], median, p90));
        List<Double> out = new ArrayList<>();
        for (double w : new double[] {median, p90, Trainer.DEFAULT_WINDOW_SECONDS}) {
            double c = Math.round(Math.min(Trainer.MAX_AUTO_WINDOW, Math.max(Trainer.MIN_AUTO_WINDOW, w)) * 10) / 10.0;
            if (out.stream().allMatch(o -> Math.abs(o - c) > 0.2 * Math.min(o, c))) {
                out.add(c);
            }
        }
        return out;
    }

    private static Split dropClips(Split s, Set<Clip> drop) {
        if (drop.isEmpty()) {
            return s;
        }
        return new Split(s.train().stream().filter(c -> !drop.contains(c)).toList(),
                s.validation().stream().filter(c -> !drop.contains(c)).toList(),
                s.test().stream().filter(c -> !drop.contains(c)).toList());
    }

    private static void checkTrainable(List<String> classes, Split s) {
        Set<String> present = new HashSet<>();
        s.train().forEach(c -> present.add(c.label()));
        for (String c : classes) {
            if (!present.contains(c)) {
                throw new IllegalArgumentException("class \"" + c + "\" has no readable training clip; add audio "
                        + "files to it or remove the class");
            }
        }
        if (s.test().isEmpty()) {
            throw new IllegalArgumentException("the test split is empty: give each class at least 3 clips, a --test "
                    + "folder or a CSV fold column");
        }
    }
}
