package dev.audioml.spark.internal;

import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.train.data.ClipAudio;
import dev.audioml.train.embed.Backbone;
import dev.audioml.train.embed.Backbones;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Embeds each file's windows with a training backbone exactly as {@code audioml train} does (the clip read at the
 * backbone's rate by {@link ClipAudio#read}, cut by {@link ClipAudio#windows}, each window embedded and pooled). Not
 * API.
 */
public final class EmbedScan extends FileScan {
    private static final long serialVersionUID = 1L;
    private final String backbone;
    private final double windowSeconds;
    private final int hopSamples;
    private final int[] columns;

    /**
     * @param backbone the backbone's name ({@link Backbones#open})
     * @param windowSeconds its window in seconds
     * @param hopSamples hop between windows at the backbone's rate
     * @param columns the pooling's columns of the full vector
     */
    public EmbedScan(String backbone, double windowSeconds, int hopSamples, int[] columns) {
        this.backbone = backbone;
        this.windowSeconds = windowSeconds;
        this.hopSamples = hopSamples;
        this.columns = columns.clone();
    }

    @Override
    protected double scan(String path, Path local, List<Row> out) throws IOException {
        BackbonePool pool = ExecutorResources.acquire("backbone:" + backbone + "|" + windowSeconds, BackbonePool.class,
                () -> new BackbonePool(() -> Backbones.open(backbone, windowSeconds,
                        ModelCache.defaultCache(System.err::println))));
        Backbone b = pool.borrow();
        try {
            int rate = b.sampleRateHz();
            // read in blocks: a recording of any length, one window in memory at a time
            long samples = ClipAudio.forEachWindow(local, rate, b.windowSamples(), hopSamples, (window, i) -> {
                float[] full = b.embed(window);
                float[] pooled = new float[columns.length];
                for (int c = 0; c < columns.length; c++) {
                    pooled[c] = full[columns[c]];
                }
                double start = (double) i * hopSamples / rate;
                out.add(Rows.embedding(path, start, start + (double) b.windowSamples() / rate, pooled));
            });
            return (double) samples / rate;
        } finally {
            pool.release(b);
        }
    }
}
