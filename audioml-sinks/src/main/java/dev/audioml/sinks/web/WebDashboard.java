package dev.audioml.sinks.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import dev.audioml.core.pipeline.PipelineStats;
import dev.audioml.sinks.delivery.WindowMeter;
import dev.audioml.sinks.internal.DeliveryQueue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Serves a live page of the pipeline's results and pushes every window to it: the top-k bars, a scrolling
 * spectrogram (the newest feature row per window, with a {@link WindowMeter} on a spectrogram-like feature;
 * otherwise, e.g. for raw-audio models, the scores over time),
 * the event timeline, the level, and drop/latency counters (with {@link Builder#stats}).
 *
 * <p>HTTP (the page) on {@code port} (default 8080; 0 picks a free one), the WebSocket on a second, free port that
 * the page is told. Both bind to {@code host} (default {@code 127.0.0.1}: only this machine; {@code 0.0.0.0} to
 * share on a network). The page is one HTML file in the jar: no CDN, works offline.
 *
 * <p>The processing thread only queues the (immutable) result; JSON is built and broadcast on a sender thread over a
 * bounded queue (full: dropped and counted), so a slow browser never blocks the pipeline. A browser that connects
 * late gets the labels, the last {@value #WINDOW_HISTORY} windows and the recent events, so a reload shows the same
 * picture. With {@link Builder#keepOpen(boolean)} the page stays served after {@link #close()} (the stream ended) with
 * its final state, until {@link #stopServing()}.
 *
 * <p>WebSocket messages (JSON text):
 * <pre>
 * {"type":"labels","labels":["silence","tone","noise"]}
 * {"type":"window","start_s":1.5,"end_s":2.0,"scores":[0.1,0.8,0.1],"level_db":-9.0,"row":[-80.0, ...] | null,
 *  "stats":{"windows":12,"dropped_windows":0,"dropped_blocks":0,"latency_p50_ms":0.4,"latency_p99_ms":1.2}}
 * {"type":"event","label":"tone","start_s":1.0,"end_s":2.0,"score":0.93}
 * {"type":"end","windows":120}                      (the stream ended; the page keeps its final state)
 * </pre>
 *
 * <p>Thread-safety: the {@link Sink} methods on the processing thread; {@link #url()} and counters from any thread.
 *
 * @since 0.1
 */
public final class WebDashboard implements Sink {

    /** Default HTTP port. */
    public static final int DEFAULT_PORT = 8080;
    private static final int QUEUE_CAPACITY = 64;
    private static final int EVENT_HISTORY = 200;
    /** Windows replayed to a page that connects late: one screen of the page's scrolling views. */
    static final int WINDOW_HISTORY = 200;
    private static final long START_TIMEOUT_SECONDS = 10;
    private static final String PAGE_RESOURCE = "dashboard.html";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer http;
    private final Sockets sockets;
    private final DeliveryQueue<Object> queue;
    private final WindowMeter meter;
    private final Supplier<PipelineStats> stats;
    private final String title;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong windows = new AtomicLong();
    private final ArrayDeque<String> eventHistory = new ArrayDeque<>();
    private final ArrayDeque<String> windowHistory = new ArrayDeque<>();
    private final boolean keepOpen;
    private final AtomicBoolean serving = new AtomicBoolean(true);
    private volatile String labelsMessage;
    private volatile String endMessage;

    private record Window(Classification c, double levelDbfs, float[] row) {
    }

    private WebDashboard(Builder b) {
        this.meter = b.meter;
        this.stats = b.stats;
        this.title = b.title;
        this.keepOpen = b.keepOpen;
        this.sockets = new Sockets(new InetSocketAddress(b.host, 0));
        sockets.setDaemon(true);
        sockets.setReuseAddr(true);
        sockets.start();
        try {
            if (!sockets.started.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new UncheckedIOException(new IOException("WebSocket server on " + b.host + " did not start"));
            }
            if (sockets.startError != null) {
                throw sockets.startError;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the dashboard", e);
        }
        String page = page(sockets.getPort());
        try {
            this.http = HttpServer.create(new InetSocketAddress(b.host, b.port), 0);
        } catch (IOException e) {
            stopSockets();
            throw new UncheckedIOException("cannot serve the dashboard on " + b.host + ":" + b.port + ": " + e.getMessage(), e);
        }
        http.createContext("/", exchange -> serve(exchange, page));
        http.start();
        this.queue = new DeliveryQueue<>("web " + url(), QUEUE_CAPACITY, this::push);
    }

    /** @return a builder: 127.0.0.1:8080 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the page's address, e.g. {@code http://127.0.0.1:8080/} */
    public String url() {
        InetSocketAddress a = http.getAddress();
        return "http://" + a.getHostString() + ":" + a.getPort() + "/";
    }

    /** @return windows queued for the page */
    public long windows() {
        return windows.get();
    }

    /** @return messages dropped because the browser push fell behind */
    public long dropped() {
        return queue.dropped();
    }

    private String page(int wsPort) {
        try (InputStream in = WebDashboard.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE_RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("__WS_PORT__", Integer.toString(wsPort))
                    .replace("__TITLE__", title.replace("&", "&amp;").replace("<", "&lt;"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void serve(HttpExchange exchange, String page) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean found = path.equals("/") || path.equals("/index.html");
            byte[] body = (found ? page : "not found: " + path + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", (found ? "text/html" : "text/plain") + "; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(found ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void open(List<String> labels) {
        ObjectNode m = json.createObjectNode().put("type", "labels");
        ArrayNode arr = m.putArray("labels");
        labels.forEach(arr::add);
        labelsMessage = m.toString();
        queue.offer(labelsMessage); // pages already open get them from the sender thread
    }

    @Override
    public void onClassification(Classification c) {
        ensureOpen();
        windows.incrementAndGet();
        double level = meter == null ? Double.NaN : meter.levelDbfs();
        float[] row = meter != null && meter.isTimeFrequency() ? meter.newestRow().clone() : null;
        queue.offer(new Window(c, level, row));
    }

    @Override
    public void onEvent(Event e) {
        ensureOpen();
        queue.offer(e);
    }

    private void push(Object item) {
        String text = item instanceof Window w ? windowMessage(w)
                : item instanceof Event e ? eventMessage(e) : (String) item;
        sockets.broadcast(text);
    }

    private String windowMessage(Window w) {
        String text = windowJson(w);
        synchronized (windowHistory) {
            windowHistory.addLast(text);
            if (windowHistory.size() > WINDOW_HISTORY) {
                windowHistory.removeFirst();
            }
        }
        return text;
    }

    private String windowJson(Window w) {
        ObjectNode m = json.createObjectNode().put("type", "window")
                .put("start_s", w.c().startSeconds()).put("end_s", w.c().endSeconds());
        ArrayNode scores = m.putArray("scores");
        for (float s : w.c().scores()) {
            scores.add(Float.isFinite(s) ? s : 0f);
        }
        if (!Double.isNaN(w.levelDbfs())) {
            m.put("level_db", w.levelDbfs());
        }
        if (w.row() != null) {
            ArrayNode row = m.putArray("row");
            for (float v : w.row()) {
                row.add(Float.isFinite(v) ? v : 0f);
            }
        } else {
            m.putNull("row");
        }
        ObjectNode s = m.putObject("stats").put("windows", windows.get()).put("dropped_windows", queue.dropped());
        if (stats != null) {
            PipelineStats p = stats.get();
            if (p != null) {
                s.put("dropped_blocks", p.blocksDropped()).put("latency_p50_ms", p.latencyP50Nanos() / 1e6)
                        .put("latency_p99_ms", p.latencyP99Nanos() / 1e6);
                ObjectNode stages = s.putObject("stages");
                p.stages().forEach((stage, lat) -> {
                    if (lat.count() > 0) {
                        stages.putObject(stage.name().toLowerCase(Locale.ROOT))
                                .put("p50_ms", lat.p50Nanos() / 1e6).put("p99_ms", lat.p99Nanos() / 1e6);
                    }
                });
            }
        }
        return m.toString();
    }

    private String eventMessage(Event e) {
        String text = json.createObjectNode().put("type", "event").put("label", e.label())
                .put("start_s", e.startSeconds()).put("end_s", e.endSeconds()).put("score", e.peakScore()).toString();
        synchronized (eventHistory) {
            eventHistory.addLast(text);
            if (eventHistory.size() > EVENT_HISTORY) {
                eventHistory.removeFirst();
            }
        }
        return text;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("WebDashboard is closed");
        }
    }

    /**
     * Pushes what is queued (at most 2 s) and tells the pages the stream ended; then stops both servers, unless built
     * with {@link Builder#keepOpen(boolean) keepOpen(true)}: then the page stays served with its final state until
     * {@link #stopServing()}. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        endMessage = json.createObjectNode().put("type", "end").put("windows", windows.get()).toString();
        queue.offer(endMessage);
        queue.close();
        if (!keepOpen) {
            stopServing();
        }
    }

    /** @return whether the page is still served (after {@link #close()} only with {@code keepOpen}) */
    public boolean isServing() {
        return serving.get();
    }

    /** Stops both servers (what {@link #close()} does without {@code keepOpen}). Idempotent, any thread. */
    public void stopServing() {
        if (serving.compareAndSet(true, false)) {
            http.stop(0);
            stopSockets();
        }
    }

    private void stopSockets() {
        try {
            sockets.stop(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "WebDashboard[" + url() + "]";
    }

    /** The WebSocket side: greets each new page with the labels and the recent events. */
    private final class Sockets extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        volatile RuntimeException startError;

        Sockets(InetSocketAddress address) {
            super(address, 1);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            String labels = labelsMessage;
            if (labels != null) {
                conn.send(labels);
            }
            List<String> history;
            synchronized (windowHistory) {
                history = new ArrayList<>(windowHistory);
            }
            synchronized (eventHistory) {
                history.addAll(eventHistory);
            }
            String end = endMessage;
            if (end != null) {
                history.add(end);
            }
            history.forEach(conn::send);
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null && started.getCount() > 0) { // the server itself failed to start (port in use)
                startError = new UncheckedIOException(new IOException("WebSocket server: " + ex.getMessage(), ex));
                started.countDown();
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    /** Builds and starts a {@link WebDashboard}. Not thread-safe. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private WindowMeter meter;
        private Supplier<PipelineStats> stats;
        private String title = "AudioML live";
        private boolean keepOpen;

        private Builder() {
        }

        /** @param host address to bind, default {@code 127.0.0.1} */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** @param port HTTP port in [0, 65535], 0 = any free one; default 8080 */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
            }
            this.port = port;
            return this;
        }

        /** @param meter the extractor wrapper that supplies level and the spectrogram column; none: scores over time */
        public Builder meter(WindowMeter meter) {
            this.meter = meter;
            return this;
        }

        /**
         * @param stats the pipeline's counters (e.g. {@code pipeline::stats}, set before the pipeline exists through a
         *     holder); called on the sender thread; may return null
         */
        public Builder stats(Supplier<PipelineStats> stats) {
            this.stats = stats;
            return this;
        }

        /** @param title the page title (e.g. the model's name) */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /**
         * @param keep whether the page stays served after {@link WebDashboard#close()} (the stream ended), so its
         *     final state can be looked at, until {@link WebDashboard#stopServing()}; default false
         * @return this
         * @since 0.1
         */
        public Builder keepOpen(boolean keep) {
            this.keepOpen = keep;
            return this;
        }

        /**
         * Starts both servers.
         *
         * @return the running dashboard
         * @throws UncheckedIOException if a port cannot be bound (naming it)
         */
        public WebDashboard build() {
            return new WebDashboard(this);
        }
    }
}
