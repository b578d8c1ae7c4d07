package dev.audioml.onnx.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.Classification;
import dev.audioml.core.Classifier;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.core.source.Sources;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.onnx.oww.WakeWordModel;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.silero.SileroVadModel;
import dev.audioml.onnx.testing.TestAudio;
import dev.audioml.onnx.testing.ToneModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batched streams score exactly as one per-stream classifier per stream, on the real Silero VAD and openWakeWord
 * models (and a dynamic-batch ONNX model), with espeak-ng speech in sox noise, streams at different phases joining at
 * different times, one reset mid-stream, driven both without waiting ({@code submit}) and from several threads at once
 * ({@code classify}, where batches form through the bounded wait).
 */
class StreamBatcherTest {
    /** Largest difference between a batched score and the per-stream classifier's score of the same window. */
    private static final float BATCHED_TOLERANCE = 1e-5f;
    private static final int RATE = TestAudio.RATE;
    /** Samples between the start points of consecutive streams in the shared recording (phases). */
    private static final int PHASE_STEP = 397;
    private static final int ALLOCATION_WARM_UP = 300;
    private static final int ALLOCATION_WINDOWS = 1_000;
    /** Heap bytes one ONNX Runtime run allocates in Java (its Result and small arrays: about 0.5 KiB; see AllocationTest). */
    private static final long ORT_RUN_BYTES_LIMIT = 2 * 1024;

    @TempDir
    static Path dir;
    private static float[] recording;
    private static SileroVadModel silero;
    private static WakeWordModel wakeWords;

    @BeforeAll
    static void setUp() {
        silero = Presets.sileroVad(TestAudio.cache());
        wakeWords = Presets.wakeWords(TestAudio.cache(), List.of(Preset.HEY_JARVIS));
        recording = TestAudio.noise(dir, 8.0, "pinknoise", 0.02, 5);
        TestAudio.mix(recording, TestAudio.speech(dir, "hey jarvis, turn on the lights", "en-us", 150), RATE / 2);
        TestAudio.mix(recording, TestAudio.speech(dir, "please call me back tomorrow", "en+f3", 160), 4 * RATE);
    }

    @AfterAll
    static void tearDown() {
        if (silero != null) {
            silero.close();
        }
        if (wakeWords != null) {
            wakeWords.close();
        }
    }

    @Test
    void sileroBatchedEqualsPerStreamOverManyPhases() {
        try (StreamBatcher batcher = silero.newBatcher(RATE, new BatchPolicy(8, 2_000_000L))) {
            compareSubmitted(batcher, () -> silero.newStream(RATE), 512, 20);
            assertThat(batcher.windows() / (double) batcher.batches()).as("mean batch size").isGreaterThan(4);
        }
    }

    /** 8 kHz streams (256-sample chunks, 32 of context) run their own batch copy of the model, sized at 8 kHz. */
    @Test
    void sileroAt8kHzBatchedEqualsPerStream() {
        try (StreamBatcher batcher = silero.newBatcher(8_000, new BatchPolicy(8, 2_000_000L))) {
            compareSubmitted(batcher, () -> silero.newStream(8_000), 256, 8);
            assertThat(batcher.windows() / (double) batcher.batches()).as("mean batch size").isGreaterThan(4);
        }
    }

    @Test
    void wakeWordChainBatchedEqualsPerStream() {
        try (StreamBatcher batcher = wakeWords.newBatcher(BatchPolicy.defaults())) {
            compareSubmitted(batcher, wakeWords::newClassifier, 1280, 6);
        }
    }

    @Test
    void dynamicBatchModelBatchedEqualsPerStream() throws Exception {
        Path file = dir.resolve("tone.onnx");
        ToneModels.lowHigh().write(file);
        try (OnnxModel model = OnnxModel.open(file); StreamBatcher batcher = model.newBatcher(BatchPolicy.defaults())) {
            compareSubmitted(batcher, model::newClassifier, ToneModels.WINDOW_SAMPLES, 9);
        }
    }

