package dev.audioml.train.embed;

import java.util.List;

/** A backbone whose poolings are blocks of its full vector, described by a {@link Poolings} table. */
abstract class PooledBackbone implements Backbone {
    private final Poolings poolings;

    PooledBackbone(Poolings poolings) {
        this.poolings = poolings;
    }

    @Override
    public final List<String> poolings() {
        return poolings.names();
    }

    @Override
    public final int[] columns(String pooling) {
        return poolings.columns(pooling);
    }
}
