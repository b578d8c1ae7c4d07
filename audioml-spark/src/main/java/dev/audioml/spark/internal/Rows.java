package dev.audioml.spark.internal;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The one row type a scan emits: every output (windows, events, embeddings, file status) is a {@code kind} of it, so
 * one pass over the files feeds them all. Not API.
 */
public final class Rows {
    /** A window's score for one label. */
    public static final String WINDOW = "window";
    /** An event. */
    public static final String EVENT = "event";
    /** An embedding vector. */
    public static final String EMBEDDING = "embedding";
    /** A file's status (duration or error). */
    public static final String STATUS = "status";

    /** The schema: kind, path, start_s, end_s, label, score, duration_s, error, vector. */
    public static final StructType SCHEMA = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("path", DataTypes.StringType, false)
            .add("start_s", DataTypes.DoubleType, true)
            .add("end_s", DataTypes.DoubleType, true)
            .add("label", DataTypes.StringType, true)
            .add("score", DataTypes.FloatType, true)
            .add("duration_s", DataTypes.DoubleType, true)
            .add("error", DataTypes.StringType, true)
            .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), true);

    private Rows() {
    }

    /** @return a window-score row */
    public static Row window(String path, double startSeconds, double endSeconds, String label, float score) {
        return RowFactory.create(WINDOW, path, startSeconds, endSeconds, label, score, null, null, null);
    }

    /** @return an event row */
    public static Row event(String path, String label, double startSeconds, double endSeconds, float score) {
        return RowFactory.create(EVENT, path, startSeconds, endSeconds, label, score, null, null, null);
    }

    /** @return an embedding row; {@code vector} is boxed for Spark's row encoder */
    public static Row embedding(String path, double startSeconds, double endSeconds, float[] vector) {
        Float[] boxed = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            boxed[i] = vector[i];
        }
        return RowFactory.create(EMBEDDING, path, startSeconds, endSeconds, null, null, null, null, boxed);
    }

    /** @return a status row: the duration of a file read to the end, or the error that stopped it */
    public static Row status(String path, Double durationSeconds, String error) {
        return RowFactory.create(STATUS, path, null, null, null, null, durationSeconds, error, null);
    }
}
