package dev.audioml.onnx.internal;

import dev.audioml.onnx.batch.BatchPolicy;
import dev.audioml.onnx.batch.StreamBatcher;
import java.util.Objects;

/**
 * Starts a {@link StreamBatcher} on a {@link BatchKernel}, for the model classes of AudioML's own packages (Silero,
 * openWakeWord, plain ONNX models), so that the kernel type stays out of the public API.
 *
 * <p>Internal: not API. Thread-safe.
 */
public final class Batchers {
    private static volatile Factory factory;
    private static volatile java.util.function.BiConsumer<StreamBatcher, BatchObserver> observers;

    private Batchers() {
    }

    /** How {@link StreamBatcher} makes itself; registered once by its class initialisation. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param kernel the kernel, now owned by the batcher
         * @param policy when to run
         * @param name for the thread's name and messages
         * @return a started batcher
         */
        StreamBatcher start(BatchKernel kernel, BatchPolicy policy, String name);
    }

    /**
     * Called once by {@link StreamBatcher}'s class initialisation.
     *
     * @param f the factory
     * @throws IllegalStateException if already registered
     */
    public static synchronized void register(Factory f) {
        if (factory != null) {
            throw new IllegalStateException("Batchers is registered already");
        }
        factory = Objects.requireNonNull(f, "f");
    }

    /**
     * Called once by {@link StreamBatcher}'s class initialisation: how {@link #observe} reaches a batcher.
     *
     * @param f sets a batcher's observer
     */
    public static synchronized void registerObservers(java.util.function.BiConsumer<StreamBatcher, BatchObserver> f) {
        observers = Objects.requireNonNull(f, "f");
    }

    /**
     * Makes {@code observer} see every later model run of {@code batcher} (for benchmarks); {@code null} stops it.
     *
     * @param batcher the batcher
     * @param observer called on the inference thread, or null
     */
    public static void observe(StreamBatcher batcher, BatchObserver observer) {
        Objects.requireNonNull(batcher, "batcher"); // its class is initialised, so the accessor is registered
        observers.accept(batcher, observer);
    }

    /**
     * Starts a batcher (and its inference thread). A kernel that the batcher cannot take is closed.
     *
     * @param kernel the kernel, now owned by the batcher (closed with it)
     * @param policy when to run
     * @param name names the inference thread ({@code audioml-batcher-<name>}) and messages
     * @return the batcher, owned by the caller
     */
    public static StreamBatcher start(BatchKernel kernel, BatchPolicy policy, String name) {
        if (factory == null) {
            try {
                Class.forName(StreamBatcher.class.getName(), true, StreamBatcher.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                kernel.close();
                throw new IllegalStateException("cannot load StreamBatcher", e);
            }
        }
        return factory.start(kernel, policy, name);
    }
}
