package dev.audioml.sinks.internal;

import dev.audioml.sinks.delivery.DeliveryStats;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands items from a producer (the pipeline's processing thread) to one sender thread that does the slow part
 * (network, device). {@link #offer} never blocks: when the bounded queue is full the item is dropped and counted. A
 * failing delivery is counted and logged once (at WARNING, with the first failure's cause); later failures are only
 * counted, so a missing receiver never floods the log nor stops the pipeline.
 *
 * <p>Thread-safe: {@link #offer} from any thread; the handler runs only on the sender thread, in offer order.
 *
 * @param <T> the item type (immutable items: the producer may not touch them after offering)
 * @since 0.1
 */
public final class DeliveryQueue<T> implements AutoCloseable {

    /** Does the slow part of delivering one item, on the sender thread. */
    @FunctionalInterface
    public interface Handler<T> {
        /**
         * @param item the item offered
         * @throws Exception any failure; counted, logged once
         */
        void deliver(T item) throws Exception;
    }

    private static final System.Logger LOG = System.getLogger(DeliveryQueue.class.getName());
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final ArrayBlockingQueue<T> queue;
    private final Handler<? super T> handler;
    private final Thread sender;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean stopping;

    /**
     * Starts the sender thread (a daemon named {@code audioml-<name>}).
     *
     * @param name what is delivered, for the thread name and the log ("osc 127.0.0.1:12000")
     * @param capacity queue slots, at least 1
     * @param handler delivers one item
     */
    public DeliveryQueue(String name, int capacity, Handler<? super T> handler) {
        this.name = Objects.requireNonNull(name, "name");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.handler = Objects.requireNonNull(handler, "handler");
        this.sender = new Thread(this::loop, "audioml-" + name);
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Queues an item without blocking.
     *
     * @param item the item
     * @return false if the queue was full (the item is dropped and counted) or the queue is closed
     */
    public boolean offer(T item) {
        Objects.requireNonNull(item, "item");
        if (closed.get() || !queue.offer(item)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** @return items delivered without failure */
    public long delivered() {
        return delivered.get();
    }

    /** @return items dropped because the queue was full (or closed) */
    public long dropped() {
        return dropped.get();
    }

    /** @return deliveries that threw */
    public long failed() {
        return failed.get();
    }

    /** @return delivered, dropped and failed counts, read now */
    public DeliveryStats stats() {
        return new DeliveryStats(delivered(), dropped(), failed());
    }

    /** @return items waiting */
    public int pending() {
        return queue.size();
    }

    private void loop() {
        try {
            while (!stopping || !queue.isEmpty()) {
                T item = queue.poll(50, TimeUnit.MILLISECONDS);
                if (item != null) {
                    deliverOne(item);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliverOne(T item) {
        try {
            handler.deliver(item);
            delivered.incrementAndGet();
        } catch (Exception e) {
            if (failed.getAndIncrement() == 0) {
                LOG.log(System.Logger.Level.WARNING, "audioml " + name + ": delivery failed (" + e
                        + "); further failures are counted, not logged", e);
            }
        }
    }

    /**
     * Delivers what is queued (for at most 2 s), then stops the sender thread. Idempotent; later offers are dropped.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        try {
            sender.join(DRAIN_TIMEOUT.toMillis());
            if (sender.isAlive()) {
                sender.interrupt();
                sender.join(DRAIN_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "DeliveryQueue[" + name + ", delivered=" + delivered() + ", dropped=" + dropped() + ", failed=" + failed() + "]";
    }
}
