package dev.audioml.onnx;

import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.internal.BatchKernel;
import java.util.ArrayList;
import java.util.List;

/**
 * A stateless model for many streams: one {@link OnnxClassifier#classifyBatch} per batch (windows stacked along the
 * model's dynamic batch axis; a model without one runs window by window, still on the batcher's one thread).
 *
 * <p>Not thread-safe: runs on the batcher's inference thread.
 */
final class ClassifierBatchKernel implements BatchKernel {
    private final OnnxClassifier classifier;
    private final int[] frameShape;
    private final int frameValues;
    private final List<FeatureFrame> frames;
    private final float[][][] scoresBySize;

    /** @param classifier bound to a frame shape, with {@code maxBatch} at least the batcher's; now owned by the kernel */
    ClassifierBatchKernel(OnnxClassifier classifier, int[] frameShape, int maxBatch) {
        this.classifier = classifier;
        this.frameShape = frameShape.clone();
        this.frameValues = new FeatureFrame(frameShape).data().length;
        this.frames = new ArrayList<>(maxBatch);
        this.scoresBySize = new float[maxBatch + 1][][];
    }

    @Override
    public List<String> labels() {
        return classifier.labels();
    }

    @Override
    public int frameValues() {
        return frameValues;
    }

    @Override
    public StreamState newStream() {
        return new Stream();
    }

    @Override
    public void run(StreamState[] batch, int n) {
        float[][] scores = scoresBySize[n];
        if (scores == null) {
            scores = new float[n][];
            scoresBySize[n] = scores;
        }
        frames.clear();
        for (int i = 0; i < n; i++) {
            Stream s = (Stream) batch[i];
            frames.add(s.frame);
            scores[i] = s.scores;
        }
        classifier.classifyBatch(frames, scores);
    }

    @Override
    public void close() {
        classifier.close();
    }

    /** One stream: a frame whose data array is the window the stream hands in (no state between windows). */
    private final class Stream extends StreamState {
        private final FeatureFrame frame;

        Stream() {
            this(new FeatureFrame(frameShape));
        }

        private Stream(FeatureFrame frame) {
            super(frame.data(), classifier.labels().size());
            this.frame = frame;
        }

        @Override
        public void reset() {
            // stateless: every window is scored on its own
        }
    }
}