    @Test
    void streamsOnTheirOwnThreadsBatchThroughTheWaitAndKeepOrder() throws Exception {
        int streams = 6;
        int windows = recording.length / 512 - streams;
        float[][][] batched = new float[streams][windows][1];
        float[][][] reference = new float[streams][windows][1];
        try (StreamBatcher batcher = silero.newBatcher(RATE, new BatchPolicy(4, 3_000_000L))) {
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int k = 0; k < streams; k++) {
                int stream = k;
                BatchedStream s = batcher.newStream();
                threads.add(new Thread(() -> {
                    try (s) {
                        FeatureFrame frame = new FeatureFrame(1, 512);
                        for (int w = 0; w < windows; w++) {
                            System.arraycopy(recording, stream * 512 / streams + w * 512, frame.data(), 0, 512);
                            s.classify(frame, batched[stream][w]);
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(batcher.windows()).isEqualTo((long) streams * windows);
            assertThat(batcher.batches()).as("batches formed from several threads").isLessThan((long) streams * windows);
            assertThat(batcher.streamCount()).isZero();
        }
        for (int k = 0; k < streams; k++) {
            try (Classifier c = silero.newStream(RATE)) {
                FeatureFrame frame = new FeatureFrame(1, 512);
                for (int w = 0; w < windows; w++) {
                    System.arraycopy(recording, k * 512 / streams + w * 512, frame.data(), 0, 512);
                    c.classify(frame, reference[k][w]);
                }
            }
            assertClose(batched[k], reference[k], "thread stream " + k);
        }
    }

    /**
     * Windows are batched oldest first: a stream that resubmits as soon as its scores arrive (from its listener) does
     * not overtake streams whose windows waited longer, however small the batch. The six first windows are submitted
     * from a listener on the inference thread, so no batch can start between them and the order is deterministic.
     */
    @Test
    void oldestWindowsGoFirstWhenMoreArePendingThanABatchHolds() throws Exception {
        int streams = 6;
        try (StreamBatcher batcher = silero.newBatcher(RATE, new BatchPolicy(2, 100_000_000L))) {
            BatchedStream starter = batcher.newStream();
            BatchedStream[] handles = new BatchedStream[streams];
            for (int k = 0; k < streams; k++) {
                handles[k] = batcher.newStream();
            }
            FeatureFrame frame = new FeatureFrame(1, 512);
            List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(streams + 2);
            boolean[] resubmitted = new boolean[streams];
            BatchedStream.ScoresListener record = (s, scores) -> {
                int k = java.util.Arrays.asList(handles).indexOf(s);
                order.add(k);
                if (k < 2 && !resubmitted[k]) { // streams 0 and 1 come straight back with their next window
                    resubmitted[k] = true;
                    assertThat(s.submit(frame, (t, x) -> {
                        order.add(10 + k);
                        done.countDown();
                    })).isTrue();
                }
                done.countDown();
            };
            assertThat(starter.submit(frame, (s, scores) -> {
                for (BatchedStream h : handles) {
                    assertThat(h.submit(frame, record)).isTrue();
                }
            })).isTrue();
            assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 10, 11);
            assertThat(batcher.windows()).isEqualTo(1 + streams + 2);
            assertThat(batcher.batches()).as("full batches of 2 after the starter's").isEqualTo(1 + 4);
        }
    }

    /**
     * The benchmark's observer ({@code Batchers.observe}) sees every run once, on the inference thread, with its size
     * and times in order (oldest submission, newest, run start, run end, delivered), and nothing once removed.
     */
    @Test
    void observerSeesEveryRunWithItsTimesInOrder() throws Exception {
        int streams = 4;
        int rounds = 30;
        List<long[]> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger starting = new java.util.concurrent.atomic.AtomicInteger();
        try (StreamBatcher batcher = silero.newBatcher(RATE, new BatchPolicy(streams, 1_000_000L))) {
            dev.audioml.onnx.internal.Batchers.observe(batcher, new dev.audioml.onnx.internal.BatchObserver() {
                @Override
                public void runStarting() {
                    assertThat(Thread.currentThread().getName()).isEqualTo("audioml-batcher-silero-vad");
                    starting.incrementAndGet();
                }

                @Override
                public void runEnded(long oldest, long newest, long start, long end, long delivered, int windows, int queued) {
                    seen.add(new long[] {oldest, newest, start, end, delivered, windows, queued});
                }
            });
            BatchedStream[] handles = new BatchedStream[streams];
            for (int k = 0; k < streams; k++) {
                handles[k] = batcher.newStream();
            }
            FeatureFrame frame = new FeatureFrame(1, 512);
            float[] scores = new float[1];
            for (int r = 0; r < rounds; r++) {
                java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(streams);
                for (BatchedStream h : handles) {
                    assertThat(h.submit(frame, (s, x) -> done.countDown())).isTrue();
                }
                assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
            long batches = batcher.batches();
            dev.audioml.onnx.internal.Batchers.observe(batcher, null);
            handles[0].classify(frame, scores);
            assertThat(seen).hasSize((int) batches);
            assertThat(starting.get()).isEqualTo((int) batches);
            assertThat(seen.stream().mapToLong(t -> t[5]).sum()).isEqualTo((long) streams * rounds);
            for (long[] t : seen) {
                assertThat(t[0]).isLessThanOrEqualTo(t[1]);
                assertThat(t[1]).isLessThanOrEqualTo(t[2]);
                assertThat(t[2]).isLessThanOrEqualTo(t[3]);
                assertThat(t[3]).isLessThanOrEqualTo(t[4]);
                assertThat(t[5]).isBetween(1L, (long) streams);
                assertThat(t[6]).isZero();
            }
        }
    }

    @Test
    void streamThreadAllocatesNothingAndTheInferenceThreadOnlyOrtBookkeeping() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (StreamBatcher batcher = silero.newBatcher(RATE, new BatchPolicy(1, 0)); BatchedStream s = batcher.newStream()) {
            FeatureFrame frame = new FeatureFrame(1, 512);
            float[] scores = new float[1];
            for (int w = 0; w < ALLOCATION_WARM_UP; w++) {
                s.classify(frame, scores);
            }
            long inference = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("audioml-batcher-silero-vad")).findFirst().orElseThrow().getId();
            long self = Thread.currentThread().getId();
            long selfBefore = mx.getThreadAllocatedBytes(self);
            long inferenceBefore = mx.getThreadAllocatedBytes(inference);
            for (int w = 0; w < ALLOCATION_WINDOWS; w++) {
                frame.data()[w % 512] = w * 1e-4f;
                s.classify(frame, scores);
            }
            long selfPerWindow = (mx.getThreadAllocatedBytes(self) - selfBefore) / ALLOCATION_WINDOWS;
            long inferencePerWindow = (mx.getThreadAllocatedBytes(inference) - inferenceBefore) / ALLOCATION_WINDOWS;
            System.out.printf("batched classify heap allocation: stream thread %d B/window, inference thread %d B/run%n",
                    selfPerWindow, inferencePerWindow);
            assertThat(selfPerWindow).isZero();
            assertThat(inferencePerWindow).as("ONNX Runtime's Result bookkeeping only").isLessThan(ORT_RUN_BYTES_LIMIT);
        }
    }

    @Test
    void pipelinesOnTheirOwnThreadsShareOneBatcher() throws Exception {
        int pipelines = 4;
        List<List<Classification>> batched = new ArrayList<>();
        try (StreamBatcher batcher = silero.newBatcher(RATE, BatchPolicy.defaults())) {
            List<Thread> threads = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int k = 0; k < pipelines; k++) {
                List<Classification> out = java.util.Collections.synchronizedList(new ArrayList<>());
                batched.add(out);
                Pipeline p = speechPipeline(k, batcher.newStream(), out);
                threads.add(new Thread(() -> {
                    try (p) {
                        p.run();
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(batcher.streamCount()).as("each pipeline closed its stream").isZero();
        }
        for (int k = 0; k < pipelines; k++) {
            List<Classification> reference = new ArrayList<>();
            try (Pipeline p = speechPipeline(k, silero.newStream(RATE), reference)) {
                p.run();
            }
            assertThat(batched.get(k)).hasSameSizeAs(reference);
            float[][] b = new float[reference.size()][];
            float[][] r = new float[reference.size()][];
            for (int w = 0; w < r.length; w++) {
                assertThat(batched.get(k).get(w).startSample()).isEqualTo(reference.get(w).startSample());
                b[w] = batched.get(k).get(w).scores();
                r[w] = reference.get(w).scores();
            }
            assertClose(b, r, "pipeline " + k);
        }
    }

    /** A file-speed pipeline over the recording from sample {@code k * PHASE_STEP}: 512-sample windows, Silero. */
    private static Pipeline speechPipeline(int k, Classifier classifier, List<Classification> out) {
        float[] audio = java.util.Arrays.copyOfRange(recording, k * PHASE_STEP, recording.length);
        return Pipeline.builder().source(Sources.fromArray(audio, RATE)).window(512, 512)
                .features(new IdentityExtractor(RATE)).classifier(classifier).sink(new CallbackSink(out::add)).build();
    }

    @Test
    void aListenerMayCloseItsBatcherFromTheInferenceThread() throws Exception {
        StreamBatcher batcher = silero.newBatcher(RATE, BatchPolicy.defaults());
        BatchedStream s = batcher.newStream();
        java.util.concurrent.CountDownLatch closedInListener = new java.util.concurrent.CountDownLatch(1);
        assertThat(s.submit(new FeatureFrame(1, 512), (stream, scores) -> {
            batcher.close();
            closedInListener.countDown();
        })).isTrue();
        assertThat(closedInListener.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(batcher::newStream).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        s.close();
    }

    @Test
    void closedBatcherAndStreamsSayWhatIsClosed() {
        StreamBatcher batcher = silero.newBatcher(RATE, BatchPolicy.defaults());
        BatchedStream s = batcher.newStream();
        FeatureFrame wrong = new FeatureFrame(1, 100);
        assertThatThrownBy(() -> s.classify(wrong, new float[1])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs frames of 512 values, got 100");
        batcher.close();
        batcher.close();
        assertThatThrownBy(() -> s.classify(new FeatureFrame(1, 512), new float[1]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(batcher::newStream).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("StreamBatcher silero-vad is closed");
        s.close();
        assertThatThrownBy(() -> new BatchPolicy(0, 1)).hasMessageContaining("maxBatch must be in [1, 4096], got 0");
    }

    /**
     * Drives {@code streams} streams from one thread with {@link BatchedStream#submit}: stream k reads the recording
     * from sample {@code k * PHASE_STEP}, joins at round {@code k / 2} and stream 1 is reset at round 7; the same
     * windows go through one per-stream classifier each.
     */
    private static void compareSubmitted(StreamBatcher batcher, Supplier<Classifier> perStream, int frameSamples, int streams) {
        int windows = (recording.length - streams * PHASE_STEP) / frameSamples - streams;
        float[][][] batched = new float[streams][windows][batcher.labels().size()];
        float[][][] reference = new float[streams][windows][batcher.labels().size()];
        BatchedStream[] handles = new BatchedStream[streams];
        int[] next = new int[streams];
        FeatureFrame frame = new FeatureFrame(1, frameSamples);
        java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
        BatchedStream.ScoresListener copy = (s, scores) -> {
            for (int k = 0; k < handles.length; k++) {
                if (handles[k] == s) {
                    System.arraycopy(scores, 0, batched[k][next[k]++], 0, scores.length);
                }
            }
            delivered.incrementAndGet(); // volatile write after the copy: the test thread sees the scores
        };
        int submitted = 0;
        int rounds = windows + streams;
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < streams; k++) {
                int w = round - k / 2;
                if (w < 0 || w >= windows) {
                    continue;
                }
                if (handles[k] == null) {
                    handles[k] = batcher.newStream();
                }
                if (k == 1 && w == 7) {
                    handles[k].reset();
                }
                System.arraycopy(recording, k * PHASE_STEP + w * frameSamples, frame.data(), 0, frameSamples);
                assertThat(handles[k].submit(frame, copy)).isTrue();
                submitted++;
            }
            while (delivered.get() < submitted) {
                Thread.onSpinWait();
            }
        }
        for (BatchedStream h : handles) {
            h.close();
        }
        for (int k = 0; k < streams; k++) {
            assertThat(next[k]).isEqualTo(windows);
            try (Classifier c = perStream.get()) {
                for (int w = 0; w < windows; w++) {
                    if (k == 1 && w == 7) {
                        c.reset();
                    }
                    System.arraycopy(recording, k * PHASE_STEP + w * frameSamples, frame.data(), 0, frameSamples);
                    c.classify(frame, reference[k][w]);
                }
            }
            assertClose(batched[k], reference[k], "stream " + k);
        }
    }

    private static void assertClose(float[][] batched, float[][] reference, String what) {
        float worst = 0;
        float peak = 0;
        for (int w = 0; w < reference.length; w++) {
            for (int i = 0; i < reference[w].length; i++) {
                worst = Math.max(worst, Math.abs(batched[w][i] - reference[w][i]));
                peak = Math.max(peak, reference[w][i]);
            }
        }
        System.out.printf("%s: %d windows, largest difference %.2e, peak score %.3f%n", what, reference.length, worst, peak);
        assertThat(worst).as(what).isLessThanOrEqualTo(BATCHED_TOLERANCE);
    }
}
