package dev.audioml.bench.pipeline;

import dev.audioml.bench.AudioCursor;
import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.bench.features.FeatureConfig;
import dev.audioml.capture.file.AudioFiles;
import dev.audioml.capture.file.WavWriter;
import dev.audioml.core.AudioBlock;
import dev.audioml.core.Classification;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.Sink;
import dev.audioml.core.Source;
import dev.audioml.core.framing.WindowFramer;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.onnx.OnnxClassifier;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.OnnxSessionOptions;
import dev.audioml.onnx.OutputMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What is the per-window latency (p50, p99, p99.9) of the realtime path from a complete window to its result in a
 * sink: 1 s window every 100 ms at 16 kHz, log-mel 512/160/64 over the window ({@code [101, 64]}), the generated
 * classifier ({@link BenchInputs#classifierModel()}, one intra-op thread), a {@link CallbackSink} — exactly the steps
 * and order of the core {@code Pipeline}'s window handler. The audio is a 16-bit WAV written at setup and decoded by
 * {@link AudioFiles} (the file source) into memory, so the measurement holds no disk I/O or pacing wait: each op pushes
 * one 100 ms block into the {@link WindowFramer}, which emits exactly one window. Run briefly:
 * {@code java -jar audioml-bench/target/benchmarks.jar EndToEnd -f 1 -wi 2 -i 3 -w 1 -r 1}.
 */
@BenchmarkMode(Mode.SampleTime)
public class EndToEndBenchmark extends BenchmarkDefaults {
    private static final int RATE_HZ = 16_000;
    private static final int WINDOW_SAMPLES = RATE_HZ;
    private static final int HOP_SAMPLES = RATE_HZ / 10;
    private static final int CLIP_SECONDS = 10;

    private float[] audio;
    private AudioCursor cursor;
    private WindowFramer framer;
    private FeaturePipeline features;
    private FeatureFrame frame;
    private OnnxSession session;
    private OnnxClassifier classifier;
    private List<String> labels;
    private float[] scores;
    private Sink sink;
    private Blackhole blackhole;
    private final WindowFramer.WindowConsumer onWindow = this::onWindow;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) throws IOException {
        blackhole = bh;
        Path wav = Files.createTempFile("audioml-bench-", ".wav");
        try {
            try (WavWriter w = WavWriter.create(wav, RATE_HZ, 1, WavWriter.SampleFormat.PCM_16)) {
                float[] noise = BenchInputs.noise(CLIP_SECONDS * RATE_HZ);
                w.write(noise, 0, noise.length);
            }
            audio = new float[CLIP_SECONDS * RATE_HZ];
            try (Source source = AudioFiles.open(wav)) {
                int n = 0;
                int r;
                while (n < audio.length && (r = source.read(audio, n, audio.length - n)) > 0) {
                    n += r;
                }
            }
        } finally {
            Files.deleteIfExists(wav);
        }
        framer = new WindowFramer(WINDOW_SAMPLES, HOP_SAMPLES, RATE_HZ);
        features = FeaturePipeline.fromSpec(FeatureConfig.LOGMEL_16K_512_160_64.spec());
        int[] shape = features.outputShape(WINDOW_SAMPLES);
        frame = new FeatureFrame(shape);
        session = OnnxSession.open(BenchInputs.classifierModel(), "bench_mlp",
                OnnxSessionOptions.builder().intraOpThreads(1).interOpThreads(1).build());
        labels = new ArrayList<>();
        for (int i = 0; i < BenchInputs.CLASSIFIER_CLASSES; i++) {
            labels.add("class" + i);
        }
        classifier = OnnxClassifier.builder(session).labels(labels).outputMode(OutputMode.SCORES)
                .frameShape(shape).build();
        scores = new float[labels.size()];
        sink = new CallbackSink(c -> blackhole.consume(c.top()));
        // fill the first window so that every measured op emits exactly one
        framer.push(audio, 0, WINDOW_SAMPLES - HOP_SAMPLES, onWindow);
        cursor = new AudioCursor(audio.length, HOP_SAMPLES);
    }

    private void onWindow(AudioBlock window, int validSamples) {
        long start = window.startSample();
        frame.span(start, start + validSamples, RATE_HZ);
        features.extract(window, frame);
        classifier.classify(frame, scores);
        sink.onClassification(new Classification(start, start + validSamples, RATE_HZ, labels, scores));
    }

    /** One 100 ms block in, one window classified and delivered. */
    @Benchmark
    public long windowToSink() {
        framer.push(audio, cursor.next(), HOP_SAMPLES, onWindow);
        return framer.nextSample();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        classifier.close();
        session.close();
    }
}
