package dev.audioml.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.AudioMLException;
import dev.audioml.core.Classification;
import dev.audioml.core.Classifier;
import dev.audioml.core.Event;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureFrame;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.Sink;
import dev.audioml.core.Source;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.core.sink.JsonlSink;
import dev.audioml.core.framing.LastWindow;
import dev.audioml.core.source.Sources;
import dev.audioml.core.testing.Signals;
import dev.audioml.core.testing.TimerLiveSource;
import dev.audioml.core.testing.ToneNoiseClassifier;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineTest {
    private static final int MODEL_HZ = 16_000;
    private static final int FILE_HZ = 44_100;
    /** Bound on any test that could hang if shutdown were broken. */
    private static final Duration NO_HANG = Duration.ofSeconds(20);
    /** Bytes the capture thread may allocate while moving hundreds of blocks (nothing per block). */
    private static final long CAPTURE_ALLOCATION_BUDGET_BYTES = 16 * 1024;
    /** One Classification record and its copied scores array (3 labels), with headroom for header layouts. */
    private static final long CLASSIFICATION_BYTES = 128;
    /**
     * Once per run: the read block (1024 floats) and small bookkeeping; and about 4 KB that the resampler's SIMD path
     * (single-precision DFT stages) allocates in a run after warm-up, seen only with {@code jdk.incubator.vector}
     * (the scalar path stays within the old budget).
     */
    private static final long RUN_SETUP_BYTES = 4 * 1024 + 1024 + 8 * 1024;

    /** 0.5 s silence, 1 s tone, 1 s noise, 0.5 s silence at 44.1 kHz. */
    private static float[] scene() {
        int half = FILE_HZ / 2;
        float[] out = new float[6 * half];
        System.arraycopy(Signals.sine(440, FILE_HZ, 2 * half, 0.5), 0, out, half, 2 * half);
        System.arraycopy(Signals.noise(2 * half, 0.5, 42), 0, out, 3 * half, 2 * half);
        return out;
    }

    private static Pipeline.Builder scenePipeline(Source source, List<Classification> out) {
        return Pipeline.builder().source(source).features(new IdentityExtractor(MODEL_HZ)).window(8_000, 4_000)
                .classifier(new ToneNoiseClassifier()).sink(new CallbackSink(out::add));
    }

    @AfterEach
    void noPipelineThreadSurvives() {
        assertThat(pipelineThreads()).isEmpty();
    }

    private static List<String> pipelineThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("audioml-")) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** A sink that takes {@value #SLOW_SINK_MILLIS} ms per window, so its time must show up as sink delivery. */
    private static final long SLOW_SINK_MILLIS = 3;

    /** A clock the test moves by hand. */
    private static final class ManualClock implements NanoClock {
        private final AtomicLong now = new AtomicLong(1);

        @Override
        public long nanoTime() {
            return now.get();
        }

        void advanceMillis(long millis) {
            now.addAndGet(millis * 1_000_000);
        }
    }

    @Test
    void timesEachStageSeparatelySoASlowSinkShowsAsSinkDelivery() {
        ManualClock clock = new ManualClock();
        Sink slow = new CallbackSink(c -> clock.advanceMillis(SLOW_SINK_MILLIS));
        try (Pipeline p = scenePipeline(Sources.fromArray(scene(), FILE_HZ), new ArrayList<>())
                .postProcess(PostProcessor.builder().movingAverage(2).build()).sink(slow).clock(clock).build()) {
            p.run();
            PipelineStats s = p.stats();
            long windows = s.windowsProcessed();
            assertThat(s.stage(Stage.CAPTURE_BUFFERING).count()).as("no capture thread for a file").isZero();
            assertThat(s.stage(Stage.RESAMPLING).count()).as("one per block").isEqualTo(s.blocksIn());
            for (Stage st : List.of(Stage.FEATURES, Stage.INFERENCE, Stage.POST_PROCESSING, Stage.SINK_DELIVERY,
                    Stage.END_TO_END)) {
                assertThat(s.stage(st).count()).as(st.name()).isEqualTo(windows);
            }
            long slowNanos = SLOW_SINK_MILLIS * 1_000_000;
            // the histogram reads back the upper edge of a bucket: at most 12.5 % above the value
            assertThat(s.stage(Stage.SINK_DELIVERY).p50Nanos()).isBetween(slowNanos, slowNanos * 1125 / 1000);
            assertThat(s.stage(Stage.INFERENCE).p50Nanos()).as("no time passes in the model on this clock").isZero();
            assertThat(s.stage(Stage.FEATURES).p50Nanos()).isZero();
            assertThat(s.stage(Stage.POST_PROCESSING).p50Nanos()).as("sink time is not counted as post-processing")
                    .isZero();
            assertThat(s.stage(Stage.END_TO_END).p50Nanos()).isGreaterThanOrEqualTo(slowNanos);
            assertThat(s.stage(Stage.END_TO_END).p999Nanos()).isGreaterThanOrEqualTo(s.stage(Stage.END_TO_END).p99Nanos());
        }
    }

    @Test
    void liveSourcesTimeTheirCaptureBuffering() {
        TimerLiveSource source = new TimerLiveSource(scene(), FILE_HZ, 441, 200_000, false);
        assertTimeoutPreemptively(NO_HANG, () -> {
            try (Pipeline p = scenePipeline(source, new ArrayList<>()).dropPolicy(DropPolicy.BLOCK).build()) {
                p.run();
                PipelineStats s = p.stats();
                assertThat(s.stage(Stage.CAPTURE_BUFFERING).count()).isEqualTo(s.blocksIn()).isPositive();
                assertThat(s.stage(Stage.END_TO_END).count()).isEqualTo(s.windowsProcessed());
            }
        });
    }

    @Test
    void classifiesAFileResampledToTheModelRate() {
        List<Classification> got = new ArrayList<>();
        try (Pipeline p = scenePipeline(Sources.fromArray(scene(), FILE_HZ), got).build()) {
            assertThat(p.sampleRateHz()).isEqualTo(MODEL_HZ);
            p.run();
            assertThat(p.stats().windowsProcessed()).isEqualTo(got.size());
            assertThat(p.stats().latencyP99Nanos()).isGreaterThanOrEqualTo(p.stats().latencyP50Nanos()).isPositive();
        }
        // 3 s at 16 kHz = 48000 samples: windows every 4000 from 0 to 40000, then none left uncovered
        assertThat(got).extracting(Classification::startSample).containsExactly(
                0L, 4_000L, 8_000L, 12_000L, 16_000L, 20_000L, 24_000L, 28_000L, 32_000L, 36_000L, 40_000L);
        assertThat(got.get(0).top().label()).isEqualTo("silence");  // [0, 0.5 s)
        assertThat(got.get(3).top().label()).isEqualTo("tone");     // [0.75, 1.25 s)
        assertThat(got.get(7).top().label()).isEqualTo("noise");    // [1.75, 2.25 s)
        assertThat(got.get(10).top().label()).isEqualTo("silence"); // [2.5, 3 s)
    }

    @Test
    void perWindowAllocationIsOnlyTheClassificationItself() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        float[] audio = Signals.noise(10 * FILE_HZ, 0.5, 9);
        long[] count = new long[1];
        Sink counter = c -> count[0]++;
        // rounds until the JIT has compiled the per-window path (the resampler's SIMD code allocates its vectors until
        // C2 compiles it, which takes a few rounds; later on a loaded machine), then only the classification
        long perWindow = Long.MAX_VALUE;
        for (int round = 0; round < 20 && perWindow > CLASSIFICATION_BYTES; round++) {
            try (Pipeline p = Pipeline.builder().source(Sources.fromArray(audio, FILE_HZ)).resampleTo(MODEL_HZ)
                    .window(400, 160).classifier(new ToneNoiseClassifier()).sink(counter).build()) {
                long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                p.run();
                perWindow = (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before
                        - RUN_SETUP_BYTES) / p.stats().windowsProcessed();
                assertThat(p.stats().windowsProcessed()).isEqualTo(999); // 998 full + 1 padded (160000 samples)
            }
        }
        assertThat(perWindow).as("bytes per window after warm-up").isLessThanOrEqualTo(CLASSIFICATION_BYTES);
    }

    @Test
    void clipShorterThanTheWindowGivesOneZeroPaddedWindow() {
        List<Classification> got = new ArrayList<>();
        float[] clip = Signals.sine(440, MODEL_HZ, 11_200, 0.5);
        try (Pipeline p = Pipeline.builder().source(Sources.fromArray(clip, MODEL_HZ)).windowSeconds(1.0, 0.5)
                .classifier(new ToneNoiseClassifier()).sink(new CallbackSink(got::add)).build()) {
            p.run();
        }
        assertThat(got).hasSize(1);
        assertThat(got.get(0).startSample()).isZero();
        assertThat(got.get(0).endSeconds()).isEqualTo(0.7);
        assertThat(got.get(0).top().label()).isEqualTo("tone");
    }

    @Test
    void paddingFramesThePaddedStreamAndReportsSpansInTheSourcesTime() {
        // 1000 samples padded by 250 before and 249 after, windows of 100 back to back, partial last window dropped:
        // floor(1499 / 100) = 14 windows; window k spans [100 k - 250, 100 k - 150) clipped to [0, 1000]
        float[] clip = new float[1_000];
        java.util.Arrays.fill(clip, 1f);
        List<Classification> got = new ArrayList<>();
        List<Float> sums = new ArrayList<>();
        Classifier sum = new Classifier() {
            @Override
            public List<String> labels() {
                return List.of("sum");
            }

            @Override
            public void classify(FeatureFrame features, float[] scores) {
                float s = 0;
                for (float x : features.data()) {
                    s += x;
                }
                scores[0] = s;
                sums.add(s);
            }
        };
        try (Pipeline p = Pipeline.builder().source(Sources.fromArray(clip, MODEL_HZ)).window(100, 100)
                .lastWindow(LastWindow.DROP).padding(250, 249).blockSamples(37).classifier(sum)
                .sink(new CallbackSink(got::add)).build()) {
            p.run();
        }
        assertThat(got).hasSize(14);
        assertThat(got.get(0).startSample()).isZero();
        assertThat(got.get(0).endSample()).isZero();
        assertThat(got.get(2)).extracting(Classification::startSample, Classification::endSample).containsExactly(0L, 50L);
        assertThat(got.get(3)).extracting(Classification::startSample, Classification::endSample).containsExactly(50L, 150L);
        assertThat(got.get(12)).extracting(Classification::startSample, Classification::endSample).containsExactly(950L, 1_000L);
        assertThat(got.get(13)).extracting(Classification::startSample, Classification::endSample).containsExactly(1_000L, 1_000L);
        assertThat(sums).containsExactly(0f, 0f, 50f, 100f, 100f, 100f, 100f, 100f, 100f, 100f, 100f, 100f, 50f, 0f);
        assertThatThrownBy(() -> Pipeline.builder().padding(-1, 0))
                .hasMessage("padding needs beforeSamples >= 0 and afterSamples >= 0, got -1 and 0");
    }

    @Test
    void liveStreamGivesTheSameClassificationsAsTheArray() {
        List<Classification> batch = new ArrayList<>();
        try (Pipeline p = scenePipeline(Sources.fromArray(scene(), FILE_HZ), batch).build()) {
            p.run();
        }
        List<Classification> live = Collections.synchronizedList(new ArrayList<>());
        TimerLiveSource source = new TimerLiveSource(scene(), FILE_HZ, 441, 200_000, false);
        assertTimeoutPreemptively(NO_HANG, () -> {
            try (Pipeline p = scenePipeline(source, live).dropPolicy(DropPolicy.BLOCK).blockSamples(700).build()) {
                p.run();
                assertThat(p.stats().blocksDropped()).isZero();
                assertThat(p.stats().blocksIn()).isEqualTo(300); // 132300 samples in blocks of 441
            }
        });
        assertThat(live).isEqualTo(batch);
        assertThat(source.closes()).isEqualTo(1);
    }

    @Test
    void slowClassifierCausesCountedDropsWithBoundedMemoryAndTrueTimestamps() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicInteger windows = new AtomicInteger();
        // 400 blocks of 160 samples, one per 0.5 ms (20x real time); one 160-sample window per block
        float[] audio = Signals.noise(64_000, 0.5, 3);
        TimerLiveSource source = new TimerLiveSource(audio, MODEL_HZ, 160, 500_000, false);
        Classifier slow = new Classifier() {
            @Override
            public List<String> labels() {
                return List.of("first sample");
            }

            @Override
            public void classify(FeatureFrame features, float[] scores) {
                windows.incrementAndGet();
                try { // slower than capture by construction: 8 more blocks arrive during each window
                    source.awaitReads(source.reads() + 8);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                scores[0] = features.data()[0];
            }
        };
        List<Classification> got = Collections.synchronizedList(new ArrayList<>());
        assertTimeoutPreemptively(NO_HANG, () -> {
            try (Pipeline p = Pipeline.builder().source(source).window(160, 160).classifier(slow).queueBlocks(4)
                    .blockSamples(160).sink(new CallbackSink(got::add)).build()) {
                p.start();
                Thread capture = source.awaitReader();
                assertThat(capture.getName()).startsWith("audioml-capture-");
                source.awaitReads(50); // past warm-up
                long before = threads.getThreadAllocatedBytes(capture.getId());
                long blocksBefore = p.stats().blocksIn();
                source.awaitReads(300);
                long allocated = threads.getThreadAllocatedBytes(capture.getId()) - before;
                long moved = p.stats().blocksIn() - blocksBefore;
                assertThat(p.awaitTermination(NO_HANG)).isTrue();
                PipelineStats stats = p.stats();
                assertThat(stats.blocksIn()).isEqualTo(400);
                assertThat(stats.blocksDropped()).isPositive();
                assertThat(stats.samplesDropped()).isEqualTo(160 * stats.blocksDropped());
                // every block is either dropped, classified, or was in the 4-slot queue when the stream ended
                assertThat(stats.windowsProcessed()).isEqualTo(windows.get()).isEqualTo(got.size())
                        .isBetween(400 - stats.blocksDropped() - 4, 400 - stats.blocksDropped() + 1);
                assertThat(moved).as("blocks captured while measuring").isGreaterThan(100);
                assertThat(allocated).as("capture-thread bytes for %d blocks", moved)
                        .isLessThan(CAPTURE_ALLOCATION_BUDGET_BYTES);
            }
        });
        // after each gap, windows carry the true time of their audio
        long previous = -1;
        for (Classification c : got) {
            assertThat(c.startSample()).isGreaterThan(previous);
            assertThat(c.score(0)).as("first sample of window at %d", c.startSample())
                    .isEqualTo(audio[(int) c.startSample()]);
            previous = c.startSample();
        }
    }

    @Test
    void closeStopsAnEndlessLiveSourceJoinsThreadsAndClosesEverythingOnce() {
        AtomicInteger sinkCloses = new AtomicInteger();
        List<Classification> got = Collections.synchronizedList(new ArrayList<>());
        Sink counting = new Sink() {
            @Override
            public void onClassification(Classification c) {
                add(got, c);
            }

            @Override
            public void close() {
                sinkCloses.incrementAndGet();
            }
        };
        TimerLiveSource source = new TimerLiveSource(Signals.sine(440, MODEL_HZ, 1_600, 0.5), MODEL_HZ, 160,
                1_000_000, true);
        ToneNoiseClassifier classifier = new ToneNoiseClassifier();
        Pipeline p = Pipeline.builder().source(source).window(1_600, 800).classifier(classifier).sink(counting).build();
        assertTimeoutPreemptively(NO_HANG, () -> {
            p.start();
            awaitWindows(got, 3);
            assertThat(p.isRunning()).isTrue();
            assertThat(pipelineThreads()).hasSize(2);
            p.close();
        });
        assertThat(p.isRunning()).isFalse();
        assertThat(pipelineThreads()).isEmpty();
        assertThat(sinkCloses.get()).isEqualTo(1);
        assertThat(source.closes()).isEqualTo(1);
        assertThat(classifier.closes()).isEqualTo(1);
        p.close();
        assertThat(sinkCloses.get()).isEqualTo(1);
        assertThatThrownBy(p::run).isInstanceOf(IllegalStateException.class).hasMessage("Pipeline is closed");
        assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class).hasMessage("Pipeline is closed");
        assertThat(p.stats().windowsProcessed()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void borrowedSourceAndClassifierAreLeftOpen() {
        TimerLiveSource source = new TimerLiveSource(new float[1_000], MODEL_HZ, 100, 0, false);
        ToneNoiseClassifier classifier = new ToneNoiseClassifier();
        try (Pipeline p = Pipeline.builder().borrowSource(source).window(100, 100).borrowClassifier(classifier)
                .build()) {
            p.run();
            assertThatThrownBy(p::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("already been run");
        }
        assertThat(source.closes()).isZero();
        assertThat(classifier.closes()).isZero();
        assertThat(classifier.calls()).isEqualTo(10);
    }

    /** An identity extractor that counts closes and refuses windows shorter than {@code minWindow}. */
    private static final class CountingExtractor implements FeatureExtractor {
        private final IdentityExtractor identity = new IdentityExtractor(MODEL_HZ);
        private final int minWindow;
        private int closes;

        CountingExtractor(int minWindow) {
            this.minWindow = minWindow;
        }

        @Override
        public int sampleRateHz() {
            return MODEL_HZ;
        }

        @Override
        public int[] outputShape(int windowSamples) {
            if (windowSamples < minWindow) {
                throw new IllegalArgumentException("window of " + windowSamples + " samples is shorter than " + minWindow);
            }
            return identity.outputShape(windowSamples);
        }

        @Override
        public void extract(AudioBlock window, FeatureFrame out) {
            identity.extract(window, out);
        }

        @Override
        public void close() {
            closes++;
        }
    }

    /** A sink that counts closes and, when asked, fails to close. */
    private static final class ClosingSink implements Sink {
        private final String failure;
        private int closes;

        ClosingSink(String failure) {
            this.failure = failure;
        }

        @Override
        public void onClassification(Classification c) {
        }

        @Override
        public void close() {
            closes++;
            if (failure != null) {
                throw new UncheckedIOException(new IOException(failure));
            }
        }
    }

    @Test
    void aFailedBuildClosesWhatItWasGivenAndLeavesBorrowedPartsOpen() {
        TimerLiveSource source = new TimerLiveSource(new float[1_000], MODEL_HZ, 100, 0, false);
        ToneNoiseClassifier classifier = new ToneNoiseClassifier();
        CountingExtractor tooLong = new CountingExtractor(200);
        ClosingSink owned = new ClosingSink("disk full");
        ClosingSink borrowed = new ClosingSink(null);
        assertThatThrownBy(() -> Pipeline.builder().source(source).window(100, 100).features(tooLong)
                .classifier(classifier).sink(owned).borrowSink(borrowed).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window of 100 samples is shorter than 200")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(x -> assertThat(x).hasMessageContaining("disk full")));
        assertThat(source.closes()).isEqualTo(1);
        assertThat(classifier.closes()).isEqualTo(1);
        assertThat(tooLong.closes).isEqualTo(1);
        assertThat(owned.closes).isEqualTo(1);
        assertThat(borrowed.closes).isZero();

        // missing parts are reported the same way: what was given is closed
        TimerLiveSource alone = new TimerLiveSource(new float[1_000], MODEL_HZ, 100, 0, false);
        assertThatThrownBy(() -> Pipeline.builder().source(alone).window(100, 100).build())
                .hasMessageContaining("classifier(...) is required");
        assertThat(alone.closes()).isEqualTo(1);
    }

    @Test
    void closeClosesEveryOwnedPartOnceEvenWhenOneFailsAndReportsEachFailure() {
        TimerLiveSource source = new TimerLiveSource(new float[1_000], MODEL_HZ, 100, 0, false);
        ToneNoiseClassifier classifier = new ToneNoiseClassifier();
        CountingExtractor extractor = new CountingExtractor(1);
        ClosingSink first = new ClosingSink("first sink failed");
        ClosingSink second = new ClosingSink("second sink failed");
        Pipeline p = Pipeline.builder().source(source).window(100, 100).features(extractor).classifier(classifier)
                .sink(first).sink(second).build();
        p.run();
        assertThatThrownBy(p::close).isInstanceOf(AudioMLException.class)
                .hasMessageContaining("first sink failed")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                        .containsExactly("java.io.IOException: second sink failed"));
        assertThat(List.of(first.closes, second.closes, source.closes(), extractor.closes, classifier.closes()))
                .containsOnly(1);
        p.close(); // idempotent: nothing closed twice, nothing thrown again
        assertThat(List.of(first.closes, second.closes, source.closes(), extractor.closes, classifier.closes()))
                .containsOnly(1);
    }

    /** Throws on its third window. */
    private static final class FailingClassifier implements Classifier {
        private int calls;

        @Override
        public List<String> labels() {
            return List.of("x");
        }

        @Override
        public void classify(FeatureFrame features, float[] scores) {
            if (++calls == 3) {
                throw new AudioMLException("model exploded on window 3");
            }
        }
    }

    @Test
    void classifierFailureIsThrownByRunForFilesAndLiveSources() {
        Pipeline file = Pipeline.builder().source(Sources.fromArray(new float[10_000], MODEL_HZ)).window(1_000, 1_000)
                .classifier(new FailingClassifier()).build();
        assertThatThrownBy(file::run).isInstanceOf(AudioMLException.class).hasMessage("model exploded on window 3");
        file.close(); // already reported: close does not throw it again
        assertTimeoutPreemptively(NO_HANG, () -> {
            TimerLiveSource source = new TimerLiveSource(new float[1_000], MODEL_HZ, 100, 1_000_000, true);
            try (Pipeline live = Pipeline.builder().source(source).window(1_000, 1_000).classifier(new FailingClassifier())
                    .build()) {
                assertThatThrownBy(live::run).hasMessage("model exploded on window 3");
            }
        });
    }

    @Test
    void failureOfAStartedPipelineIsThrownByClose() {
        TimerLiveSource source = new TimerLiveSource(new float[1_000], MODEL_HZ, 100, 1_000_000, true);
        Pipeline p = Pipeline.builder().source(source).window(1_000, 1_000).classifier(new FailingClassifier()).build();
        assertTimeoutPreemptively(NO_HANG, () -> {
            p.start();
            assertThat(p.awaitTermination(NO_HANG)).isTrue();
            assertThatThrownBy(p::close).isInstanceOf(AudioMLException.class)
                    .hasMessageContaining("pipeline failed").hasRootCauseMessage("model exploded on window 3");
        });
        p.close();
    }

    @Test
    void sourceFailureOnTheCaptureThreadIsThrownByRun() {
        Source broken = new Source() {
            private int reads;

            @Override
            public int sampleRateHz() {
                return MODEL_HZ;
            }

            @Override
            public int read(float[] buffer, int offset, int length) throws IOException {
                if (++reads > 3) {
                    throw new IOException("device unplugged");
                }
                return length;
            }

            @Override
            public boolean isLive() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        assertTimeoutPreemptively(NO_HANG, () -> {
            try (Pipeline p = Pipeline.builder().source(broken).window(100, 100).classifier(new ToneNoiseClassifier())
                    .build()) {
                assertThatThrownBy(p::run).isInstanceOf(UncheckedIOException.class)
                        .hasMessageContaining("device unplugged");
            }
        });
    }

    @Test
    void postProcessedEventsReachTheJsonlSink() {
        StringWriter jsonl = new StringWriter();
        List<Event> events = new ArrayList<>();
        try (Pipeline p = scenePipeline(Sources.fromArray(scene(), FILE_HZ), new ArrayList<>())
                .postProcess(PostProcessor.builder().deny("silence").events(0.6f, 0.4f).minEventSeconds(0.5).build())
                .sink(new JsonlSink(jsonl, "scene.wav")).sink(new CallbackSink(c -> { }, events::add)).build()) {
            assertThat(p.labels()).containsExactly("tone", "noise");
            p.run();
        }
        assertThat(events).extracting(Event::label).containsExactly("tone", "noise");
        Event tone = events.get(0);
        assertThat(tone.startSeconds()).isBetween(0.25, 0.5);
        assertThat(tone.endSeconds()).isBetween(1.5, 1.75);
        assertThat(jsonl.toString()).contains("{\"file\":\"scene.wav\",\"event\":\"tone\",");
        assertThat(jsonl.toString().lines()).hasSize(11 + 2);
    }

    @Test
    void emptySourceOpensAndClosesSinksWithoutResults() {
        List<Classification> got = new ArrayList<>();
        StringWriter csv = new StringWriter();
        try (Pipeline p = scenePipeline(Sources.fromArray(new float[0], FILE_HZ), got)
                .sink(new dev.audioml.core.sink.CsvSink(csv)).build()) {
            p.run();
            assertThat(p.stats().blocksIn()).isZero();
        }
        assertThat(got).isEmpty();
        assertThat(csv.toString()).isEqualTo("start_s,end_s,silence,tone,noise\r\n");
    }

    @Test
    void stoppingALiveToneWithDropPolicyStillClosesTheOpenEvent() {
        List<Event> events = Collections.synchronizedList(new ArrayList<>());
        List<Classification> got = Collections.synchronizedList(new ArrayList<>());
        TimerLiveSource source = new TimerLiveSource(Signals.sine(440, MODEL_HZ, 1_600, 0.5), MODEL_HZ, 160,
                1_000_000, true);
        assertTimeoutPreemptively(NO_HANG, () -> {
            try (Pipeline p = Pipeline.builder().source(source).window(1_600, 1_600).classifier(new ToneNoiseClassifier())
                    .postProcess(PostProcessor.builder().events(0.8f, 0.5f).build())
                    .shutdownPolicy(ShutdownPolicy.DROP).sink(new CallbackSink(c -> add(got, c), events::add)).build()) {
                p.start();
                awaitWindows(got, 3);
                p.stop();
                assertThat(p.awaitTermination(NO_HANG)).isTrue();
            }
        });
        assertThat(events).hasSize(1);
        Event tone = events.get(0);
        assertThat(tone.label()).isEqualTo("tone");
        assertThat(tone.startSample()).isZero();
        assertThat(tone.endSample()).isEqualTo(got.get(got.size() - 1).endSample());
    }

    @Test
    void stoppingWithDrainProcessesTheCapturedAudioAndPadsTheLastWindow() {
        List<Classification> got = Collections.synchronizedList(new ArrayList<>());
        TimerLiveSource source = new TimerLiveSource(Signals.sine(440, MODEL_HZ, 1_000, 0.5), MODEL_HZ, 100,
                1_000_000, true);
        assertTimeoutPreemptively(NO_HANG, () -> {
            try (Pipeline p = Pipeline.builder().source(source).window(1_000, 1_000).classifier(new ToneNoiseClassifier())
                    .blockSamples(100).dropPolicy(DropPolicy.BLOCK) // no drops on a busy machine: this is about draining
                    .sink(new CallbackSink(c -> add(got, c))).build()) {
                p.start();
                awaitWindows(got, 2);
                p.stop();
                assertThat(p.awaitTermination(NO_HANG)).isTrue();
                long captured = p.stats().blocksIn() * 100;
                Classification last = got.get(got.size() - 1);
                assertThat(last.endSample()).as("every captured sample is covered").isEqualTo(captured);
                assertThat(got).extracting(Classification::startSample).doesNotHaveDuplicates()
                        .allMatch(start -> start % 1_000 == 0);
            }
        });
    }

    @Test
    void fileReadFailureNamesTheSourceAndCloseFromACallbackIsRefused() {
        Source broken = new Source() {
            @Override
            public int sampleRateHz() {
                return MODEL_HZ;
            }

            @Override
            public int read(float[] buffer, int offset, int length) throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public String description() {
                return "broken.wav";
            }

            @Override
            public void close() {
            }
        };
        try (Pipeline p = Pipeline.builder().source(broken).window(100, 100).classifier(new ToneNoiseClassifier())
                .build()) {
            assertThatThrownBy(p::run).isInstanceOf(UncheckedIOException.class)
                    .hasMessage("reading broken.wav failed: disk on fire");
        }
        List<Throwable> refused = new ArrayList<>();
        Pipeline[] self = new Pipeline[1];
        try (Pipeline p = Pipeline.builder().source(Sources.fromArray(new float[1_000], MODEL_HZ)).window(100, 100)
                .blockSamples(100).classifier(new ToneNoiseClassifier()).sink(new CallbackSink(c -> {
                    try {
                        self[0].close();
                    } catch (IllegalStateException e) {
                        refused.add(e);
                        self[0].stop();
                    }
                })).build()) {
            self[0] = p;
            p.run();
            assertThat(p.stats().windowsProcessed()).as("stop takes effect after the current block").isEqualTo(1);
        }
        assertThat(refused).singleElement().extracting(Throwable::getMessage).asString().contains("call stop() there");
    }

    @Test
    void stopBeforeRunEndsAtOnce() {
        List<Classification> got = new ArrayList<>();
        try (Pipeline p = scenePipeline(Sources.fromArray(scene(), FILE_HZ), got).build()) {
            p.stop();
            p.run();
        }
        assertThat(got).isEmpty();
    }

    @Test
    void builderRejectsMissingAndContradictoryParts() {
        Source s = Sources.fromArray(new float[10], FILE_HZ);
        ToneNoiseClassifier c = new ToneNoiseClassifier();
        assertThatThrownBy(() -> Pipeline.builder().window(10, 10).classifier(c).build())
                .hasMessage("source(...) is required");
        assertThatThrownBy(() -> Pipeline.builder().source(s).classifier(c).build()).hasMessageContaining("window");
        assertThatThrownBy(() -> Pipeline.builder().source(s).window(10, 10).build()).hasMessageContaining("classifier");
        assertThatThrownBy(() -> Pipeline.builder().source(s).window(10, 10).classifier(c).resampleTo(8_000)
                .features(new IdentityExtractor(MODEL_HZ)).build())
                .hasMessageContaining("resampleTo(8000) contradicts the extractor's rate 16000 Hz");
        assertThatThrownBy(() -> Pipeline.builder().source(s).window(10, 10).classifier(c)
                .postProcess(PostProcessor.builder().allow("cat").build()).build())
                .hasMessageContaining("unknown label \"cat\"");
        assertThatThrownBy(() -> Pipeline.builder().window(0, 10)).hasMessageContaining("got 0 and 10");
        try (Pipeline p = Pipeline.builder().source(s).resampleTo(MODEL_HZ).windowSeconds(0.025, 0.01).classifier(c)
                .build()) {
            assertThat(p.windowSamples()).isEqualTo(400);
            assertThat(p.hopSamples()).isEqualTo(160);
            assertThat(p.sampleRateHz()).isEqualTo(MODEL_HZ);
        }
    }

    /** Adds a window to {@code got} and wakes {@link #awaitWindows}. */
    private static void add(List<Classification> got, Classification c) {
        synchronized (got) {
            got.add(c);
            got.notifyAll();
        }
    }

    /**
     * Waits (without polling) until {@code got}, a synchronized list a sink fills on the processing thread, holds
     * {@code n} windows.
     */
    private static void awaitWindows(List<Classification> got, int n) throws InterruptedException {
        synchronized (got) {
            while (got.size() < n) {
                got.wait();
            }
        }
    }
}
