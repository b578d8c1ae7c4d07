package dev.audioml.core.framing;

import dev.audioml.core.AudioBlock;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts a stream of samples, fed in blocks of any size (down to one sample), into windows of {@code windowSamples}
 * samples that start every {@code hopSamples} samples: window {@code k} covers stream samples
 * {@code [origin + k * hop, origin + k * hop + window)}. Hops shorter than the window overlap windows; a hop longer than
 * the window skips the samples between windows.
 *
 * <p>Samples are kept in a ring buffer of {@code windowSamples} floats and each window is copied, oldest sample first,
 * into one reusable {@link AudioBlock} handed to a {@link WindowConsumer}; nothing is allocated per hop.
 *
 * <p>At end of stream, {@link #finish} applies the {@link LastWindow} policy to the samples no full window covered
 * (default {@link LastWindow#ZERO_PAD}).
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class WindowFramer {

    /**
     * Receives each window.
     *
     * @since 0.1
     */
    @FunctionalInterface
    public interface WindowConsumer {
        /**
         * @param window the window: {@code windowSamples} samples starting at {@code window.startSample()}; owned by the
         *     framer and overwritten by the next window, so read it before returning and do not keep it
         * @param validSamples how many leading samples are real audio; less than {@code window.length()} only for a
         *     zero-padded last window
         */
        void onWindow(AudioBlock window, int validSamples);
    }

    private final int windowSamples;
    private final int hopSamples;
    private final LastWindow lastWindow;
    private final float[] ring;
    private final AudioBlock window;
    /** Stream index of the next sample to arrive. */
    private long nextSample;
    /** Stream index where the next window starts. */
    private long nextWindowStart;
    /** Stream index one past the end of the last emitted window (or the origin). */
    private long coveredEnd;
    private boolean finished;

    /**
     * Creates a framer with the default {@link LastWindow#ZERO_PAD} policy, starting at stream sample 0.
     *
     * @param windowSamples window length in samples, at least 1
     * @param hopSamples distance between window starts in samples, at least 1 (may exceed the window)
     * @param sampleRateHz the stream's sample rate in Hz, stamped on each window
     */
    public WindowFramer(int windowSamples, int hopSamples, int sampleRateHz) {
        this(windowSamples, hopSamples, sampleRateHz, LastWindow.ZERO_PAD);
    }

    /**
     * Creates a framer starting at stream sample 0.
     *
     * @param windowSamples window length in samples, at least 1
     * @param hopSamples distance between window starts in samples, at least 1 (may exceed the window)
     * @param sampleRateHz the stream's sample rate in Hz, stamped on each window
     * @param lastWindow what {@link #finish} does with a partial last window
     */
    public WindowFramer(int windowSamples, int hopSamples, int sampleRateHz, LastWindow lastWindow) {
        if (windowSamples < 1) {
            throw new IllegalArgumentException("windowSamples must be >= 1, got " + windowSamples);
        }
        if (hopSamples < 1) {
            throw new IllegalArgumentException("hopSamples must be >= 1, got " + hopSamples);
        }
        this.windowSamples = windowSamples;
        this.hopSamples = hopSamples;
        this.lastWindow = Objects.requireNonNull(lastWindow, "lastWindow");
        this.ring = new float[windowSamples];
        this.window = new AudioBlock(windowSamples, sampleRateHz);
    }

    /** @return the window length in samples */
    public int windowSamples() {
        return windowSamples;
    }

    /** @return the hop between window starts in samples */
    public int hopSamples() {
        return hopSamples;
    }

    /** @return the stream index of the next sample expected */
    public long nextSample() {
        return nextSample;
    }

    /**
     * Feeds a block. Its samples are taken to follow the previous ones; {@code block.startSample()} is not consulted
     * (use {@link #reset(long)} at a discontinuity).
     *
     * @param block the samples, at the framer's rate; read-only, not retained
     * @param consumer receives every window completed by these samples, in order
     * @throws IllegalArgumentException if the block's rate is not the framer's
     */
    public void push(AudioBlock block, WindowConsumer consumer) {
        if (block.sampleRateHz() != window.sampleRateHz()) {
            throw new IllegalArgumentException("block is at " + block.sampleRateHz() + " Hz but the framer at "
                    + window.sampleRateHz() + " Hz; resample first");
        }
        push(block.samples(), 0, block.length(), consumer);
    }

    /**
     * Feeds {@code samples[offset, offset + length)}. Allocates nothing.
     *
     * @param samples the samples; read-only, not retained
     * @param offset first index to read
     * @param length number of samples, at least 0
     * @param consumer receives every window completed by these samples, in order
     * @throws IllegalStateException after {@link #finish} (until {@link #reset})
     */
    public void push(float[] samples, int offset, int length, WindowConsumer consumer) {
        Objects.checkFromIndexSize(offset, length, samples.length);
        if (finished) {
            throw new IllegalStateException("WindowFramer is finished; call reset() to start a new stream");
        }
        int pos = offset;
        int remaining = length;
        while (remaining > 0) {
            long windowEnd = nextWindowStart + windowSamples;
            int take = (int) Math.min(remaining, windowEnd - nextSample);
            write(samples, pos, take);
            pos += take;
            remaining -= take;
            if (nextSample == windowEnd) {
                emit(windowSamples, consumer);
            }
        }
    }

    /**
     * Ends the stream: applies the {@link LastWindow} policy to the samples that no emitted window covered. With
     * {@link LastWindow#ZERO_PAD} and such samples present, emits one window starting at the next hop position whose
     * tail is zeros. Later pushes throw until {@link #reset}.
     *
     * @param consumer receives the padded window, if any
     */
    public void finish(WindowConsumer consumer) {
        if (finished) {
            return;
        }
        finished = true;
        if (lastWindow == LastWindow.DROP || nextSample <= Math.max(nextWindowStart, coveredEnd)) {
            return;
        }
        int valid = (int) (nextSample - nextWindowStart);
        emit(valid, consumer);
    }

    /** Forgets all samples and starts a new stream at sample 0. */
    public void reset() {
        reset(0);
    }

    /**
     * Forgets all samples; the next sample pushed has stream index {@code startSample} and the first window starts
     * there. Used at stream discontinuities (dropped blocks): no window spans a gap.
     *
     * @param startSample stream index of the next sample, at least 0
     */
    public void reset(long startSample) {
        if (startSample < 0) {
            throw new IllegalArgumentException("startSample must be >= 0, got " + startSample);
        }
        nextSample = startSample;
        nextWindowStart = startSample;
        coveredEnd = startSample;
        finished = false;
    }

    private void write(float[] samples, int from, int count) {
        int skip = Math.max(0, count - windowSamples);
        int src = from + skip;
        int n = count - skip;
        int at = (int) ((nextSample + skip) % windowSamples);
        int first = Math.min(n, windowSamples - at);
        System.arraycopy(samples, src, ring, at, first);
        System.arraycopy(samples, src + first, ring, 0, n - first);
        nextSample += count;
    }

    /** Copies the window starting at {@code nextWindowStart} (its first {@code valid} samples are in the ring). */
    private void emit(int valid, WindowConsumer consumer) {
        float[] out = window.samples();
        int at = (int) (nextWindowStart % windowSamples);
        int first = Math.min(valid, windowSamples - at);
        System.arraycopy(ring, at, out, 0, first);
        System.arraycopy(ring, 0, out, first, valid - first);
        if (valid < windowSamples) {
            Arrays.fill(out, valid, windowSamples, 0f);
        }
        window.set(windowSamples, nextWindowStart);
        coveredEnd = nextWindowStart + valid;
        nextWindowStart += hopSamples;
        consumer.onWindow(window, valid);
    }
}
