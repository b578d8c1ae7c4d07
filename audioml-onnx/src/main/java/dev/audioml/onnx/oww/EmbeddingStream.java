package dev.audioml.onnx.oww;

/**
 * The streaming form of an {@link EmbeddingBackbone}: push one hop of new audio, get one embedding.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public interface EmbeddingStream extends AutoCloseable {

    /**
     * Consumes the next hop of the stream and writes its embedding. Allocates no Java arrays.
     *
     * @param samples audio in [-1, 1]
     * @param offset index of the hop's first sample; {@code hopSamples()} samples are read
     * @param embedding destination of length {@code embeddingSize()}
     */
    void next(float[] samples, int offset, float[] embedding);

    /** Forgets the stream's history, ready for a new stream. */
    void reset();

    /** Releases this stream's tensors. Idempotent. */
    @Override
    void close();
}
