package dev.audioml.cli;

import dev.audioml.capture.file.AudioFiles;
import dev.audioml.capture.realtime.RealtimeFileSource;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.Sink;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.core.sink.CsvSink;
import dev.audioml.core.sink.JsonlSink;
import dev.audioml.onnx.AudioModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code audioml classify}: a timeline of scores (and events) per audio file, for one or more ONNX models. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Classify audio files with ONNX models and print a timeline per file.",
            "Each model brings its labels, features, window and output mode (see docs/onnx.md).",
            "With several --model options each runs on the same audio; labels are then prefixed <model>:."})
public final class ClassifyCommand implements Callable<Integer> {
    /** Score at or above which an event starts, unless --threshold says otherwise. */
    static final float DEFAULT_EVENT_THRESHOLD = 0.5f;

    enum Format { table, jsonl, csv }

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    SinkOptions sinkOptions;

    @Option(names = "--hop", paramLabel = "S", description = "Hop between windows in seconds (default: the model's own hop, else its window).")
    Double hopSeconds;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "3",
            description = "Labels listed per window in table and jsonl \"top\" (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--threshold", paramLabel = "T",
            description = "Report only labels scoring at least T (windows with none are skipped); with --events, the score that starts and sustains an event (default "
                    + DEFAULT_EVENT_THRESHOLD + ").")
    Float threshold;

    @Option(names = "--events", description = "Also report events: runs of windows where a label scores at least the threshold, with start, end and peak score.")
    boolean events;

    @Option(names = "--format", paramLabel = "F", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--fail-fast", description = "Stop at the first file that cannot be decoded (default: report it "
            + "on stderr and go on with the next; exit 1 at the end with a count).")
    boolean failFast;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files: WAV, AIFF, AU, FLAC, Ogg Vorbis, MP3.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (topK < 1) {
            throw new Main.UsageException("--top-k must be >= 1, got " + topK);
        }
        ModelOptions.requirePositive("--hop", hopSeconds);
        if (threshold != null && !Float.isFinite(threshold)) {
            throw new Main.UsageException("--threshold must be a finite score, got " + threshold);
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new Main.UsageException("no such audio file: " + f);
            }
        }
        sinkOptions.validate(files.size() * modelOptions.models.size());
        PrintWriter out = spec.commandLine().getOut();
        List<ModelOptions.NamedModel> models = modelOptions.open();
        FileFailures failures = new FileFailures("classify", spec.commandLine().getErr(), failFast);
        try {
            for (Path file : files) {
                failures.attempted();
                try {
                    for (ModelOptions.NamedModel m : models) {
                        if (format == Format.table) {
                            out.println("== " + file + (models.size() > 1 ? "  [" + m.name() + "]" : ""));
                        }
                        run(file, m, models.size() > 1, out);
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    out.flush(); // what the file gave before it failed stays whole lines on stdout
                    failures.failed(file, e);
                }
            }
        } finally {
            models.forEach(ModelOptions.NamedModel::close);
            sinkOptions.closeShared();
        }
        out.flush();
        return failures.exitCode();
    }

    private void run(Path file, ModelOptions.NamedModel named, boolean prefixLabels, PrintWriter out) throws java.io.IOException {
        AudioModel model = named.model();
        PostProcessor.Builder post = PostProcessor.builder();
        if (threshold != null) {
            post.threshold(threshold);
        }
        if (events) {
            float on = threshold != null ? threshold : DEFAULT_EVENT_THRESHOLD;
            post.events(on, on);
        }
        Sink sink = switch (format) {
            case table -> new TableSink(out, topK);
            case jsonl -> new JsonlSink(out, file.toString(), topK);
            case csv -> new CsvSink(out);
        };
        FeatureExtractor features = sinkOptions.wrap(model.newExtractor());
        AtomicReference<Pipeline> running = new AtomicReference<>();
        List<Sink> outputs = sinkOptions.open(features, model.labels(), named.name() + " — " + file, file.toString(),
                () -> running.get() == null ? null : running.get().stats(), out);
        Pipeline pipeline;
        try {
            // with --web the file plays in real time, so the page can follow it
            Pipeline.Builder builder = Pipeline.builder()
                    .source(sinkOptions.web ? RealtimeFileSource.of(AudioFiles.open(file)) : AudioFiles.open(file))
                    .features(features)
                    .window(model.windowSamples(), ModelOptions.hopSamples(hopSeconds, model))
                    .classifier(model.newClassifier())
                    .postProcess(post.build())
                    .sink(prefixLabels ? new PrefixedSink(named.name(), sink) : sink);
            outputs.forEach(builder::sink);
            pipeline = builder.build();
        } catch (RuntimeException | java.io.IOException e) {
            outputs.forEach(Sink::close);
            throw e;
        }
        try (Pipeline p = pipeline) {
            running.set(p);
            p.run();
        }
    }
}
