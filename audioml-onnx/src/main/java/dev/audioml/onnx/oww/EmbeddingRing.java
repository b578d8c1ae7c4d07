package dev.audioml.onnx.oww;

import java.nio.FloatBuffer;

/**
 * One stream's embedding buffer ({@code AudioFeatures.feature_buffer}): the latest {@value #CAPACITY} embeddings,
 * pre-filled with the noise embeddings, read as "the last N, oldest first" ({@code get_features(n)}).
 *
 * <p>Not thread-safe: confine to one stream.
 */
final class EmbeddingRing {
    /** Embeddings kept per stream ({@code feature_buffer_max_len}). */
    static final int CAPACITY = 120;

    private final float[][] noise;
    private final float[] ring = new float[CAPACITY * OwwBackbone.EMBEDDING_SIZE];
    private int next;

    /** @param noise the embeddings a fresh stream starts with (not copied: never written) */
    EmbeddingRing(float[][] noise) {
        this.noise = noise;
        reset();
    }

    /** Appends one embedding of {@link OwwBackbone#EMBEDDING_SIZE} floats from {@code e[offset]}. */
    void push(float[] e, int offset) {
        System.arraycopy(e, offset, ring, next * OwwBackbone.EMBEDDING_SIZE, OwwBackbone.EMBEDDING_SIZE);
        next = (next + 1) % CAPACITY;
    }

    /** Writes the last {@code n} embeddings, oldest first, at {@code dst[offset]} (absolute puts). */
    void latest(FloatBuffer dst, int offset, int n) {
        int at = offset;
        for (int k = n; k >= 1; k--) {
            int idx = Math.floorMod(next - k, CAPACITY);
            dst.put(at, ring, idx * OwwBackbone.EMBEDDING_SIZE, OwwBackbone.EMBEDDING_SIZE);
            at += OwwBackbone.EMBEDDING_SIZE;
        }
    }

    /** Back to the noise pre-fill. */
    void reset() {
        next = 0;
        for (float[] e : noise) {
            push(e, 0);
        }
    }
}
