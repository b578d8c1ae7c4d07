package dev.audioml.sinks.osc;

import dev.audioml.sinks.internal.OscSender;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.illposed.osc.OSCMessage;
import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.core.source.Sources;
import dev.audioml.core.testing.Signals;
import dev.audioml.core.testing.ToneNoiseClassifier;
import dev.audioml.sinks.delivery.DeliveryStats;
import dev.audioml.sinks.delivery.WindowMeter;
import dev.audioml.sinks.testing.OscReceiver;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every test sends to a real JavaOSC receiver bound to 127.0.0.1. */
class OscSinkTest {
    private static final int RATE_HZ = 16_000;
    private static final List<String> CAT_DOG = List.of("cat", "dog");
    /** A float32 sent over OSC arrives bit-exact; dB from the meter is compared to the formula within this. */
    private static final double LEVEL_DB_TOLERANCE = 0.01;
    /** Onto the processing thread, a call that queues must return within this even when nothing receives. */
    private static final long NON_BLOCKING_BUDGET_MS = 500;

    private static Classification window(long start, float... scores) {
        return new Classification(start, start + RATE_HZ, RATE_HZ, CAT_DOG, scores);
    }

    @Test
    void workshopModeSendsTheNotebooksMessage() throws Exception {
        try (OscReceiver rx = new OscReceiver();
                OscSink sink = OscSink.builder().target(rx.address()).mode(OscMode.WORKSHOP).build()) {
            sink.open(CAT_DOG);
            sink.onClassification(window(0, 0.07f, 0.93f));
            sink.onClassification(window(RATE_HZ, 0.75f, 0.25f));
            sink.onEvent(new Event("dog", 0, RATE_HZ, RATE_HZ, 0.93f)); // the workshop sends no events

            OSCMessage first = rx.next();
            assertThat(first.getAddress()).isEqualTo("/neuralnet2");
            assertThat(OscReceiver.typeTags(first)).isEqualTo("sss");
            assertThat(first.getArguments()).containsExactly("[1, 0]", "[0.93, 0.07]", "['cat', 'dog']");
            OSCMessage second = rx.next();
            assertThat(second.getArguments()).containsExactly("[0, 1]", "[0.75, 0.25]", "['cat', 'dog']");
            assertThat(rx.drain(200)).isEmpty();
        }
    }

    @Test
    void nativeModeSendsTypedMessagesInOrder() throws Exception {
        try (OscReceiver rx = new OscReceiver();
                OscSink sink = OscSink.builder().target(rx.address()).mode(OscMode.NATIVE).prefix("/ml").build()) {
            sink.open(CAT_DOG);
            sink.onClassification(window(0, 0.25f, 0.75f));
            sink.onEvent(new Event("dog", 8_000, 24_000, RATE_HZ, 0.875f));
            sink.sendLabels();

            List<OSCMessage> got = rx.next(5);
            assertThat(got).extracting(OSCMessage::getAddress)
                    .containsExactly("/ml/labels", "/ml/top", "/ml/scores", "/ml/event", "/ml/labels");
            assertThat(got).extracting(OscReceiver::typeTags).containsExactly("ss", "sf", "ff", "sfff", "ss");
            assertThat(got.get(0).getArguments()).containsExactly("cat", "dog");
            assertThat(got.get(1).getArguments()).containsExactly("dog", 0.75f);
            assertThat(got.get(2).getArguments()).containsExactly(0.25f, 0.75f);
            assertThat(got.get(3).getArguments()).containsExactly("dog", 0.5f, 1.5f, 0.875f);
        }
    }

    @Test
    void labelsAreSentAgainOnRequest() throws Exception {
        InetSocketAddress requests;
        try (OscReceiver probe = new OscReceiver()) {
            requests = probe.address(); // a free port for the sink to listen on
        }
        try (OscReceiver rx = new OscReceiver();
                OscSink sink = OscSink.builder().target(rx.address()).mode(OscMode.NATIVE).labelRequests(requests).build();
                OscSender patch = new OscSender(requests, 1)) {
            sink.open(CAT_DOG);
            assertThat(rx.next().getAddress()).isEqualTo("/audioml/labels");
            patch.offer(() -> List.of(new OSCMessage("/audioml/labels/get")));
            OSCMessage again = rx.next();
            assertThat(again.getAddress()).isEqualTo("/audioml/labels");
            assertThat(again.getArguments()).containsExactly("cat", "dog");
        }
    }

    @Test
    void aPipelineSendsLevelAndScoresOfRealAudio() throws Exception {
        // 1 s silence, 1 s of a 440 Hz sine at amplitude 0.5 (RMS 0.3536 = -9.03 dBFS), in 0.5 s windows
        float[] audio = new float[2 * RATE_HZ];
        System.arraycopy(Signals.sine(440, RATE_HZ, RATE_HZ, 0.5), 0, audio, RATE_HZ, RATE_HZ);
        WindowMeter meter = new WindowMeter(new IdentityExtractor(RATE_HZ));
        try (OscReceiver rx = new OscReceiver()) {
            OscSink sink = OscSink.builder().target(rx.address()).mode(OscMode.NATIVE).meter(meter).build();
            try (Pipeline p = Pipeline.builder().source(Sources.fromArray(audio, RATE_HZ)).window(RATE_HZ / 2, RATE_HZ / 2)
                    .features(meter).classifier(new ToneNoiseClassifier()).sink(sink).build()) {
                p.run();
            }
            List<OSCMessage> got = rx.next(1 + 4 * 3);
            assertThat(got.get(0).getArguments()).containsExactly("silence", "tone", "noise");
            for (int w = 0; w < 4; w++) {
                OSCMessage top = got.get(1 + 3 * w);
                OSCMessage level = got.get(3 + 3 * w);
                assertThat(top.getAddress()).isEqualTo("/audioml/top");
                assertThat(got.get(2 + 3 * w).getArguments()).hasSize(3);
                assertThat(level.getAddress()).isEqualTo("/audioml/level");
                float db = (Float) level.getArguments().get(0);
                if (w < 2) {
                    assertThat(top.getArguments().get(0)).isEqualTo("silence");
                    assertThat(db).isEqualTo((float) WindowMeter.SILENCE_DBFS);
                } else {
                    assertThat(top.getArguments().get(0)).isEqualTo("tone");
                    assertThat((double) db).isCloseTo(20 * Math.log10(0.5 / Math.sqrt(2)), within(LEVEL_DB_TOLERANCE));
                }
            }
        }
    }

