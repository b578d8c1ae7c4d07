package dev.audioml.sinks.internal;

import com.illposed.osc.OSCMessage;
import com.illposed.osc.transport.OSCPortOut;
import dev.audioml.sinks.delivery.DeliveryStats;
import dev.audioml.sinks.internal.DeliveryQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * Sends OSC messages over UDP from its own thread: the caller {@link #offer}s a batch (built lazily on the sender
 * thread), never blocking; a full queue drops the batch and counts it; a failed send is counted and logged once.
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class OscSender implements AutoCloseable {

    /** Queue slots when none is given: at 10 windows per second, 25 s of backlog. */
    public static final int DEFAULT_QUEUE_CAPACITY = 256;

    private final InetSocketAddress target;
    private final OSCPortOut port;
    private final DeliveryQueue<Supplier<List<OSCMessage>>> queue;

    /**
     * Opens the UDP socket (no packet is sent yet) and starts the sender thread.
     *
     * @param target receiver address
     * @param queueCapacity batches that may wait, at least 1
     * @throws UncheckedIOException if the socket cannot be opened
     * @throws IllegalArgumentException if the target's host name is unresolved
     */
    public OscSender(InetSocketAddress target, int queueCapacity) {
        if (target.isUnresolved()) {
            throw new IllegalArgumentException("OSC target host \"" + target.getHostString() + "\" cannot be resolved");
        }
        this.target = target;
        try {
            this.port = new OSCPortOut(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open OSC socket to " + describe(target) + ": " + e.getMessage(), e);
        }
        this.queue = new DeliveryQueue<>("osc " + describe(target), queueCapacity, batch -> {
            for (OSCMessage message : batch.get()) {
                port.send(message);
            }
        });
    }

    /**
     * Queues a batch of messages without blocking; the supplier runs on the sender thread and must only read data
     * it captured (immutable or copied).
     *
     * @param batch builds the messages, sent in list order
     * @return false if dropped (queue full or closed)
     */
    public boolean offer(Supplier<List<OSCMessage>> batch) {
        return queue.offer(batch);
    }

    /** @return batches sent, dropped (queue full) and failed (e.g. no receiver: ICMP port unreachable) */
    public DeliveryStats stats() {
        return queue.stats();
    }

    /** @return the receiver */
    public InetSocketAddress target() {
        return target;
    }

    /**
     * Parses {@code HOST:PORT}, {@code HOST} or {@code :PORT} (an empty part takes the default).
     *
     * @param spec the text, e.g. {@code 127.0.0.1:12000}; null or empty gives the defaults
     * @param defaultHost host when none is given
     * @param defaultPort port when none is given
     * @return the address (host names are resolved)
     * @throws IllegalArgumentException naming the value when the port is not an integer in [1, 65535], or the host
     *     name cannot be resolved
     */
    public static InetSocketAddress parseHostPort(String spec, String defaultHost, int defaultPort) {
        String host = defaultHost;
        int portNumber = defaultPort;
        if (spec != null && !spec.isBlank()) {
            int colon = spec.lastIndexOf(':');
            String hostPart = colon < 0 ? spec : spec.substring(0, colon);
            if (!hostPart.isBlank()) {
                host = hostPart;
            }
            if (colon >= 0) {
                String portPart = spec.substring(colon + 1);
                try {
                    portNumber = Integer.parseInt(portPart);
                } catch (NumberFormatException e) {
                    portNumber = -1;
                }
                if (portNumber < 1 || portNumber > 65_535) {
                    throw new IllegalArgumentException("port in \"" + spec + "\" must be an integer in [1, 65535], got \""
                            + portPart + "\"");
                }
            }
        }
        InetSocketAddress address = new InetSocketAddress(host, portNumber);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("host \"" + host + "\" in \"" + spec + "\" cannot be resolved (no such "
                    + "host name, or no name service); give an IP address or a name this machine resolves");
        }
        return address;
    }

    /** @return {@code host:port} as given (not resolved) */
    public static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** Sends what is queued (at most 2 s), then closes the socket. Idempotent. */
    @Override
    public void close() {
        queue.close();
        try {
            port.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing OSC socket to " + describe(target), e);
        }
    }

    @Override
    public String toString() {
        return "OscSender[" + describe(target) + ", " + stats() + "]";
    }
}
