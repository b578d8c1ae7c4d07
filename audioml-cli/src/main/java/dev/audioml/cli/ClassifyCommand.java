package dev.audioml.cli;

import dev.audioml.capture.file.AudioFiles;
import dev.audioml.capture.realtime.RealtimeFileSource;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.Sink;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.core.sink.CsvSink;
import dev.audioml.core.sink.JsonlSink;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.silero.SpeechGate;
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
            "Presets score a file as their reference does (openWakeWord predict_clip, Silero get_speech_timestamps).",
            "With several --model options each runs on the same audio; labels are then prefixed <model>:."})
public final class ClassifyCommand implements Callable<Integer> {
    enum Format { table, jsonl, csv }

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    SinkOptions sinkOptions;

    @Option(names = "--hop", paramLabel = "S", description = "Hop between windows in seconds (default: the model's own hop, else its window).")
    Double hopSeconds;

    @Option(names = "--stride-ms", paramLabel = "MS",
            description = "openWakeWord presets: score every MS milliseconds (40 or 20: extra embedding phases, each window scored by its phase;"
                    + " costs 80/MS times the work) instead of every 80 ms hop.")
    Integer strideMs;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "3",
            description = "Labels listed per window in table and jsonl \"top\" (default: ${DEFAULT-VALUE}).")
    int topK;

    @Mixin
    EventOptions eventOptions;

    @Option(names = "--format", paramLabel = "F", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @picocli.CommandLine.Mixin
    AudioTrack audioTrack = new AudioTrack();

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
        eventOptions.validate();
        sinkOptions.midiNotesFromEvents = eventOptions.eventsOn();
        if (strideMs != null && !(strideMs > 0 && 80 % strideMs == 0 && 1280 % (80 / strideMs) == 0)) {
            throw new Main.UsageException("--stride-ms must divide 80 (80, 40, 20, 10, ...), got " + strideMs);
        }
        if (strideMs != null && hopSeconds != null) {
            throw new Main.UsageException("choose one of --stride-ms and --hop");
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new Main.UsageException("no such audio file: " + f);
            }
        }
        sinkOptions.validate(files.size() * modelOptions.models.size());
        PrintWriter out = spec.commandLine().getOut();
        List<ModelOptions.NamedModel> models = modelOptions.open(spec.commandLine().getErr());
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
        PostProcessor.Builder post = eventOptions.postProcessor(model, true);
        Sink sink = switch (format) {
            case table -> new TableSink(out, topK);
            case jsonl -> new JsonlSink(out, file.toString(), topK);
            case csv -> new CsvSink(out);
        };
        SpeechGate gate = StreamClassifiers.speechGate(model, eventOptions.vadThreshold);
        FeatureExtractor features;
        try {
            features = sinkOptions.wrap(gate == null ? model.newExtractor() : gate.watch(model.newExtractor()));
        } catch (RuntimeException e) {
            if (gate != null) {
                gate.close();
            }
            throw e;
        }
        AtomicReference<Pipeline> running = new AtomicReference<>();
        List<Sink> outputs = sinkOptions.open(features, model.labels(), ModelOptions.title(named) + " — " + file, file.toString(),
                () -> running.get() == null ? null : running.get().stats(), out);
        Classifier classifier = null;
        Pipeline.Builder builder;
        try {
            // with --web the file plays in real time, so the page can follow it;
            // a file is scored as the model's reference scorer scores it (openWakeWord: predict_clip's padding)
            int hop = ModelOptions.hopSamples(hopSeconds, model);
            SpeechGate owned = gate;
            gate = null; // the classifier owns it from here, also when newClassifier throws
            classifier = StreamClassifiers.newClassifier(model, named.name(), strideMs, eventOptions.vadThreshold, owned);
            if (strideMs != null) {
                hop = model.windowSamples() * strideMs / 80;
            }
            eventOptions.requireCalibratedHop(hop, model.sampleRateHz());
            builder = model.fileScoring().applyTo(Pipeline.builder()
                    .source(sinkOptions.web ? RealtimeFileSource.of(AudioTrack.open(file, audioTrack.track))
                            : AudioTrack.open(file, audioTrack.track))
                    .features(features)
                    .window(model.windowSamples(), hop)
                    .classifier(classifier)
                    .postProcess(post.build())
                    .sink(prefixLabels ? new PrefixedSink(named.name(), sink) : sink));
            outputs.forEach(builder::sink);
        } catch (RuntimeException | java.io.IOException e) {
            // nothing was built: close what would have been handed over (build() closes them when it fails)
            features.close();
            outputs.forEach(Sink::close);
            if (classifier != null) {
                classifier.close();
            }
            if (gate != null) {
                gate.close();
            }
            throw e;
        }
        Pipeline pipeline = builder.build();
        try (Pipeline p = pipeline) {
            running.set(p);
            p.run();
        }
    }
}
