package dev.audioml.cli;

import dev.audioml.features.FeatureMatrix;
import java.io.IOException;
import java.util.Arrays;

/**
 * Feature rows of any number of frames kept in bounded memory for a picture of them: up to {@code 2 × columns}
 * frames are kept as they are; past that, neighbouring columns are merged by their maximum (each column then covers
 * 2, 4, 8, ... frames), as audio editors draw an overview, so peaks stay visible.
 *
 * <p>Not thread-safe.
 */
final class FrameOverview implements FeatureInputs.RowSink {
    private final int maxColumns;
    private int bins;
    private float[] data = new float[0];
    private int columns;
    /** Frames per column, a power of two. */
    private long group = 1;
    /** Frames already in the last column (it is complete at {@code group}). */
    private long inLast;
    private long frames;

    /**
     * @param columns columns kept after merging (at least 1); up to twice as many before
     */
    FrameOverview(int columns) {
        this.maxColumns = 2 * columns;
    }

    @Override
    public void start(int binCount) {
        bins = binCount;
        data = new float[Math.min(maxColumns, 1024) * bins];
        columns = 0;
        group = 1;
        inLast = 0;
        frames = 0;
    }

    @Override
    public void rows(float[] rows, int count) throws IOException {
        for (int f = 0; f < count; f++) {
            add(rows, f * bins);
        }
    }

    private void add(float[] rows, int from) throws IOException {
        frames++;
        if (columns > 0 && inLast < group) {
            int at = (columns - 1) * bins;
            for (int b = 0; b < bins; b++) {
                data[at + b] = Math.max(data[at + b], rows[from + b]);
            }
            inLast++;
            return;
        }
        if (columns == maxColumns) {
            for (int c = 0; c < columns / 2; c++) {
                for (int b = 0; b < bins; b++) {
                    data[c * bins + b] = Math.max(data[2 * c * bins + b], data[(2 * c + 1) * bins + b]);
                }
            }
            columns /= 2;
            group *= 2;
            inLast = group; // the merged last column is complete
            add(rows, from);
            frames--; // counted once, above
            return;
        }
        if ((columns + 1) * bins > data.length) {
            data = Arrays.copyOf(data, Math.min(maxColumns, 2 * columns) * bins);
        }
        System.arraycopy(rows, from, data, columns * bins, bins);
        columns++;
        inLast = 1;
    }

    /** @return frames seen */
    long frames() {
        return frames;
    }

    /** @return frames per column (1 when nothing was merged) */
    long framesPerColumn() {
        return group;
    }

    /** @return the kept columns as a matrix {@code [columns, bins]} */
    FeatureMatrix matrix() {
        return new FeatureMatrix(columns, bins, Arrays.copyOf(data, columns * bins));
    }
}
