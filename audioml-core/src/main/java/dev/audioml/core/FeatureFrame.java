package dev.audioml.core;

import java.util.Arrays;

/**
 * A dense float tensor of features for one analysis window, row-major, with the window's time span.
 *
 * <p>The usual shape is {@code [frames, bins]} (time-major, as AudioML writes {@code .npy}); raw audio is
 * {@code [1, samples]}; images are {@code [channels, height, width]}. {@link #frames()} and {@link #bins()} name the
 * last two axes.
 *
 * <p>Frames are reusable buffers owned by their creator (usually the pipeline). A classifier must not keep a
 * reference to a frame after {@code classify} returns.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class FeatureFrame {
    private final int[] shape;
    private final float[] data;
    private long startSample;
    private long endSample;
    private int sampleRateHz = 1;

    /**
     * Creates a zero-filled frame.
     *
     * @param shape sizes of each axis, each at least 1; rank 1 to 4
     */
    public FeatureFrame(int... shape) {
        if (shape.length < 1 || shape.length > 4) {
            throw new IllegalArgumentException("shape rank must be in [1, 4], got " + Arrays.toString(shape));
        }
        long size = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("every axis must be >= 1, got shape " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        }
        this.shape = shape.clone();
        this.data = new float[(int) size];
    }

    /** @return a copy of the shape */
    public int[] shape() {
        return shape.clone();
    }

    /** @return the number of axes */
    public int rank() {
        return shape.length;
    }

    /**
     * @param axis axis index
     * @return the size of that axis
     */
    public int dim(int axis) {
        return shape[axis];
    }

    /** @return the size of the second-to-last axis (time frames), or 1 for rank 1 */
    public int frames() {
        return shape.length >= 2 ? shape[shape.length - 2] : 1;
    }

    /** @return the size of the last axis (bins, samples or pixels) */
    public int bins() {
        return shape[shape.length - 1];
    }

    /** @return the backing array, row-major, length = product of the shape */
    public float[] data() {
        return data;
    }

    /**
     * @param frame index along the frames axis (rank-2 frames only)
     * @param bin index along the bins axis
     * @return the value at {@code [frame, bin]}
     */
    public float get(int frame, int bin) {
        return data[frame * bins() + bin];
    }

    /**
     * Sets the time span of the audio these features describe.
     *
     * @param startSample first sample of the window, at the pipeline's rate
     * @param endSample one past the last sample of the window
     * @param sampleRateHz the rate the sample indices count at
     * @return this frame
     */
    public FeatureFrame span(long startSample, long endSample, int sampleRateHz) {
        if (endSample < startSample || sampleRateHz < 1) {
            throw new IllegalArgumentException("invalid span [" + startSample + ", " + endSample + ") @ " + sampleRateHz + " Hz");
        }
        this.startSample = startSample;
        this.endSample = endSample;
        this.sampleRateHz = sampleRateHz;
        return this;
    }

    /** @return first sample of the window described */
    public long startSample() {
        return startSample;
    }

    /** @return one past the last sample of the window described */
    public long endSample() {
        return endSample;
    }

    /** @return the rate the sample indices count at, in Hz */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public String toString() {
        return "FeatureFrame" + Arrays.toString(shape) + "[" + startSample + ", " + endSample + ") @ " + sampleRateHz + " Hz";
    }
}
