package dev.audioml.features;

import java.util.List;
import java.util.function.Supplier;

/** Row-to-row transforms (mel, dB, DCT) chained with preallocated ping-pong buffers. */
final class RowOps {
    /** One transform; {@code in} and {@code out} are distinct. */
    @FunctionalInterface
    interface Op {
        void apply(double[] in, double[] out);

        /** Forgets per-stream state (ops that keep history across rows, such as onset strength). */
        default void reset() {
        }
    }

    /** Builds a fresh {@link Op} (ops may hold per-stream buffers) with its widths. */
    record Factory(int inBins, int outBins, Supplier<Op> op) {
    }

    private final Op[] ops;
    private final double[][] buffers;
    private final int outBins;

    private RowOps(Op[] ops, int maxBins, int outBins) {
        this.ops = ops;
        this.buffers = new double[][] {new double[maxBins], new double[maxBins]};
        this.outBins = outBins;
    }

    static Factory factory(int inBins, int outBins, Supplier<Op> op) {
        return new Factory(inBins, outBins, op);
    }

    static RowOps build(List<Factory> factories) {
        Op[] ops = new Op[factories.size()];
        int max = 1;
        int out = -1;
        for (int i = 0; i < ops.length; i++) {
            Factory f = factories.get(i);
            ops[i] = f.op().get();
            max = Math.max(max, Math.max(f.inBins(), f.outBins()));
            out = f.outBins();
        }
        return new RowOps(ops, max, out);
    }

    /** Resets every op's per-stream state. */
    void reset() {
        for (Op op : ops) {
            op.reset();
        }
    }

    boolean isEmpty() {
        return ops.length == 0;
    }

    /** @return bins after the last op (only when not empty) */
    int outBins() {
        return outBins;
    }

    /**
     * Runs every op.
     *
     * @param in input row, read-only
     * @return the row after the last op (a reused buffer, or {@code in} itself when there are no ops)
     */
    double[] apply(double[] in) {
        double[] src = in;
        for (int i = 0; i < ops.length; i++) {
            double[] dst = buffers[i & 1];
            ops[i].apply(src, dst);
            src = dst;
        }
        return src;
    }
}