    @Test
    void rateLimitSkipsWindowsButNotEvents() throws Exception {
        AtomicLong nanos = new AtomicLong();
        try (OscReceiver rx = new OscReceiver();
                OscSink sink = OscSink.builder().target(rx.address()).mode(OscMode.NATIVE)
                        .maxMessagesPerSecond(10).nanoClock(nanos::get).build()) {
            sink.open(CAT_DOG);
            for (int i = 0; i < 10; i++) { // one window every 40 ms: at 10/s every third-ish is sent
                nanos.set(i * 40_000_000L);
                sink.onClassification(window(i, 0.5f, 0.5f));
            }
            sink.onEvent(new Event("cat", 0, 1, RATE_HZ, 1f));
            // sent at 0, 120, 240, 360 ms (the first window at least 100 ms after the last one sent)
            List<OSCMessage> got = rx.drain(500);
            assertThat(got).filteredOn(m -> m.getAddress().equals("/audioml/top")).hasSize(4);
            assertThat(got).filteredOn(m -> m.getAddress().equals("/audioml/event")).hasSize(1);
            assertThat(sink.rateLimited()).isEqualTo(6);
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() throws Exception {
        // nobody listens on this port: sends fail (counted) or go nowhere; the processing thread never waits
        InetSocketAddress nowhere;
        try (OscReceiver probe = new OscReceiver()) {
            nowhere = probe.address();
        }
        try (OscSink sink = OscSink.builder().target(nowhere).mode(OscMode.WORKSHOP).queueCapacity(2).build()) {
            sink.open(CAT_DOG);
            long start = System.nanoTime();
            int offered = 2_000;
            for (int i = 0; i < offered; i++) {
                sink.onClassification(window(i, 0.1f, 0.9f));
            }
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(NON_BLOCKING_BUDGET_MS);
            assertThat(sink.stats().dropped()).isPositive();
            sink.close();
            DeliveryStats s = sink.stats();
            assertThat(s.sent() + s.failed() + s.dropped()).isEqualTo(offered);
        }
    }

    @Test
    void badSettingsAreRejectedByName() {
        assertThatThrownBy(() -> OscSink.builder().prefix("audioml").build())
                .hasMessageContaining("OSC prefix").hasMessageContaining("\"audioml\"");
        assertThatThrownBy(() -> OscSink.builder().maxMessagesPerSecond(-1).build())
                .hasMessageContaining("maxMessagesPerSecond").hasMessageContaining("-1");
        assertThatThrownBy(() -> OscSender.parseHostPort("localhost:70000", "h", 1))
                .hasMessage("port in \"localhost:70000\" must be an integer in [1, 65535], got \"70000\"");
        assertThat(OscSender.parseHostPort(":9000", "127.0.0.1", 1).getPort()).isEqualTo(9000);
        assertThat(OscSender.parseHostPort(null, "127.0.0.1", 12_000).getPort()).isEqualTo(12_000);
    }

    @Test
    void useAfterCloseThrowsAndCloseIsIdempotent() throws Exception {
        try (OscReceiver rx = new OscReceiver()) {
            OscSink sink = OscSink.builder().target(rx.address()).build();
            sink.close();
            sink.close();
            assertThatThrownBy(() -> sink.onClassification(window(0, 1f, 0f))).hasMessage("OscSink is closed");
        }
    }

    @Test
    void wekinatorGetsScoresOrFeatureRowsAsFloats() throws Exception {
        try (OscReceiver rx = new OscReceiver()) {
            try (WekinatorSink scores = new WekinatorSink(rx.address(), null)) {
                scores.onClassification(window(0, 0.25f, 0.75f));
                OSCMessage m = rx.next();
                assertThat(m.getAddress()).isEqualTo("/wek/inputs");
                assertThat(OscReceiver.typeTags(m)).isEqualTo("ff");
                assertThat(m.getArguments()).containsExactly(0.25f, 0.75f);
            }
            // feature rows: the identity extractor's [1, W] frame -> the window's samples
            WindowMeter meter = new WindowMeter(new IdentityExtractor(RATE_HZ));
            float[] ramp = {0.1f, 0.2f, 0.3f, 0.4f};
            try (WekinatorSink features = new WekinatorSink(rx.address(), meter);
                    Pipeline p = Pipeline.builder().source(Sources.fromArray(ramp, RATE_HZ)).window(4, 4).features(meter)
                            .classifier(new ToneNoiseClassifier()).borrowSink(features).build()) {
                p.run();
            }
            OSCMessage m = rx.next();
            assertThat(OscReceiver.typeTags(m)).isEqualTo("ffff");
            assertThat(m.getArguments()).containsExactly(0.1f, 0.2f, 0.3f, 0.4f);
        }
        assertThat(WekinatorSink.parse(null)).isEqualTo(new InetSocketAddress("127.0.0.1", 6448));
    }
}
