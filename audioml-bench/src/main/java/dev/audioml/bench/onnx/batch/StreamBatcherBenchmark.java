package dev.audioml.bench.onnx.batch;

import dev.audioml.bench.BenchInputs;
import dev.audioml.bench.BenchmarkDefaults;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import dev.audioml.onnx.ModelMetadata;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.onnx.OnnxSession;
import dev.audioml.onnx.OnnxSessionOptions;
import dev.audioml.onnx.batch.BatchPolicy;
import dev.audioml.onnx.batch.BatchedStream;
import dev.audioml.onnx.batch.StreamBatcher;
import dev.audioml.onnx.oww.WakeWordModel;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.silero.SileroVadModel;
import dev.audioml.onnx.write.OnnxModelEditor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How many streams does one core serve, batched vs one model call per window? One op scores the next window of each
 * of {@code streams} streams of one model: {@code perWindow} with one per-stream classifier each, called in turn (what
 * an application does today); {@code batched} through a {@link StreamBatcher} (every stream {@code submit}s, the
 * benchmark thread parks until the last score arrives, so the batcher's one inference thread does the work). Time per
 * op / {@code streams} is the core time per window; streams per core = hop (32 ms Silero, 80 ms openWakeWord, 1 s
 * window for the classifier) / that time; the ratio batched / perWindow is the gain. The op time of {@code batched}
 * is also the latency a window gets when all streams arrive together; with arrivals spread out a window waits at
 * most the policy's 2 ms more, so the added latency is at most 2 ms + the op time (run with {@code -bm sample} for
 * its p99).
 *
 * <p>Models: Silero VAD v5 (preset), openWakeWord melspectrogram + embedding + {@code hey_jarvis} (preset; the head runs
 * per stream, see {@code WakeWordModel.newBatcher}), and the generated classifier of
 * {@link BenchInputs#classifierModel()} (a log-mel MLP with a dynamic batch axis, as {@code audioml train} writes
 * them). ONNX Runtime: one intra-op thread everywhere. Run:
 * {@code java -jar audioml-bench/target/benchmarks.jar StreamBatcher -f 1 -wi 2 -i 3 -w 2 -r 2}.
 */
public class StreamBatcherBenchmark extends BenchmarkDefaults {
    /** The model under test. */
    public enum Model { SILERO, OPENWAKEWORD, CLASSIFIER }

    @Param({"SILERO", "OPENWAKEWORD", "CLASSIFIER"})
    public Model model;

    @Param({"32"})
    public int streams;

    private AutoCloseable opened;
    private Classifier[] perStream;
    private StreamBatcher batcher;
    private BatchedStream[] batchedStreams;
    private FeatureFrame[] frames;
    private float[][] scores;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Thread driver;
    private BatchedStream.ScoresListener done;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BatchPolicy policy = new BatchPolicy(streams, BatchPolicy.DEFAULT_MAX_WAIT_NANOS);
        ModelCache cache = ModelCache.defaultCache(System.err::println);
        perStream = new Classifier[streams];
        int[] shape;
        switch (model) {
            case SILERO -> {
                SileroVadModel m = Presets.sileroVad(cache);
                opened = m;
                batcher = m.newBatcher(16_000, policy);
                for (int i = 0; i < streams; i++) {
                    perStream[i] = m.newStream(16_000);
                }
                shape = new int[] {1, 512};
            }
            case OPENWAKEWORD -> {
                WakeWordModel m = Presets.wakeWords(cache, List.of(Preset.HEY_JARVIS));
                opened = m;
                batcher = m.newBatcher(policy);
                for (int i = 0; i < streams; i++) {
                    perStream[i] = m.newClassifier();
                }
                shape = new int[] {1, 1280};
            }
            default -> {
                OnnxSession session = OnnxSession.open(classifierWithMetadata(), "bench_mlp",
                        OnnxSessionOptions.builder().intraOpThreads(1).interOpThreads(1).build());
                OnnxModel m = OnnxModel.of(session, ModelMetadata.of(session));
                opened = m;
                batcher = m.newBatcher(policy);
                for (int i = 0; i < streams; i++) {
                    perStream[i] = m.newClassifier();
                }
                shape = m.frameShape();
            }
        }
        batchedStreams = new BatchedStream[streams];
        frames = new FeatureFrame[streams];
        scores = new float[streams][batcher.labels().size()];
        float[] noise = BenchInputs.noise(16_000 * 4);
        for (int i = 0; i < streams; i++) {
            batchedStreams[i] = batcher.newStream();
            frames[i] = new FeatureFrame(shape);
            float[] data = frames[i].data();
            for (int k = 0; k < data.length; k++) {
                data[k] = noise[(i * 397 + k) % noise.length]; // a different phase of the noise per stream
            }
        }
        done = (s, x) -> {
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(driver);
            }
        };
    }

    /** The generated MLP with the metadata {@code audioml train} writes: labels, log-mel spec, 1 s window, softmax. */
    static byte[] classifierWithMetadata() {
        StringBuilder labels = new StringBuilder("[");
        for (int i = 0; i < BenchInputs.CLASSIFIER_CLASSES; i++) {
            labels.append(i == 0 ? "" : ",").append("\"class").append(i).append('"');
        }
        return OnnxModelEditor.read(BenchInputs.classifierModel())
                .putMetadata(ModelMetadata.PREFIX + ModelMetadata.LABELS, labels.append(']').toString())
                .putMetadata(ModelMetadata.PREFIX + ModelMetadata.FEATURES, "{\"feature\": \"melspectrogram\", \"sr\": 16000, "
                        + "\"n_fft\": 512, \"hop_length\": 160, \"n_mels\": " + BenchInputs.CLASSIFIER_BANDS
                        + ", \"to_db\": {\"ref\": 1.0}}")
                .putMetadata(ModelMetadata.PREFIX + ModelMetadata.WINDOW_SECONDS, "1.0")
                .putMetadata(ModelMetadata.PREFIX + ModelMetadata.OUTPUT, "scores")
                .toByteArray();
    }

    /** @return the scores after one window of every stream, one model call per window */
    @Benchmark
    public float[][] perWindow() {
        for (int i = 0; i < streams; i++) {
            perStream[i].classify(frames[i], scores[i]);
        }
        return scores;
    }

    /** @return the batcher's run count after one window of every stream went through it */
    @Benchmark
    public long batched() {
        driver = Thread.currentThread();
        remaining.set(streams);
        for (int i = 0; i < streams; i++) {
            if (!batchedStreams[i].submit(frames[i], done)) {
                throw new IllegalStateException("stream " + i + " still in flight after its scores arrived");
            }
        }
        while (remaining.get() > 0) {
            LockSupport.park(this);
        }
        return batcher.batches();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        batcher.close();
        for (Classifier c : perStream) {
            c.close();
        }
        opened.close();
    }
}
