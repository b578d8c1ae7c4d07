package dev.audioml.onnx.oww;

/**
 * A pretrained audio embedding network with its front end: audio in, one fixed-size embedding per hop out. The
 * building block for training small heads on a frozen backbone ("cut the head off and retrain the last layer").
 *
 * <p>Implementations are thread-safe: one backbone serves many streams and clips; each {@link EmbeddingStream} is
 * per-stream.
 *
 * @since 0.1
 */
public interface EmbeddingBackbone extends AutoCloseable {

    /** @return the input rate in Hz (audio must be resampled to it) */
    int sampleRateHz();

    /** @return new samples per embedding in the streaming form, e.g. 1280 (80 ms at 16 kHz) */
    int hopSamples();

    /** @return the length of one embedding, e.g. 96 */
    int embeddingSize();

    /**
     * Embeds a whole clip at once.
     *
     * @param audio mono audio in [-1, 1] at {@link #sampleRateHz()}
     * @return embeddings, {@code [n][embeddingSize()]} row-major, one per hop in time order
     * @throws IllegalArgumentException if the clip is shorter than {@link #minClipSamples()}
     */
    float[][] embedClip(float[] audio);

    /** @return the shortest clip {@link #embedClip} accepts, in samples */
    int minClipSamples();

    /** @return a new streaming embedder with fresh state; the caller closes it */
    EmbeddingStream newStream();

    /** Releases the backbone's sessions. Idempotent. */
    @Override
    void close();
}
