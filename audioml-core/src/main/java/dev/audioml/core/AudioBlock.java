package dev.audioml.core;

import java.util.Arrays;

/**
 * A run of mono float PCM samples in [-1, 1] with its sample rate and the index of its first sample in the stream.
 *
 * <p>Blocks are reusable buffers: whoever creates a block owns it and may refill it with {@link #set}. A stage that
 * receives a block must not keep a reference to it (or to {@link #samples()}) after returning, and must not write to
 * it; it copies what it needs.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class AudioBlock {
    private final float[] samples;
    private int length;
    private int sampleRateHz;
    private long startSample;
    private long capturedNanos;

    /**
     * Creates an empty block able to hold {@code capacity} samples.
     *
     * @param capacity maximum number of samples, at least 1
     * @param sampleRateHz sample rate in Hz, at least 1
     */
    public AudioBlock(int capacity, int sampleRateHz) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        requireRate(sampleRateHz);
        this.samples = new float[capacity];
        this.sampleRateHz = sampleRateHz;
    }

    /**
     * Creates a block holding a copy of {@code samples}.
     *
     * @param samples mono PCM in [-1, 1]; copied
     * @param sampleRateHz sample rate in Hz
     * @param startSample index of the first sample in its stream, at least 0
     * @return a new block of exactly {@code samples.length} samples
     */
    public static AudioBlock of(float[] samples, int sampleRateHz, long startSample) {
        AudioBlock block = new AudioBlock(Math.max(1, samples.length), sampleRateHz);
        System.arraycopy(samples, 0, block.samples, 0, samples.length);
        block.set(samples.length, startSample);
        return block;
    }

    /**
     * Declares that the first {@code length} entries of {@link #samples()} hold audio starting at {@code startSample}.
     *
     * @param length number of valid samples, in [0, capacity]
     * @param startSample index of the first valid sample in its stream, at least 0
     * @return this block
     */
    public AudioBlock set(int length, long startSample) {
        if (length < 0 || length > samples.length) {
            throw new IllegalArgumentException("length must be in [0, " + samples.length + "] (capacity), got " + length);
        }
        if (startSample < 0) {
            throw new IllegalArgumentException("startSample must be >= 0, got " + startSample);
        }
        this.length = length;
        this.startSample = startSample;
        return this;
    }

    /**
     * Changes the sample rate that the held samples are declared at.
     *
     * @param sampleRateHz sample rate in Hz, at least 1
     * @return this block
     */
    public AudioBlock sampleRateHz(int sampleRateHz) {
        requireRate(sampleRateHz);
        this.sampleRateHz = sampleRateHz;
        return this;
    }

    /**
     * Stamps when the block's audio arrived, for latency accounting.
     *
     * @param nanos a {@link System#nanoTime()} reading taken when the block was captured or read
     * @return this block
     */
    public AudioBlock capturedNanos(long nanos) {
        this.capturedNanos = nanos;
        return this;
    }

    /** @return the {@link System#nanoTime()} reading of the block's arrival, or 0 if never stamped */
    public long capturedNanos() {
        return capturedNanos;
    }

    /** @return the backing array; entries {@code [0, length())} are valid. Do not keep it after the call that gave it. */
    public float[] samples() {
        return samples;
    }

    /** @return the number of valid samples */
    public int length() {
        return length;
    }

    /** @return the maximum number of samples the block can hold */
    public int capacity() {
        return samples.length;
    }

    /** @return the sample rate in Hz */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** @return the stream index of the first valid sample */
    public long startSample() {
        return startSample;
    }

    /** @return the stream index one past the last valid sample */
    public long endSample() {
        return startSample + length;
    }

    /** @return the start time in seconds */
    public double startSeconds() {
        return (double) startSample / sampleRateHz;
    }

    /** @return a copy of the valid samples */
    public float[] toArray() {
        return Arrays.copyOf(samples, length);
    }

    private static void requireRate(int sampleRateHz) {
        if (sampleRateHz < 1) {
            throw new IllegalArgumentException("sampleRateHz must be >= 1, got " + sampleRateHz);
        }
    }

    @Override
    public String toString() {
        return "AudioBlock[" + length + " samples @ " + sampleRateHz + " Hz from sample " + startSample + "]";
    }
}
