package dev.audioml.onnx.oww;

import dev.audioml.onnx.batch.BatchPolicy;
import dev.audioml.onnx.batch.StreamBatcher;
import dev.audioml.onnx.internal.Batchers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An openWakeWord model: one {@link OwwBackbone} and any number of {@link WakeWordHead}s fed from the same embedding
 * stream (as {@code openwakeword/model.py} {@code Model} runs several wake words at once).
 *
 * <p>Owns its backbone and heads and closes them. Thread-safe: create one {@link WakeWordClassifier} per stream.
 *
 * @since 0.1
 */
public final class WakeWordModel implements AutoCloseable {
    private final OwwBackbone backbone;
    private final List<WakeWordHead> heads;
    private final List<String> labels;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param backbone the melspectrogram + embedding stage; now owned by this model
     * @param heads at least one head; now owned by this model
     */
    public WakeWordModel(OwwBackbone backbone, List<WakeWordHead> heads) {
        this.backbone = Objects.requireNonNull(backbone, "backbone");
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("a wake-word model needs at least one head");
        }
        this.heads = List.copyOf(heads);
        List<String> all = new ArrayList<>();
        for (WakeWordHead h : heads) {
            for (String l : h.labels()) {
                if (all.contains(l)) {
                    throw new IllegalArgumentException("label \"" + l + "\" appears in two heads");
                }
                all.add(l);
            }
        }
        this.labels = List.copyOf(all);
    }

    /** @return the backbone (owned by this model: do not close it separately) */
    public OwwBackbone backbone() {
        return backbone;
    }

    /** @return the heads in label order */
    public List<WakeWordHead> heads() {
        return heads;
    }

    /** @return every head's labels, concatenated in head order */
    public List<String> labels() {
        return labels;
    }

    /** @return a new per-stream classifier; closing it leaves this model open */
    public WakeWordClassifier newClassifier() {
        if (closed.get()) {
            throw new IllegalStateException("WakeWordModel is closed");
        }
        return new WakeWordClassifier(this, false);
    }

    /**
     * @param phases hop grids, offset by {@code 1280 / phases} samples each; must divide 1280 (1, 2, 4, 8, ...)
     * @return a new per-stream classifier scoring every {@code 1280 / phases} samples; closing it leaves this model open
     * @since 0.1
     */
    public PhasedWakeWordClassifier newPhasedClassifier(int phases) {
        if (closed.get()) {
            throw new IllegalStateException("WakeWordModel is closed");
        }
        return new PhasedWakeWordClassifier(this, phases, false);
    }

    /**
     * Starts a batcher that scores many streams' hops in shared model runs (the melspectrogram and embedding models
     * batched across streams, each head run per stream); each {@link StreamBatcher#newStream()} behaves as
     * {@link #newClassifier()}.
     *
     * @param policy batch size and wait
     * @return the batcher (with its own inference thread), owned by the caller, who closes it before this model
     * @since 0.1
     */
    public StreamBatcher newBatcher(BatchPolicy policy) {
        if (closed.get()) {
            throw new IllegalStateException("WakeWordModel is closed");
        }
        return Batchers.start(new OwwBatchKernel(this, policy.maxBatch()), policy, "openwakeword");
    }

    /** Closes the heads and the backbone. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            heads.forEach(WakeWordHead::close);
            backbone.close();
        }
    }
}
