package dev.audioml.features;

import dev.audioml.core.AudioBlock;

/**
 * Computes features hop by hop from a stream of samples pushed in blocks of any size (even one sample), writing each
 * finished frame into a caller-owned array. The frames equal the batch result of {@link FeaturePipeline#compute}
 * on the whole stream, including the padded frames at both ends ({@code center=true}): call {@link #flush} at the end
 * of the stream to get the last ones. Stages over the whole matrix take more than one pass over the stream (see
 * {@link #passes()}).
 *
 * <p>Latency: a frame is emitted once its last sample arrives (plus one sample for a reflect-padded first frame, and
 * {@code width / 2} frames more with deltas). Allocates nothing after construction.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class StreamingFeatures {
    private final Chain chain;
    private final int sampleRateHz;
    /** The last {@link #replay} emitted the stream's last rows: the next one returns -1. */
    private boolean replayEnded;

    StreamingFeatures(Chain chain, int sampleRateHz) {
        this.chain = chain;
        this.sampleRateHz = sampleRateHz;
    }

    /** @return values per frame */
    public int bins() {
        return chain.bins();
    }

    /** @return the input rate in Hz */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /**
     * @param blockSamples samples in one {@link #push}
     * @return the most frames that push can emit; {@code out} needs {@code maxFrames(n) * bins()} floats
     */
    public int maxFrames(int blockSamples) {
        return chain.framer.maxFramesPerPush(blockSamples) + chain.deltaDelayFrames() + 1;
    }

    /** @return the most frames {@link #flush} can emit */
    public int maxFlushFrames() {
        return chain.framer.maxFlushFrames() + chain.deltaDelayFrames();
    }

    /**
     * Adds samples and writes every frame they complete.
     *
     * @param samples mono samples in [-1, 1] at {@link #sampleRateHz()}; read-only, not retained
     * @param offset first sample
     * @param length number of samples, at least 0
     * @param out destination, row-major; needs {@code maxFrames(length) * bins()} floats from {@code outOffset}
     * @param outOffset where the first frame goes
     * @return the number of frames written
     */
    public int push(float[] samples, int offset, int length, float[] out, int outOffset) {
        if (offset < 0 || length < 0 || offset + length > samples.length) {
            throw new IllegalArgumentException("samples range [" + offset + ", " + (offset + length)
                    + ") is outside the array of " + samples.length);
        }
        requireRoom(out, outOffset, maxFrames(length));
        replayEnded = false;
        chain.target(out, outOffset);
        chain.push(samples, offset, length);
        return (chain.targetPos() - outOffset) / chain.bins();
    }

    /**
     * Adds a block (its sample rate must be {@link #sampleRateHz()}).
     *
     * @param block the block; read-only, not retained
     * @param out destination, row-major; needs {@code maxFrames(block.length()) * bins()} floats from {@code outOffset}
     * @param outOffset where the first frame goes
     * @return the number of frames written
     */
    public int push(AudioBlock block, float[] out, int outOffset) {
        if (block.sampleRateHz() != sampleRateHz) {
            throw new IllegalArgumentException("block rate must be " + sampleRateHz + " Hz (the spec's sr), got "
                    + block.sampleRateHz() + " Hz; resample first");
        }
        return push(block.samples(), 0, block.length(), out, outOffset);
    }

    /**
     * Ends the stream, or the pass over it: writes the frames that need the end padding (and the last delta frames),
     * then forgets the stream so the object can take a new one. With {@link #passes()} above 1, a flush that ends a
     * gathering pass writes nothing and the next push starts the next pass from the stream's first sample.
     *
     * @param out destination; needs {@code maxFlushFrames() * bins()} floats from {@code outOffset}
     * @param outOffset where the first frame goes
     * @return the number of frames written
     * @throws IllegalArgumentException if deltas were asked for and the stream had fewer frames than their width
     * @throws IllegalStateException if a pass saw another number of frames than the first (the stream changed)
     */
    public int flush(float[] out, int outOffset) {
        requireRoom(out, outOffset, maxFlushFrames());
        replayEnded = false;
        chain.target(out, outOffset);
        boolean last = chain.isFinalPass();
        boolean done = false;
        try {
            chain.flushFrames();
            if (last) {
                chain.checkSameFrames();
                chain.flushDeltas();
            } else {
                chain.nextPass();
            }
            done = true;
        } finally {
            if (last || !done) {
                chain.reset();
            }
        }
        return (chain.targetPos() - outOffset) / chain.bins();
    }

    /**
     * How many times the stream must be pushed: 1 for specs computed frame by frame; 2 or 3 for the stages librosa
     * applies over the whole matrix ({@code to_db} with {@code ref="max"} or a {@code top_db}; spectral_contrast's
     * dB; Kaldi's {@code subtract_mean}); 4 for chroma_stft's tuning estimate (a median found by radix selection).
     * Each pass but the last gathers a statistic (the matrix maximum, the column means, the tuning) and
     * emits nothing; the last emits every frame, equal to {@link FeaturePipeline#compute} on the whole stream. Memory
     * is independent of the stream's length; the stream must give the same samples each pass.
     *
     * @return passes over the stream, at least 1
     * @since 0.3
     */
    public int passes() {
        return chain.passes();
    }

    /** @return whether the pass under way (after the last {@link #flush}) emits frames, i.e. is the last one */
    public boolean isFinalPass() {
        return chain.isFinalPass();
    }

    /**
     * Keeps the rows of the first pass (as the whole-matrix stages take them, before those stages) up to
     * {@code maxValues} values (8 bytes each), so that the passes after it can run from them with {@link #replay}
     * instead of pushing the stream again: one decode, one resampling and one STFT instead of one per pass. The buffer
     * grows with the stream (doubling) and is kept for the next stream; past {@code maxValues} the rows are let go and
     * {@link #canReplay()} stays false. Without effect when {@link #passes()} is 1.
     *
     * @param maxValues most values kept, at least 0 (0, the default, keeps none)
     * @since 0.4
     */
    public void keepFirstPassRows(long maxValues) {
        chain.keepFirstPassRows(maxValues);
    }

    /**
     * @return whether the first pass has ended (its {@link #flush}) with every row kept, so that {@link #replay} can
     *     run the remaining passes; false again once a later pass has been pushed
     * @since 0.4
     */
    public boolean canReplay() {
        return chain.canReplay();
    }

    /**
     * Runs the passes after the first from its kept rows (see {@link #keepFirstPassRows}): the gathering passes at
     * the first call, then up to {@code maxRows} rows of the last pass per call, equal bit for bit to pushing the
     * stream again. Call until it returns -1; the object then takes a new stream, as after the last {@link #flush}.
     *
     * @param out destination, row-major; needs {@code (maxRows + maxFlushFrames()) * bins()} floats from
     *     {@code outOffset}
     * @param outOffset where the first frame goes
     * @param maxRows most kept rows to replay in this call, at least 1
     * @return the number of frames written, or -1 when the stream has been emitted completely
     * @throws IllegalStateException if {@link #canReplay()} is false
     * @since 0.4
     */
    public int replay(float[] out, int outOffset, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        }
        if (replayEnded) {
            replayEnded = false;
            return -1;
        }
        if (!chain.canReplay()) {
            throw new IllegalStateException("nothing to replay: the first pass must end (flush) with every row kept "
                    + "(keepFirstPassRows), before a later pass is pushed");
        }
        requireRoom(out, outOffset, maxRows + maxFlushFrames());
        chain.target(out, outOffset);
        boolean done = false;
        boolean failed = true;
        try {
            done = chain.replay(maxRows);
            failed = false;
        } finally {
            if (done || failed) {
                chain.reset();
            }
        }
        int frames = (chain.targetPos() - outOffset) / chain.bins();
        if (done && frames == 0) {
            return -1;
        }
        replayEnded = done; // the next call says so
        return frames;
    }

    /** Forgets the stream without emitting anything. */
    public void reset() {
        replayEnded = false;
        chain.reset();
    }

    private void requireRoom(float[] out, int outOffset, int frames) {
        long need = (long) frames * chain.bins();
        if (outOffset < 0 || out.length - (long) outOffset < need) {
            throw new IllegalArgumentException("out needs room for " + frames + " frames x " + chain.bins()
                    + " bins = " + need + " floats from offset " + outOffset + ", has " + (out.length - outOffset));
        }
    }
}
