package dev.audioml.cli;

import dev.audioml.features.FeatureMatrix;
import java.util.Arrays;

/**
 * The first look at a one-pixel-per-frame image's rows ({@code spectrogram --raw/--tiles}): their number and the
 * colour range {@link dev.audioml.features.image.SpectrogramImage#render} would take (the minimum and maximum,
 * NaN skipped), and the rows themselves while they fit {@code maxValues} (then the image is drawn in memory as
 * before); past that they are dropped and the caller streams the rows a second time.
 *
 * <p>Not thread-safe.
 */
final class ImageRange implements FeatureInputs.RowSink {
    private final long maxValues;
    private int bins;
    private float[] kept;
    private long keptFrames;
    private long frames;
    private float min;
    private float max;

    /** @param maxValues most values kept (frames × bins) for the in-memory image */
    ImageRange(long maxValues) {
        this.maxValues = maxValues;
    }

    @Override
    public void start(int binCount) {
        bins = binCount;
        kept = new float[(int) Math.min(maxValues, 4096L * bins)];
        keptFrames = 0;
        frames = 0;
        min = Float.POSITIVE_INFINITY;
        max = Float.NEGATIVE_INFINITY;
    }

    @Override
    public void rows(float[] data, int count) {
        int n = count * bins;
        for (int i = 0; i < n; i++) {
            float v = data[i];
            if (!Float.isNaN(v)) { // as SpectrogramImage.render's autoscaling
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        frames += count;
        if (kept == null) {
            return;
        }
        long need = (keptFrames + count) * bins;
        if (need > maxValues) {
            kept = null; // too long for memory: the caller streams the rows again
            return;
        }
        if (need > kept.length) {
            kept = Arrays.copyOf(kept, (int) Math.min(maxValues, Math.max(need, 2L * kept.length)));
        }
        System.arraycopy(data, 0, kept, (int) (keptFrames * bins), n);
        keptFrames += count;
    }

    /** @return rows seen */
    long frames() {
        return frames;
    }

    /** @return values per row */
    int bins() {
        return bins;
    }

    /** @return the smallest value seen (positive infinity when all were NaN) */
    float min() {
        return min;
    }

    /** @return the largest value seen (negative infinity when all were NaN) */
    float max() {
        return max;
    }

    /** @return every row as a matrix, or {@code null} when they did not fit {@code maxValues} */
    FeatureMatrix matrix() {
        if (kept == null) {
            return null;
        }
        int n = (int) (keptFrames * bins);
        return new FeatureMatrix((int) keptFrames, bins, kept.length == n ? kept : Arrays.copyOf(kept, n));
    }
}
