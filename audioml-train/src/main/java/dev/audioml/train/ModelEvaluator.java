package dev.audioml.train;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.OnnxClassifier;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.train.data.Clip;
import dev.audioml.train.data.ClipAudio;
import dev.audioml.train.data.Dataset;
import dev.audioml.train.eval.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores clips with any ONNX model that describes itself ({@code OnnxModel.open}: labels, features, window) exactly as
 * a pipeline would window by window, and reports metrics over a labelled dataset. A clip's scores are the mean of its
 * windows' scores: windows every hop (the model's {@code audioml.hop_seconds} unless given), the last one zero-padded
 * as in training, and with the model's level gate ({@code audioml.gate_db}) only the windows within that many dB of
 * the clip's loudest window, exactly as training scored its clips.
 *
 * <p>Not thread-safe: one evaluator per thread. Closing it closes the model.
 *
 * @since 0.1
 */
public final class ModelEvaluator implements AutoCloseable {
    private final OnnxModel model;
    private final FeatureExtractor extractor;
    private final OnnxClassifier classifier;
    private final FeatureFrame frame;
    private final int hopSamples;
    private final Double gateDb;

    /**
     * @param modelFile the model
     * @param hopSeconds hop between windows in seconds, or 0 for the model's own hop ({@link OnnxModel#hopSamples})
     */
    public ModelEvaluator(Path modelFile, double hopSeconds) {
        this.model = OnnxModel.open(modelFile);
        FeatureExtractor fx = null;
        try {
            fx = model.newExtractor();
            this.classifier = model.newClassifier();
        } catch (RuntimeException e) {
            if (fx != null) {
                fx.close();
            }
            model.close();
            throw e;
        }
        this.extractor = fx;
        this.frame = new FeatureFrame(model.frameShape());
        this.hopSamples = hopSeconds > 0 ? Math.max(1, (int) Math.round(hopSeconds * model.sampleRateHz()))
                : model.hopSamples();
        this.gateDb = model.metadata().gateDb().orElse(null);
    }

    /** @return the model's labels */
    public List<String> labels() {
        return model.labels();
    }

    /** @return the model's {@code metadata_props} (licenses, training provenance, ...), unmodifiable */
    public Map<String, String> metadataProperties() {
        return java.util.Collections.unmodifiableMap(model.session().metadata());
    }

    /** @return the model's window in seconds */
    public double windowSeconds() {
        return model.windowSamples() / (double) model.sampleRateHz();
    }

    /** @return the hop between scored windows in seconds */
    public double hopSeconds() {
        return hopSamples / (double) model.sampleRateHz();
    }

    /**
     * @param file an audio file
     * @return the mean of its (gated) windows' scores, in label order
     * @throws IOException if the file cannot be decoded
     */
    public double[] scoreClip(Path file) throws IOException {
        // read in blocks, so any length: a first pass takes each window's level (the gate compares them with the
        // loudest), a second scores the kept windows in order, as a pipeline would
        FloatList levels = new FloatList();
        ClipAudio.forEachWindow(file, model.sampleRateHz(), model.windowSamples(), hopSamples,
                (window, index) -> levels.add(ClipAudio.levelDb(window)));
        boolean[] keep = ClipAudio.gate(levels.toArray(), gateDb);
        double[] sum = new double[labels().size()];
        float[] scores = new float[sum.length];
        int[] kept = new int[1];
        ClipAudio.forEachWindow(file, model.sampleRateHz(), model.windowSamples(), hopSamples,
                (window, index) -> {
                    if (index >= keep.length) {
                        throw new IOException(file + ": the file changed while it was read (more windows than before)");
                    }
                    if (keep[index]) {
                        scoreWindow(window, scores);
                        kept[0]++;
                        for (int k = 0; k < sum.length; k++) {
                            sum[k] += scores[k];
                        }
                    }
                });
        for (int k = 0; k < sum.length; k++) {
            sum[k] /= kept[0];
        }
        return sum;
    }

    /** A growable list of floats. */
    private static final class FloatList {
        private float[] values = new float[64];
        private int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /**
     * Scores one window as a pipeline does: the model's feature extractor, then the classifier.
     *
     * @param window {@code windowSamples} samples at the model's rate
     * @param scores destination, one per label
     */
    public void scoreWindow(float[] window, float[] scores) {
        extractor.extract(AudioBlock.of(window, model.sampleRateHz(), 0), frame);
        classifier.classify(frame, scores);
    }

    /**
     * The outcome of evaluating a dataset.
     *
     * @param metrics clip-level metrics over the model's labels
     * @param unreadable files skipped, with the reason
     */
    public record Evaluation(Metrics metrics, Map<Path, String> unreadable) {
    }

    /**
     * Evaluates every clip of a dataset. Its classes must all be model labels.
     *
     * @param dataset labelled clips
     * @return metrics and skipped files
     * @throws IllegalArgumentException if the dataset has a class the model does not know
     */
    public Evaluation evaluate(Dataset dataset) {
        return evaluate(dataset, (done, total) -> { });
    }

    /**
     * Like {@link #evaluate(Dataset)}, reporting progress.
     *
     * @param dataset labelled clips
     * @param progress called after each clip with (clips done, clips in all), on the calling thread
     * @return metrics and skipped files
     * @since 0.1
     */
    public Evaluation evaluate(Dataset dataset, java.util.function.BiConsumer<Integer, Integer> progress) {
        List<String> labels = labels();
        for (String c : dataset.classes()) {
            if (!labels.contains(c)) {
                throw new IllegalArgumentException("dataset " + dataset.source() + " has class \"" + c
                        + "\" which the model does not know; model labels: " + labels);
            }
        }
        List<Integer> truth = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        Map<Path, String> unreadable = new LinkedHashMap<>();
        for (Clip c : dataset.clips()) {
            try {
                pred.add(ClipScoring.argmax(scoreClip(c.file())));
                truth.add(labels.indexOf(c.label()));
            } catch (IOException | IllegalArgumentException e) {
                unreadable.put(c.file(), e.getMessage());
            }
            progress.accept(truth.size() + unreadable.size(), dataset.clips().size());
        }
        return new Evaluation(Metrics.of(labels, truth.stream().mapToInt(Integer::intValue).toArray(),
                pred.stream().mapToInt(Integer::intValue).toArray()), unreadable);
    }

    @Override
    public void close() {
        extractor.close();
        classifier.close();
        model.close();
    }
}
