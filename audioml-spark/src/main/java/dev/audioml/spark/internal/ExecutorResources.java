package dev.audioml.spark.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The resources one executor JVM shares between its task threads: at most one open model (ONNX Runtime sessions) or
 * backbone per key (the hash of the model's bytes), opened by the first task that asks and kept until the executor
 * shuts down ({@link #closeAll()}, called by {@link dev.audioml.spark.AudioMLSparkPlugin} and, as a fallback, by a
 * JVM shutdown hook). Not API.
 *
 * <p>Thread-safe: {@link #acquire} opens a key once even when several task threads ask at the same time; the others
 * wait for it. Once open, a resource is returned without a lock (every file of every task asks for it).
 */
public final class ExecutorResources {
    private static final Map<String, AutoCloseable> OPEN = new ConcurrentHashMap<>();
    /** Held while opening or closing, so that a key is opened once. */
    private static final Object LOCK = new Object();
    private static final AtomicInteger OPENED = new AtomicInteger();
    private static final AtomicInteger CLOSED = new AtomicInteger();
    private static final AtomicBoolean HOOK = new AtomicBoolean();

    private ExecutorResources() {
    }

    /**
     * The resource for {@code key}, opened with {@code opener} on the first call in this JVM.
     *
     * @param key identifies the resource (e.g. {@code model:<sha-256>})
     * @param type the class the resource must have
     * @param opener opens it; called at most once per key while it is open
     * @param <T> its type
     * @return the shared resource, owned by this registry (callers never close it)
     */
    public static <T extends AutoCloseable> T acquire(String key, Class<T> type, Supplier<? extends T> opener) {
        if (HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExecutorResources::closeAll, "audioml-spark-close"));
        }
        AutoCloseable open = OPEN.get(key);
        if (open != null) {
            return type.cast(open);
        }
        synchronized (LOCK) {
            AutoCloseable r = OPEN.get(key);
            if (r == null) {
                r = opener.get();
                OPEN.put(key, r);
                OPENED.incrementAndGet();
            }
            return type.cast(r);
        }
    }

    /** Closes every open resource (executor shutdown); later {@link #acquire} calls open them again. */
    public static void closeAll() {
        synchronized (LOCK) {
            List<AutoCloseable> all = new ArrayList<>(OPEN.values());
            OPEN.clear();
            for (AutoCloseable r : all) {
                try {
                    r.close();
                } catch (Exception e) {
                    // shutting down: the next resource must still be closed
                    System.err.println("audioml-spark: closing " + r + ": " + e);
                }
                CLOSED.incrementAndGet();
            }
        }
    }

    /** @return how many resources this JVM has opened since it started */
    public static int openedCount() {
        return OPENED.get();
    }

    /** @return how many resources this JVM has closed since it started */
    public static int closedCount() {
        return CLOSED.get();
    }

    /** @return how many are open now */
    public static int openCount() {
        return OPEN.size();
    }
}
