package dev.audioml.onnx.internal;

import java.util.List;

/**
 * What a {@code StreamBatcher} runs: one model (or chain of models) that scores the current window of several
 * streams in as few ONNX Runtime calls as it can, keeping each stream's recurrent state and buffers apart.
 *
 * <p>Internal: not API. Not thread-safe: the batcher calls {@link #newStream} from any thread but {@link #run} only
 * from its one inference thread, never concurrently with {@link #close()}.
 */
public interface BatchKernel extends AutoCloseable {

    /** @return the labels in model order; every stream's {@link StreamState#scores} has one value per label */
    List<String> labels();

    /** @return the number of floats in one window's feature frame ({@code FeatureFrame.data().length}) */
    int frameValues();

    /** @return a fresh stream state, owned by the caller, which closes it */
    StreamState newStream();

    /**
     * Scores the pending window of {@code n} streams, in one or a few model runs. Reads each state's
     * {@link StreamState#input}, advances its recurrent state and writes its {@link StreamState#scores}.
     *
     * @param batch states made by this kernel; entries {@code [0, n)} are used, each stream at most once
     * @param n how many, in [1, batch.length]
     */
    void run(StreamState[] batch, int n);

    /** Releases the kernel's tensors (not the model it runs). Idempotent. */
    @Override
    void close();

    /**
     * One stream's buffers: its pending window, its scores and whatever state the model carries from window to window.
     * Not thread-safe: the batcher hands it between the stream's thread and the inference thread with a volatile
     * write/read pair.
     */
    abstract class StreamState implements AutoCloseable {
        /** The window to score next; written by the stream, read by {@link BatchKernel#run}. */
        public final float[] input;
        /** The scores of the last window, written by {@link BatchKernel#run}. */
        public final float[] scores;

        /**
         * @param frameValues floats per window
         * @param labels scores per window
         */
        protected StreamState(int frameValues, int labels) {
            this(new float[frameValues], labels);
        }

        /**
         * @param input the array windows are copied into (e.g. a {@code FeatureFrame}'s data), now owned by this state
         * @param labels scores per window
         */
        protected StreamState(float[] input, int labels) {
            this.input = input;
            this.scores = new float[labels];
        }

        /** Forgets the stream's history (recurrent state, context, buffers), ready for a new stream. */
        public abstract void reset();

        /** Releases per-stream native memory, if any. Idempotent. */
        @Override
        public void close() {
        }
    }
}
