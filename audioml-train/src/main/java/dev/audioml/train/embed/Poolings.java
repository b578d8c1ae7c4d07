package dev.audioml.train.embed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pooling table of a backbone: pooling name to the columns of the full vector it keeps. Immutable. */
final class Poolings {
    private final Map<String, int[]> columns = new LinkedHashMap<>();
    private final String backbone;

    Poolings(String backbone) {
        this.backbone = backbone;
    }

    /** Adds a pooling made of blocks {@code [start, start + length)} of the full vector. */
    Poolings add(String name, int... startLengthPairs) {
        int total = 0;
        for (int i = 1; i < startLengthPairs.length; i += 2) {
            total += startLengthPairs[i];
        }
        int[] cols = new int[total];
        int k = 0;
        for (int i = 0; i < startLengthPairs.length; i += 2) {
            for (int j = 0; j < startLengthPairs[i + 1]; j++) {
                cols[k++] = startLengthPairs[i] + j;
            }
        }
        columns.put(name, cols);
        return this;
    }

    List<String> names() {
        return List.copyOf(columns.keySet());
    }

    int[] columns(String pooling) {
        int[] c = columns.get(pooling);
        if (c == null) {
            throw new IllegalArgumentException("backbone " + backbone + " has no pooling \"" + pooling + "\"; known: "
                    + columns.keySet());
        }
        return c.clone();
    }
}
