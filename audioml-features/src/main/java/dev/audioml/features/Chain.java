package dev.audioml.features;

import dev.audioml.features.delta.Deltas;
import dev.audioml.features.norm.Cmvn;
import dev.audioml.features.stft.StftFramer;

/**
 * The mutable stages of one stream: framer, frame feature, row ops before the matrix stage, the matrix stage
 * (dB reference max / top_db, chroma's tuning estimate, spectral contrast's dB, Kaldi subtract_mean), row ops after it,
 * deltas, CMVN, and a final stage over the whole output (onset_detect's peak picking). Emits finished rows as floats
 * into a target array set by the caller. Allocates nothing per frame.
 */
final class Chain {
    /** A stage that needs every frame of the clip (librosa applies it to the whole matrix). */
    @FunctionalInterface
    interface MatrixStage {
        /**
         * Transforms {@code frames} packed rows of {@code inBins} values in place.
         *
         * @return the row width it leaves packed from index 0 (at most {@code inBins})
         */
        int apply(double[] rows, int frames, int inBins);
    }

    /**
     * A whole-matrix stage that a stream can run in passes: one or more that gather its statistic over every row,
     * then one that applies it row by row, with the numbers the whole-matrix form gives.
     */
    interface PassStage {
        /** @return gathering passes the statistic takes (each sees every row once), at least 1 */
        default int gatheringPasses() {
            return 1;
        }

        /** Forgets the statistic (a new stream). */
        void begin();

        /** A gathering pass: takes a row into the statistic. */
        void observe(double[] row, int n);

        /** Ends a gathering pass after {@code frames} rows; after the last one, the statistic is final. */
        void end(long frames);

        /**
         * Pass two: transforms a row in place.
         *
         * @return the row width it leaves packed from index 0 (at most {@code n})
         */
        int apply(double[] row, int n);
    }

    /** A stage over the finished float output of a whole clip. */
    @FunctionalInterface
    interface FinalStage {
        void apply(float[] out, int offset, int frames, int bins);
    }

    final StftFramer framer;
    private final FrameFeature feature;
    private final double[] featureRow;
    private final RowOps pre;
    private final MatrixStage matrixStage;
    private final FinalStage finalStage;
    private final boolean subtractMean;
    private final RowOps post;
    private final Deltas deltas;
    private final Cmvn cmvn;
    private final int bins;
    private final int preBins;
    private final double[] cmvnRow;
    /** The whole-matrix stages in their streamed form, in chain order (empty when the chain streams in one pass). */
    private final PassStage[] passStages;
    /** The stage each gathering pass serves, in order: a stage with several gathering passes appears that often. */
    private final int[] passStage;
    /** The pass under way: {@code passStage.length} is the pass that emits rows. */
    private int pass;
    private long passFrames;
    private long firstPassFrames = -1;
    /** Most pre-matrix values the first pass keeps for {@link #replay}; 0 keeps none. */
    private long keepLimit;
    /** The first pass's pre-matrix rows, back to back (reused from stream to stream); null until the first row. */
    private double[] kept;
    private int keptValues;
    /** The first pass outgrew {@link #keepLimit}: its rows are dropped and the later passes read the stream. */
    private boolean keepDropped;
    /** The first pass ended with every row kept, and no later pass has read the stream since. */
    private boolean replayable;
    private int replayValues;
    private double[] replayRow;

    /** Where finished rows go: float target, or the pre-matrix collection buffer. */
    private float[] target;
    private int targetPos;
    private double[] collect;
    private int collectPos;
    private boolean collecting;
    private final StftFramer.FrameConsumer onFrame = this::onFrame;
    private final Deltas.RowConsumer onDeltaRow = (row, n) -> finish(row, n);

    Chain(StftFramer framer, FrameFeature feature, int featureBins, RowOps pre, MatrixStage matrixStage,
            boolean subtractMean, RowOps post, Deltas deltas, Cmvn cmvn, int bins, FinalStage finalStage,
            PassStage[] passStages) {
        this.framer = framer;
        this.feature = feature;
        this.featureRow = new double[featureBins];
        this.pre = pre;
        this.matrixStage = matrixStage;
        this.finalStage = finalStage;
        this.subtractMean = subtractMean;
        this.post = post;
        this.deltas = deltas;
        this.cmvn = cmvn;
        this.bins = bins;
        this.preBins = pre.isEmpty() ? featureBins : pre.outBins();
        this.cmvnRow = new double[bins];
        this.passStages = passStages;
        int gathering = 0;
        for (PassStage p : passStages) {
            gathering += p.gatheringPasses();
        }
        this.passStage = new int[gathering];
        for (int i = 0, at = 0; i < passStages.length; i++) {
            for (int k = 0; k < passStages[i].gatheringPasses(); k++) {
                passStage[at++] = i;
            }
        }
    }

