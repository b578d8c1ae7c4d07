package dev.audioml.sinks.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.core.Event;
import dev.audioml.core.IdentityExtractor;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.source.Sources;
import dev.audioml.core.testing.Signals;
import dev.audioml.core.testing.ToneNoiseClassifier;
import dev.audioml.sinks.delivery.WindowMeter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;

/** The page and its WebSocket messages with a real HTTP client and a real WebSocket client (no browser needed). */
class WebDashboardTest {
    private static final int RATE_HZ = 16_000;
    private static final long RECEIVE_TIMEOUT_MS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A WebSocket client collecting text messages. */
    static final class Client extends WebSocketClient {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();

        Client(URI uri) {
            super(uri);
        }

        JsonNode next() throws InterruptedException {
            JsonNode m = messages.poll(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            assertThat(m).as("a message within %d ms", RECEIVE_TIMEOUT_MS).isNotNull();
            return m;
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
        }

        @Override
        public void onMessage(String message) {
            try {
                messages.add(JSON.readTree(message));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
        }

        @Override
        public void onError(Exception ex) {
        }
    }

    @Test
    void pageAndMessagesFollowThePipeline() throws Exception {
        WindowMeter meter = new WindowMeter(new IdentityExtractor(RATE_HZ));
        WebDashboard web = WebDashboard.builder().port(0).meter(meter).title("a <test>").build();
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(web.url())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>a &lt;test></title>").doesNotContain("http://", "https://", "__WS_PORT__");
        Matcher port = Pattern.compile("const WS_PORT = (\\d+);").matcher(page.body());
        assertThat(port.find()).isTrue();
        URI ws = URI.create("ws://127.0.0.1:" + port.group(1) + "/");

        float[] audio = Signals.sine(440, RATE_HZ, RATE_HZ, 0.5);
        Client early = new Client(ws);
        assertThat(early.connectBlocking(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS)).isTrue();
        try (Pipeline p = Pipeline.builder().source(Sources.fromArray(audio, RATE_HZ)).window(RATE_HZ / 2, RATE_HZ / 2)
                .features(meter).classifier(new ToneNoiseClassifier()).sink(web).build()) {
            p.run();
            web.onEvent(new Event("tone", 0, RATE_HZ, RATE_HZ, 0.9f)); // as the post-processor would
            JsonNode labels = early.next();
            assertThat(labels.get("type").asText()).isEqualTo("labels");
            assertThat(labels.get("labels").toString()).isEqualTo("[\"silence\",\"tone\",\"noise\"]");
            for (int w = 0; w < 2; w++) {
                JsonNode window = early.next();
                assertThat(window.get("type").asText()).isEqualTo("window");
                assertThat(window.get("start_s").asDouble()).isEqualTo(0.5 * w);
                assertThat(window.get("scores")).hasSize(3);
                assertThat(window.get("level_db").asDouble()).isBetween(-9.1, -9.0);
                assertThat(window.get("row").isNull()).as("raw audio is not a spectrogram").isTrue();
                assertThat(window.get("stats").get("windows").asLong()).isGreaterThanOrEqualTo(w + 1);
            }
            assertThat(early.next().get("type").asText()).isEqualTo("event");
            // a page that connects late gets the labels, the recent windows and the events so far: the same picture
            Client late = new Client(ws);
            assertThat(late.connectBlocking(RECEIVE_TIMEOUT_MS, TimeUnit.MILLISECONDS)).isTrue();
            assertThat(List.of(late.next().get("type").asText(), late.next().get("start_s").asDouble(),
                    late.next().get("start_s").asDouble(), late.next().get("label").asText()))
                    .containsExactly("labels", 0.0, 0.5, "tone");
            late.closeBlocking();
        }
        early.closeBlocking();
        assertThat(web.dropped()).isZero();
        assertThatThrownBy(() -> web.onEvent(new Event("tone", 0, 1, RATE_HZ, 1f))).hasMessage("WebDashboard is closed");
        web.close(); // idempotent
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (WebDashboard first = WebDashboard.builder().port(0).build()) {
            int taken = URI.create(first.url()).getPort();
            assertThatThrownBy(() -> WebDashboard.builder().port(taken).build())
                    .hasMessageStartingWith("cannot serve the dashboard on 127.0.0.1:" + taken);
        }
        assertThatThrownBy(() -> WebDashboard.builder().port(70_000)).hasMessage("port must be in [0, 65535], got 70000");
    }
}
