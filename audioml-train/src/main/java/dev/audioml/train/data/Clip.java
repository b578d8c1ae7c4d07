package dev.audioml.train.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled audio file of a dataset.
 *
 * <p>Immutable and thread-safe.
 *
 * @param file the audio file
 * @param label its class
 * @param fold the CSV fold it belongs to, or {@code null} when the dataset has no folds
 * @param group the CSV group it belongs to (clips of one group stay on one side of every split), or {@code null}
 * @since 0.1
 */
public record Clip(Path file, String label, String fold, String group) {
    /** Validates the parts. */
    public Clip {
        Objects.requireNonNull(file, "file");
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("clip " + file + " has an empty label");
        }
    }

    /**
     * A clip without a group.
     *
     * @param file the audio file
     * @param label its class
     * @param fold its CSV fold, or {@code null}
     */
    public Clip(Path file, String label, String fold) {
        this(file, label, fold, null);
    }
}