    /** @return passes over the stream a streamed computation takes (1 + the gathering passes of the stages) */
    int passes() {
        return passStage.length + 1;
    }

    /** @return whether the pass under way is the one that emits rows */
    boolean isFinalPass() {
        return pass == passStage.length;
    }

    /**
     * Ends a gathering pass (after its {@link #flushFrames}): its stage's statistic is final and the stream starts
     * again from its first sample.
     *
     * @throws IllegalStateException if this pass saw another number of frames than the first (the source changed)
     */
    void nextPass() {
        checkSameFrames();
        passStages[passStage[pass]].end(passFrames);
        replayable = pass == 0 ? keepLimit > 0 && !keepDropped : replayable;
        pass++;
        passFrames = 0;
        framer.reset();
        pre.reset();
    }

    /**
     * Keeps up to {@code maxValues} pre-matrix values of the first pass, so that the later passes can run from them
     * ({@link #replay}) instead of reading the stream again; 0 keeps none. The buffer grows as rows come (doubling),
     * so a short stream takes little; past the limit the rows are dropped.
     */
    void keepFirstPassRows(long maxValues) {
        if (maxValues < 0) {
            throw new IllegalArgumentException("maxValues must be >= 0, got " + maxValues);
        }
        keepLimit = Math.min(maxValues, Integer.MAX_VALUE - 16L);
        if (keepLimit == 0) {
            kept = null;
        }
    }

    /** @return whether {@link #replay} can run the passes after the first from its kept rows */
    boolean canReplay() {
        return replayable && pass > 0;
    }

    /**
     * Runs what the stream's later passes would run, from the rows the first one kept: the gathering passes in full,
     * then up to {@code maxRows} rows of the last pass into the target; with the last kept row, the deltas' last rows.
     * The same operations on the same doubles as reading the stream again, so the same bits.
     *
     * @return whether every row has been emitted (the caller then resets)
     */
    boolean replay(int maxRows) {
        int keptRows = keptValues / preBins;
        if (replayRow == null || replayRow.length < preBins) {
            replayRow = new double[preBins];
        }
        while (pass < passStage.length) {
            for (int r = 0; r < keptRows; r++) {
                int n = replayRow(r);
                passStages[passStage[pass]].observe(replayRow, n);
            }
            nextPass();
        }
        int end = Math.min(keptRows, replayValues / preBins + maxRows);
        for (int r = replayValues / preBins; r < end; r++) {
            replayRow(r);
            postMatrix(replayRow);
        }
        replayValues = end * preBins;
        if (end < keptRows) {
            return false;
        }
        checkSameFrames();
        flushDeltas();
        return true;
    }

    /**
     * Copies kept row {@code r} into {@link #replayRow} with the stages before the current pass's stage applied.
     *
     * @return the row width they leave
     */
    private int replayRow(int r) {
        System.arraycopy(kept, r * preBins, replayRow, 0, preBins);
        passFrames++;
        int current = pass < passStage.length ? passStage[pass] : passStages.length;
        int n = preBins;
        for (int i = 0; i < current; i++) {
            n = passStages[i].apply(replayRow, n);
        }
        return n;
    }

    private void keep(double[] row) {
        if (keepDropped || keepLimit == 0) {
            return;
        }
        long need = (long) keptValues + preBins;
        if (need > keepLimit) {
            keepDropped = true; // the rest of this pass is not kept, and what was kept is let go
            kept = null;
            keptValues = 0;
            return;
        }
        if (kept == null || need > kept.length) {
            long grown = Math.max(need, Math.max(1L << 16, 2L * (kept == null ? 0 : kept.length)));
            kept = java.util.Arrays.copyOf(kept == null ? new double[0] : kept, (int) Math.min(keepLimit, grown));
        }
        System.arraycopy(row, 0, kept, keptValues, preBins);
        keptValues += preBins;
    }

