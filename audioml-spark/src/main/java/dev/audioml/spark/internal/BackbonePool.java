package dev.audioml.spark.internal;

import dev.audioml.train.embed.Backbone;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The backbones one executor keeps for one configuration. A backbone is not thread-safe (its feature buffers), so
 * each task thread borrows one and gives it back after a file: the pool grows to the number of task threads that ran
 * at once and no further. Not API.
 *
 * <p>Thread-safe.
 */
public final class BackbonePool implements AutoCloseable {
    private final Supplier<Backbone> opener;
    private final ConcurrentLinkedQueue<Backbone> idle = new ConcurrentLinkedQueue<>();
    private final List<Backbone> all = new ArrayList<>();

    /** @param opener opens one more backbone */
    public BackbonePool(Supplier<Backbone> opener) {
        this.opener = opener;
    }

    /** @return an idle backbone, or a new one; give it back with {@link #release} */
    public Backbone borrow() {
        Backbone b = idle.poll();
        if (b != null) {
            return b;
        }
        b = opener.get();
        synchronized (all) {
            all.add(b);
        }
        return b;
    }

    /** @param backbone a backbone from {@link #borrow}, no longer used by the caller */
    public void release(Backbone backbone) {
        idle.add(backbone);
    }

    /** @return how many backbones this pool has opened */
    public int size() {
        synchronized (all) {
            return all.size();
        }
    }

    /** Closes every backbone. */
    @Override
    public void close() {
        synchronized (all) {
            all.forEach(Backbone::close);
            all.clear();
            idle.clear();
        }
    }
}
