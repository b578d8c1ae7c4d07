package dev.audioml.spark.internal;

import dev.audioml.capture.file.AudioFiles;
import dev.audioml.core.Classification;
import dev.audioml.core.Classifier;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import dev.audioml.core.Source;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.LevelGatedClassifier;
import dev.audioml.onnx.OnnxSessionOptions;
import dev.audioml.spark.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * Scores each file with the model as {@code audioml classify} does (the same pipeline: the model's extractor, window,
 * hop and file scoring, the level gate of a trained model, its default events step), on the model this executor
 * shares between its tasks. Not API.
 */
public final class TagScan extends FileScan {
    private static final long serialVersionUID = 1L;
    private final Broadcast<ModelSpec> model;
    private final String key;
    private final int hopSamples;
    private final int intraOpThreads;

    /**
     * @param model the broadcast model
     * @param sha256 its {@link ModelSpec#sha256()}, the key executors share one open model by (known without reading
     *     the broadcast value)
     * @param hopSamples hop between windows at the model's rate
     * @param intraOpThreads ONNX Runtime intra-op threads of a model file's sessions (0: ONNX Runtime's choice)
     */
    public TagScan(Broadcast<ModelSpec> model, String sha256, int hopSamples, int intraOpThreads) {
        this.model = model;
        this.key = "model:" + sha256 + "|intra-op " + intraOpThreads;
        this.hopSamples = hopSamples;
        this.intraOpThreads = intraOpThreads;
    }

    @Override
    protected double scan(String path, Path local, List<Row> out) throws IOException {
        // the broadcast value is read (fetched and deserialized) only by the task that opens the model
        AudioModel m = ExecutorResources.acquire(key, AudioModel.class, () -> model.value().open(
                OnnxSessionOptions.builder().intraOpThreads(intraOpThreads).interOpThreads(1).build()));
        CountingSource source = new CountingSource(AudioFiles.open(local));
        Classifier classifier = null;
        Pipeline pipeline;
        try {
            classifier = LevelGatedClassifier.forStream(m);
            pipeline = m.fileScoring().applyTo(Pipeline.builder()
                    .source(source)
                    .features(m.newExtractor())
                    .window(m.windowSamples(), hopSamples)
                    .classifier(classifier)
                    .postProcess(PostProcessor.builder().events(m.defaultEvents()).build())
                    .sink(new RowSink(path, out)))
                    .build();
        } catch (RuntimeException e) {
            source.close();
            if (classifier != null) {
                classifier.close();
            }
            throw e;
        }
        try (Pipeline p = pipeline) {
            p.run();
        }
        return (double) source.frames / source.sampleRateHz();
    }

    /** Turns a file's windows (one row per label) and events into rows. */
    private record RowSink(String path, List<Row> out) implements Sink {
        @Override
        public void onClassification(Classification c) {
            List<String> labels = c.labels();
            for (int i = 0; i < labels.size(); i++) {
                out.add(Rows.window(path, c.startSeconds(), c.endSeconds(), labels.get(i), c.score(i)));
            }
        }

        @Override
        public void onEvent(Event e) {
            out.add(Rows.event(path, e.label(), e.startSeconds(), e.endSeconds(), e.peakScore()));
        }
    }

    /** Counts the frames a source gives, for the file's duration. */
    private static final class CountingSource implements Source {
        private final Source inner;
        long frames;

        CountingSource(Source inner) {
            this.inner = inner;
        }

        @Override
        public int sampleRateHz() {
            return inner.sampleRateHz();
        }

        @Override
        public int read(float[] buffer, int offset, int length) throws IOException {
            int n = inner.read(buffer, offset, length);
            if (n > 0) {
                frames += n;
            }
            return n;
        }

        @Override
        public java.util.OptionalLong frameCount() {
            return inner.frameCount();
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