    /** @throws IllegalStateException if the pass under way saw another number of frames than the first */
    void checkSameFrames() {
        if (firstPassFrames < 0) {
            firstPassFrames = passFrames;
        } else if (passFrames != firstPassFrames) {
            throw new IllegalStateException("the stream changed between passes: pass " + (pass + 1) + " gave "
                    + passFrames + " frames, pass 1 gave " + firstPassFrames + " (a whole-matrix stage reads the "
                    + "stream once per pass; the input must be the same each time)");
        }
    }

    int bins() {
        return bins;
    }

    int preMatrixBins() {
        return preBins;
    }

    boolean hasDeltas() {
        return deltas != null;
    }

    int deltaDelayFrames() {
        return deltas == null ? 0 : deltas.maxFlushRows();
    }

    /** Streams rows to {@code out} (row-major floats). */
    void target(float[] out, int pos) {
        this.target = out;
        this.targetPos = pos;
        this.collecting = false;
    }

    int targetPos() {
        return targetPos;
    }

    /** Collects pre-matrix rows into {@code buffer} instead (batch with a matrix stage). */
    void collect(double[] buffer) {
        this.collect = buffer;
        this.collectPos = 0;
        this.collecting = true;
    }

    int push(float[] samples, int offset, int length) {
        replayable = false; // a later pass reads the stream again: the kept rows no longer apply
        return framer.push(samples, offset, length, onFrame);
    }

    void flushFrames() {
        framer.flush(onFrame);
    }

    /** Ends the deltas (emits their last rows). */
    void flushDeltas() {
        if (deltas != null) {
            deltas.flush(onDeltaRow);
        }
    }

    /** Runs the final stage (if any) over {@code frames} finished rows from {@code offset}. */
    void finishOutput(float[] out, int offset, int frames) {
        if (finalStage != null) {
            finalStage.apply(out, offset, frames, bins);
        }
    }

    void reset() {
        framer.reset();
        pre.reset();
        post.reset();
        if (deltas != null) {
            deltas.reset();
        }
        pass = 0;
        passFrames = 0;
        firstPassFrames = -1;
        keptValues = 0;
        keepDropped = false;
        replayable = false;
        replayValues = 0;
        for (PassStage p : passStages) {
            p.begin();
        }
    }

    private void onFrame(double[] frame, int leftPad, int rightPad) {
        feature.compute(frame, leftPad, rightPad, featureRow);
        acceptRow(featureRow);
    }

    /** Takes one feature row computed elsewhere (a whole-clip transform) as if the frame feature had produced it. */
    void acceptRow(double[] featureRow) {
        double[] row = pre.apply(featureRow);
        if (passStages.length > 0 && !collecting) {
            passFrames++;
            if (pass == 0) {
                keep(row);
            }
            boolean gathering = pass < passStage.length;
            int current = gathering ? passStage[pass] : passStages.length;
            int n = preBins;
            for (int i = 0; i < current; i++) {
                n = passStages[i].apply(row, n);
            }
            if (gathering) {
                passStages[current].observe(row, n);
                return;
            }
            postMatrix(row);
        } else if (collecting) {
            System.arraycopy(row, 0, collect, collectPos, preBins);
            collectPos += preBins;
        } else {
            postMatrix(row);
        }
    }

    /** Applies the matrix stage to the collected rows, then streams them through the rest of the chain. */
    void finishMatrix(int frames) {
        int width = matrixStage == null ? preBins : matrixStage.apply(collect, frames, preBins);
        if (subtractMean && frames > 0) {
            for (int b = 0; b < width; b++) {
                double mean = 0;
                for (int f = 0; f < frames; f++) {
                    mean += collect[f * width + b];
                }
                mean /= frames;
                for (int f = 0; f < frames; f++) {
                    collect[f * width + b] -= mean;
                }
            }
        }
        double[] row = featureRow.length >= width ? featureRow : new double[width];
        collecting = false;
        for (int f = 0; f < frames; f++) {
            System.arraycopy(collect, f * width, row, 0, width);
            postMatrix(row);
        }
    }

    private void postMatrix(double[] row) {
        double[] out = post.apply(row);
        if (deltas != null) {
            deltas.push(out, onDeltaRow);
        } else {
            finish(out, bins);
        }
    }

    private void finish(double[] row, int n) {
        double[] r = row;
        if (cmvn != null) {
            System.arraycopy(row, 0, cmvnRow, 0, n);
            cmvn.apply(cmvnRow);
            r = cmvnRow;
        }
        for (int i = 0; i < n; i++) {
            target[targetPos++] = (float) r[i];
        }
    }
}
