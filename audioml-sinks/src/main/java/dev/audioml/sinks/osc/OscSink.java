package dev.audioml.sinks.osc;

import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacketDispatcher;
import com.illposed.osc.messageselector.OSCPatternAddressMessageSelector;
import com.illposed.osc.transport.OSCPortIn;
import com.illposed.osc.transport.OSCPortInBuilder;
import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Sink;
import dev.audioml.sinks.delivery.DeliveryStats;
import dev.audioml.sinks.delivery.WindowMeter;
import dev.audioml.sinks.internal.OscSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Sends results as OSC over UDP, in the workshop's format or AudioML's typed address space (see {@link OscMode}).
 *
 * <p>The processing thread only captures the (immutable) result and queues it; formatting and sending happen on the
 * sender thread ({@link OscSender}): a slow or absent receiver never blocks the pipeline; drops and failures are
 * counted ({@link #stats()}). An optional rate limit sends at most {@code maxMessagesPerSecond}
 * windows per second (wall clock); events and labels are never rate-limited.
 *
 * <p>Native address space, with prefix {@code P} (default {@code /audioml}), in this order per window:
 * <pre>
 *   P/labels  s s s ...   the labels, in model order (on open, on {@link #sendLabels()}, and when a
 *                         {@code P/labels/get} arrives at {@link Builder#labelRequests})
 *   P/top     s f         best label, its score
 *   P/scores  f f f ...   one score per label, in label order
 *   P/level   f           the window's RMS level in dBFS (only with a {@link WindowMeter})
 *   P/event   s f f f     label, start_s, end_s, peak score (when an event ends)
 * </pre>
 *
 * <p>Thread-safety: the {@link Sink} methods are called on the pipeline's processing thread; {@link #sendLabels()}
 * and the counters may be called from any thread.
 *
 * @since 0.1
 */
public final class OscSink implements Sink {

    /** The workshop's receiving port (its notebook's {@code SimpleUDPClient("127.0.0.1", 12000)}). */
    public static final int DEFAULT_PORT = 12_000;
    /** The default host: this machine. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The workshop notebook's address. */
    public static final String WORKSHOP_ADDRESS = "/neuralnet2";
    /** The default native prefix. */
    public static final String DEFAULT_PREFIX = "/audioml";

    private final OscSender sender;
    private final OSCPortIn requests;
    private final OscMode mode;
    private final String prefix;
    private final WindowMeter meter;
    private final long minIntervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong rateLimited = new AtomicLong();
    private volatile List<String> labels = List.of();
    private long lastSentNanos;
    private boolean sentAny;

    private OscSink(Builder b) {
        this.mode = b.mode;
        this.prefix = b.prefix;
        this.meter = b.meter;
        this.minIntervalNanos = b.maxMessagesPerSecond > 0 ? Math.round(1e9 / b.maxMessagesPerSecond) : 0;
        this.nanoClock = b.nanoClock;
        this.sender = new OscSender(b.target, b.queueCapacity);
        this.requests = b.requestAddress == null ? null : listen(b.requestAddress);
    }

    /** Listens for {@code P/labels/get} (any arguments) and answers with {@code P/labels}. */
    private OSCPortIn listen(InetSocketAddress address) {
        String request = prefix + "/labels/get";
        OSCPacketDispatcher dispatcher = new OSCPacketDispatcher();
        dispatcher.setAlwaysDispatchingImmediately(true);
        dispatcher.addListener(new OSCPatternAddressMessageSelector(request), event -> sendLabels());
        try {
            OSCPortIn port = new OSCPortInBuilder().setLocalSocketAddress(address)
                    .setRemoteSocketAddress(new InetSocketAddress(address.getAddress(), 0))
                    .setPacketListener(dispatcher).build();
            port.setDaemonListener(true);
            port.startListening();
            return port;
        } catch (IOException e) {
            sender.close();
            throw new UncheckedIOException("cannot listen for " + request + " on " + OscSender.describe(address) + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return a builder: {@code 127.0.0.1:12000}, workshop mode, no rate limit */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void open(List<String> labels) {
        this.labels = List.copyOf(labels);
        if (mode == OscMode.NATIVE) {
            sendLabels();
        }
    }

    /**
     * Sends {@code P/labels} (native mode; the workshop format sends the labels with every window anyway).
     *
     * @return false if dropped (queue full, closed, or workshop mode)
     */
    public boolean sendLabels() {
        if (mode != OscMode.NATIVE || closed.get()) {
            return false;
        }
        List<String> current = labels;
        return sender.offer(() -> List.of(new OSCMessage(prefix + "/labels", new ArrayList<Object>(current))));
    }

    @Override
    public void onClassification(Classification c) {
        ensureOpen();
        if (minIntervalNanos > 0) {
            long now = nanoClock.getAsLong();
            if (sentAny && now - lastSentNanos < minIntervalNanos) {
                rateLimited.incrementAndGet();
                return;
            }
            lastSentNanos = now;
            sentAny = true;
        }
        if (mode == OscMode.WORKSHOP) {
            sender.offer(() -> List.of(workshopMessage(c)));
        } else {
            float levelDbfs = meter == null ? Float.NaN : (float) meter.levelDbfs();
            sender.offer(() -> nativeMessages(c, levelDbfs));
        }
    }

    @Override
    public void onEvent(Event e) {
        ensureOpen();
        if (mode == OscMode.NATIVE) {
            sender.offer(() -> List.of(new OSCMessage(prefix + "/event",
                    List.of(e.label(), (float) e.startSeconds(), (float) e.endSeconds(), e.peakScore()))));
        }
    }

    /**
     * The workshop's message for one window.
     *
     * @param c the window's result
     * @return {@code /neuralnet2 "[i, ...]" "[p, ...]" "['label', ...]"}
     */
    public static OSCMessage workshopMessage(Classification c) {
        List<Classification.Score> ranked = c.topK(c.labels().size());
        int[] indices = new int[ranked.size()];
        float[] probabilities = new float[ranked.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = ranked.get(i).index();
            probabilities[i] = ranked.get(i).score();
        }
        return new OSCMessage(WORKSHOP_ADDRESS, List.of(WorkshopFormat.indexList(indices),
                WorkshopFormat.floatList(probabilities), WorkshopFormat.stringList(c.labels())));
    }

    private List<OSCMessage> nativeMessages(Classification c, float levelDbfs) {
        Classification.Score top = c.top();
        float[] scores = c.scores();
        List<Object> scoreArgs = new ArrayList<>(scores.length);
        for (float s : scores) {
            scoreArgs.add(s);
        }
        List<OSCMessage> out = new ArrayList<>(3);
        out.add(new OSCMessage(prefix + "/top", List.of(top.label(), top.score())));
        out.add(new OSCMessage(prefix + "/scores", scoreArgs));
        if (!Float.isNaN(levelDbfs)) {
            out.add(new OSCMessage(prefix + "/level", List.of(levelDbfs)));
        }
        return out;
    }

    /** @return batches (one per window, plus labels and events) sent, dropped (queue full) and failed */
    public DeliveryStats stats() {
        return sender.stats();
    }

    /** @return windows skipped by the rate limit */
    public long rateLimited() {
        return rateLimited.get();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("OscSink is closed");
        }
    }

    /** Sends what is queued (at most 2 s) and closes the socket. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (requests != null) {
                requests.stopListening();
                try {
                    requests.close();
                } catch (IOException e) {
                    // the socket is gone either way
                }
            }
            sender.close();
        }
    }

    @Override
    public String toString() {
        return "OscSink[" + mode + " -> " + OscSender.describe(sender.target()) + "]";
    }

    /** Builds an {@link OscSink}. Not thread-safe. */
    public static final class Builder {
        private InetSocketAddress target = new InetSocketAddress(DEFAULT_HOST, DEFAULT_PORT);
        private OscMode mode = OscMode.WORKSHOP;
        private String prefix = DEFAULT_PREFIX;
        private WindowMeter meter;
        private InetSocketAddress requestAddress;
        private double maxMessagesPerSecond;
        private int queueCapacity = OscSender.DEFAULT_QUEUE_CAPACITY;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {
        }

        /** @param target receiver; default {@code 127.0.0.1:12000} */
        public Builder target(InetSocketAddress target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /** @param hostPort {@code HOST:PORT}, see {@link OscSender#parseHostPort} */
        public Builder target(String hostPort) {
            return target(OscSender.parseHostPort(hostPort, DEFAULT_HOST, DEFAULT_PORT));
        }

        /** @param mode workshop (default) or native */
        public Builder mode(OscMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** @param prefix native address prefix, starting with {@code /}, no trailing {@code /}; default {@code /audioml} */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** @param meter where {@code /level} comes from (the pipeline's extractor wrapped in it); none: no level */
        public Builder meter(WindowMeter meter) {
            this.meter = meter;
            return this;
        }

        /**
         * @param requestAddress where to listen (UDP) for {@code P/labels/get}, answered with {@code P/labels}
         *     (native mode); none (default): no listening socket
         */
        public Builder labelRequests(InetSocketAddress requestAddress) {
            this.requestAddress = requestAddress;
            return this;
        }

        /** @param maxMessagesPerSecond windows sent per second at most; 0 (default) = every window */
        public Builder maxMessagesPerSecond(double maxMessagesPerSecond) {
            this.maxMessagesPerSecond = maxMessagesPerSecond;
            return this;
        }

        /** @param queueCapacity batches waiting to be sent at most; default 256 */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** @param nanoClock monotonic nanoseconds for the rate limit; default {@link System#nanoTime()} */
        public Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        /**
         * Validates and opens the socket.
         *
         * @return the sink
         * @throws IllegalArgumentException naming the value that is wrong
         */
        public OscSink build() {
            if (!prefix.startsWith("/") || prefix.endsWith("/") || !OSCMessage.isValidAddress(prefix + "/top")) {
                throw new IllegalArgumentException("OSC prefix must start with '/', not end with '/', and hold no OSC"
                        + " pattern characters (space # * , ? [ ] { }), got \"" + prefix + "\"");
            }
            if (!(maxMessagesPerSecond >= 0) || Double.isInfinite(maxMessagesPerSecond)) {
                throw new IllegalArgumentException("maxMessagesPerSecond must be finite and >= 0, got " + maxMessagesPerSecond);
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be >= 1, got " + queueCapacity);
            }
            return new OscSink(this);
        }
    }
}
