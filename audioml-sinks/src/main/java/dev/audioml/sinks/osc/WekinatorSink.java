package dev.audioml.sinks.osc;

import com.illposed.osc.OSCMessage;
import dev.audioml.core.Classification;
import dev.audioml.core.Sink;
import dev.audioml.sinks.delivery.DeliveryStats;
import dev.audioml.sinks.delivery.WindowMeter;
import dev.audioml.sinks.internal.OscSender;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Feeds Wekinator (and similar interactive-ML tools) one input vector per window: {@code /wek/inputs} with floats.
 * The vector is either the window's scores in label order (with an embedding model as the classifier, the
 * embedding) or, with a {@link WindowMeter}, the newest feature row the model saw (e.g. the newest mel column).
 *
 * <p>Sending happens on its own thread ({@link OscSender}); the processing thread only copies the vector. Thread
 * safety: the {@link Sink} methods on the processing thread; counters from any thread.
 *
 * @since 0.1
 */
public final class WekinatorSink implements Sink {

    /** Wekinator's default input port. */
    public static final int DEFAULT_PORT = 6448;
    /** Wekinator's input address. */
    public static final String ADDRESS = "/wek/inputs";

    private final OscSender sender;
    private final WindowMeter features;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param target Wekinator's address (default {@code 127.0.0.1:6448}: {@link #parse(String)})
     * @param features null to send the scores; otherwise the meter wrapping the pipeline's extractor, whose newest
     *     feature row is sent
     */
    public WekinatorSink(InetSocketAddress target, WindowMeter features) {
        this.sender = new OscSender(target, OscSender.DEFAULT_QUEUE_CAPACITY);
        this.features = features;
    }

    /**
     * @param hostPort {@code HOST:PORT}, {@code :PORT}, or null/empty for {@code 127.0.0.1:6448}
     * @return the address
     */
    public static InetSocketAddress parse(String hostPort) {
        return OscSender.parseHostPort(hostPort, OscSink.DEFAULT_HOST, DEFAULT_PORT);
    }

    @Override
    public void onClassification(Classification c) {
        if (closed.get()) {
            throw new IllegalStateException("WekinatorSink is closed");
        }
        float[] vector = features == null ? c.scores() : features.newestRow().clone();
        sender.offer(() -> {
            List<Object> args = new ArrayList<>(vector.length);
            for (float v : vector) {
                args.add(v);
            }
            return List.of(new OSCMessage(ADDRESS, args));
        });
    }

    /** @return windows sent, dropped (queue full) and failed */
    public DeliveryStats stats() {
        return sender.stats();
    }

    /** Sends what is queued (at most 2 s) and closes the socket. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sender.close();
        }
    }
}
