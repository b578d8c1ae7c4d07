package dev.audioml.features;

/**
 * A feature matrix, row-major {@code [frames][bins]} (time-major, as AudioML writes {@code .npy}; librosa's arrays are
 * the transpose, {@code [bins, frames]}).
 *
 * @param frames number of frames (rows)
 * @param bins values per frame (columns)
 * @param data {@code frames * bins} values, row-major; owned by the record's creator, not copied
 * @since 0.1
 */
public record FeatureMatrix(int frames, int bins, float[] data) {
    /** Checks that the data fits the shape. */
    public FeatureMatrix {
        if (frames < 0 || bins < 1 || data.length != (long) frames * bins) {
            throw new IllegalArgumentException("data of " + data.length + " values does not fit [" + frames + ", "
                    + bins + "]");
        }
    }

    /**
     * @param frame row index
     * @param bin column index
     * @return the value at {@code [frame, bin]}
     */
    public float get(int frame, int bin) {
        return data[frame * bins + bin];
    }
}
