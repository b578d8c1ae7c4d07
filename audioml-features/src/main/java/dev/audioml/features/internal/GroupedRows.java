package dev.audioml.features.internal;

/**
 * A band-limited matrix (every row one contiguous run of weights, as the filters of a mel bank) laid out for
 * {@link Kernels#groupedRows}: the rows in groups of {@value #GROUP}, each group a run of steps, every step one weight
 * per row of the group (zero where that row's run has ended), so that the eight row sums of a group are eight
 * independent chains of additions walked in one loop, or one SIMD vector of eight lanes.
 *
 * <p>Why: applied row by row, a mel bank of 16 kHz 512/64 (498 weights in runs of 2 to 30) is bound by the latency of
 * each row's chain of dependent additions and by the mispredicted exit of every row's short loop (0.46 us, about 1 ns
 * per weight); grouped, a group runs as many steps as its longest row.
 *
 * <p>Sums are the same bits as the row-by-row band-limited sum in ascending input index: a row's weights keep their
 * order, and the zero weights added around its run (before it, where a run is moved down to stay inside the input;
 * after it, up to the group's longest run) add {@code +-0} to a sum that starts at {@code +0}, which changes no sum —
 * unless the input holds an infinity or NaN outside the row's run, where the product {@code 0 * inf} makes the row
 * NaN, as {@code numpy.dot} with the dense matrix does.
 *
 * <p>Immutable and thread-safe.
 */
public final class GroupedRows {
    /** Rows per group: one 512-bit vector of doubles, two 256-bit ones. */
    public static final int GROUP = 8;

    /** Per group, its steps one after the other, each {@link #GROUP} weights (one per row of the group). */
    final double[] weights;
    /** Group {@code g}'s weights start at {@code base[g]} and end at {@code base[g + 1]}. */
    final int[] base;
    /** Per row (padded to whole groups), the input index its step 0 reads: step {@code j} reads {@code first + j}. */
    final int[] first;
    /** The number of rows (the rest of the last group is padding). */
    final int rows;
    /** The length the input must have at least. */
    final int inputLength;

    private GroupedRows(double[] weights, int[] base, int[] first, int rows, int inputLength) {
        this.weights = weights;
        this.base = base;
        this.first = first;
        this.rows = rows;
        this.inputLength = inputLength;
    }

    /**
     * Lays out a band-limited matrix: row {@code m} has the weights {@code flat[offset[m] .. offset[m + 1])} for the
     * inputs from {@code firstIndex[m]} on.
     *
     * @param flat the rows' weights back to back; read, not retained
     * @param offset {@code rows + 1} start indices into {@code flat}
     * @param firstIndex per row, the input index of its first weight
     * @param rows number of rows, at least 0
     * @param inputLength input length; every run must lie inside {@code [0, inputLength)}
     * @return the layout
     * @throws IllegalArgumentException if a run does not lie inside the input
     */
    public static GroupedRows of(double[] flat, int[] offset, int[] firstIndex, int rows, int inputLength) {
        int groups = (rows + GROUP - 1) / GROUP;
        int[] base = new int[groups + 1];
        int[] first = new int[groups * GROUP];
        for (int g = 0; g < groups; g++) {
            int steps = 0;
            for (int r = g * GROUP; r < Math.min(rows, (g + 1) * GROUP); r++) {
                int span = offset[r + 1] - offset[r];
                if (span > 0 && (firstIndex[r] < 0 || firstIndex[r] + span > inputLength)) {
                    throw new IllegalArgumentException("row " + r + " spans inputs [" + firstIndex[r] + ", "
                            + (firstIndex[r] + span) + "), outside [0, " + inputLength + ")");
                }
                steps = Math.max(steps, span);
            }
            base[g + 1] = base[g] + steps * GROUP;
        }
        double[] weights = new double[base[groups]];
        for (int r = 0; r < rows; r++) {
            int g = r / GROUP;
            int steps = (base[g + 1] - base[g]) / GROUP;
            int span = offset[r + 1] - offset[r];
            // the run moved down where its group's steps would read past the input: zeros before it instead of after
            int start = span == 0 ? 0 : Math.min(firstIndex[r], inputLength - steps);
            first[r] = start;
            for (int i = 0; i < span; i++) {
                int j = firstIndex[r] - start + i;
                weights[base[g] + j * GROUP + r % GROUP] = flat[offset[r] + i];
            }
        }
        return new GroupedRows(weights, base, first, rows, inputLength);
    }

    /** @return the number of rows */
    public int rows() {
        return rows;
    }

    /** @return the input length this layout reads */
    public int inputLength() {
        return inputLength;
    }
}
