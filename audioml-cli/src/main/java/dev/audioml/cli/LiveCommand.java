package dev.audioml.cli;

import dev.audioml.capture.file.AudioFiles;
import dev.audioml.capture.realtime.RealtimeFileSource;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.Sink;
import dev.audioml.core.Source;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.pipeline.PipelineStats;
import dev.audioml.core.sink.ConsoleSink;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.silero.SpeechGate;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audioml live}: classify a microphone (or a file played in real time) and print results as they come. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = {"Classify live audio from a microphone, or a file played at wall-clock speed.",
            "Prints one line per window; on exit (end of file, --seconds, Ctrl-C) prints the windows processed, "
                + "dropped blocks and the latency p50/p99 from a window being complete to its result being printed."})
public final class LiveCommand implements Callable<Integer> {
    /** How long Ctrl-C waits for the pipeline to drain and the summary to print. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(3);
    private static final double NANOS_PER_MS = 1e6;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    SinkOptions sinkOptions;

    @ArgGroup(exclusive = true)
    Input input = new Input();

    static final class Input {
        @Option(names = "--device", paramLabel = "D", description = "Capture device: index or part of its name (default: the first).")
        String device;

        @Option(names = "--source", paramLabel = "FILE", description = "Play this audio file in real time instead of capturing.")
        Path source;
    }

    @Option(names = "--hop", paramLabel = "S", description = "Hop between windows in seconds (default: the model's own hop, else its window).")
    Double hopSeconds;

    @Option(names = "--seconds", paramLabel = "S", description = "Stop after S seconds (default: at end of the source, or Ctrl-C).")
    Double seconds;

    @Mixin
    EventOptions eventOptions;

    @Option(names = "--keep-open", arity = "0..1", paramLabel = "true|false", description = "With --web: keep the page "
            + "served after the source ends, so its final state can be looked at, until Ctrl-C. Default: on for "
            + "--source FILE in an interactive terminal, off otherwise.")
    Boolean keepOpen;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (modelOptions.models.size() != 1) {
            throw new Main.UsageException("live takes one --model, got " + modelOptions.models.size());
        }
        ModelOptions.requirePositive("--hop", hopSeconds);
        ModelOptions.requirePositive("--seconds", seconds);
        if (input.source != null && !Files.isRegularFile(input.source)) {
            throw new Main.UsageException("no such audio file: " + input.source);
        }
        sinkOptions.validate(1);
        eventOptions.validate();
        sinkOptions.midiNotesFromEvents = eventOptions.eventsOn();
        sinkOptions.keepPageOpen = keepOpen != null ? keepOpen : input.source != null && Progress.terminal;
        PrintWriter out = spec.commandLine().getOut();
        List<ModelOptions.NamedModel> models = modelOptions.open(spec.commandLine().getErr());
        try (AudioModel model = models.get(0).model()) {
            Source source = input.source != null
                    ? RealtimeFileSource.of(AudioFiles.open(input.source))
                    : Microphones.open(input.device, model.sampleRateHz(), "connect a microphone ('audioml devices' "
                            + "lists what Java Sound sees), or run the live path on a recording with --source FILE");
            out.println("live: " + source.description() + " -> " + models.get(0).name() + " (" + model.labels().size()
                    + " labels, window " + model.windowSamples() + " samples at " + model.sampleRateHz() + " Hz)");
            AtomicReference<Pipeline> running = new AtomicReference<>();
            List<Sink> outputs = List.of();
            FeatureExtractor features = null;
            Classifier classifier = null;
            SpeechGate gate = null;
            Pipeline.Builder builder;
            try {
                gate = StreamClassifiers.speechGate(model, eventOptions.vadThreshold);
                features = sinkOptions.wrap(gate == null ? model.newExtractor() : gate.watch(model.newExtractor()));
                outputs = sinkOptions.open(features, model.labels(), ModelOptions.title(models.get(0)) + " — "
                        + source.description(),
                        input.source != null ? input.source.toString() : source.description(),
                        () -> running.get() == null ? null : running.get().stats(), out);
                SpeechGate owned = gate;
                gate = null; // the classifier owns it from here, also when newClassifier throws
                classifier = StreamClassifiers.newClassifier(model, models.get(0).name(), null,
                        eventOptions.vadThreshold, owned);
                int hop = ModelOptions.hopSamples(hopSeconds, model);
                eventOptions.requireCalibratedHop(hop, model.sampleRateHz());
                builder = Pipeline.builder()
                        .source(source)
                        .features(features)
                        .window(model.windowSamples(), hop)
                        .classifier(classifier)
                        .sink(new ConsoleSink(out));
                if (eventOptions.eventsOn() || eventOptions.threshold != null) {
                    builder.postProcess(eventOptions.postProcessor(model, true).build());
                }
                outputs.forEach(builder::sink);
            } catch (RuntimeException e) {
                // nothing was built: close what would have been handed over (build() closes them when it fails)
                outputs.forEach(Sink::close);
                if (classifier != null) {
                    classifier.close();
                }
                if (features != null) {
                    features.close();
                }
                if (gate != null) {
                    gate.close();
                }
                source.close();
                throw e;
            }
            Pipeline pipeline = builder.build();
            running.set(pipeline);
            try {
                run(pipeline, out);
                if (sinkOptions.page != null && sinkOptions.page.isServing()) {
                    waitWhileServing(sinkOptions.page, out);
                }
            } finally {
                sinkOptions.closeShared();
                if (sinkOptions.page != null) {
                    sinkOptions.page.stopServing();
                }
            }
        }
        return 0;
    }

    private void run(Pipeline pipeline, PrintWriter out) throws InterruptedException {
        CountDownLatch summarized = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            pipeline.stop();
            try {
                summarized.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "audioml-live-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (pipeline) {
            pipeline.start();
            if (seconds != null) {
                if (!pipeline.awaitTermination(Duration.ofMillis(Math.round(seconds * 1000)))) {
                    pipeline.stop();
                }
            }
            pipeline.awaitTermination(Duration.ofDays(365));
        } finally {
            out.println(summary(pipeline.stats()));
            out.flush();
            summarized.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for the summary above.
            }
        }
    }

    /** --keep-open: the stream ended, the page stays up with its final state until Ctrl-C. */
    private static void waitWhileServing(dev.audioml.sinks.web.WebDashboard page, PrintWriter out)
            throws InterruptedException {
        CountDownLatch quit = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            page.stopServing();
            quit.countDown();
        }, "audioml-live-page");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("live: the source ended; " + page.url() + " keeps showing the final state. Ctrl-C to quit.");
        out.flush();
        quit.await();
    }

    static String summary(PipelineStats s) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "live: %d windows, %d blocks dropped (%d samples), latency p50 %.2f ms, p99 %.2f ms",
                s.windowsProcessed(), s.blocksDropped(), s.samplesDropped(), s.latencyP50Nanos() / NANOS_PER_MS,
                s.latencyP99Nanos() / NANOS_PER_MS));
        out.append(String.format(Locale.ROOT, "%nlatency budget       p50 ms    p99 ms  p99.9 ms   count"));
        s.stages().forEach((stage, lat) -> {
            if (lat.count() > 0) {
                out.append(String.format(Locale.ROOT, "%n  %-18s %8.3f  %8.3f  %8.3f  %6d", stage.name().toLowerCase(Locale.ROOT),
                        lat.p50Nanos() / NANOS_PER_MS, lat.p99Nanos() / NANOS_PER_MS, lat.p999Nanos() / NANOS_PER_MS,
                        lat.count()));
            }
        });
        return out.toString();
    }
}
