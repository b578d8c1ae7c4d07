package dev.audioml.core.testing;

import dev.audioml.core.Source;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A test-only live source: delivers {@code samples} (looped forever when asked) in blocks of at most
 * {@code blockSamples}, one block per {@code periodNanos} on a timer, like a capture device. Reading allocates
 * nothing. Counts closes; a read after close returns -1, as a device closed under a blocked read would. Tests wait
 * for reads with {@link #awaitReads} and find the reading (capture) thread with {@link #awaitReader} instead of
 * sleeping. A period of 0 delivers as fast as the reader asks.
 */
public final class TimerLiveSource implements Source {
    private final float[] samples;
    private final int sampleRateHz;
    private final int blockSamples;
    private final long periodNanos;
    private final boolean loop;
    private final AtomicInteger closes = new AtomicInteger();
    private final java.util.concurrent.CountDownLatch firstRead = new java.util.concurrent.CountDownLatch(1);
    private volatile Thread reader;
    private long reads;
    private long nextDeadline;
    private int position;

    /**
     * @param samples the audio to deliver
     * @param sampleRateHz its rate in Hz
     * @param blockSamples most samples per read
     * @param periodNanos time between blocks, in nanoseconds
     * @param loop whether to repeat the audio forever (the source then never ends)
     */
    public TimerLiveSource(float[] samples, int sampleRateHz, int blockSamples, long periodNanos, boolean loop) {
        this.samples = samples.clone();
        this.sampleRateHz = sampleRateHz;
        this.blockSamples = blockSamples;
        this.periodNanos = periodNanos;
        this.loop = loop;
    }

    @Override
    public int sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public int read(float[] buffer, int offset, int length) {
        if (closes.get() > 0) {
            return -1;
        }
        if (position == samples.length) {
            if (!loop) {
                return -1;
            }
            position = 0;
        }
        long now = System.nanoTime();
        if (nextDeadline == 0) {
            nextDeadline = now;
        }
        if (nextDeadline > now) {
            LockSupport.parkNanos(nextDeadline - now);
        }
        nextDeadline += periodNanos;
        int n = Math.min(Math.min(length, blockSamples), samples.length - position);
        System.arraycopy(samples, position, buffer, offset, n);
        position += n;
        if (reader == null) {
            reader = Thread.currentThread();
            firstRead.countDown();
        }
        synchronized (this) {
            reads++;
            notifyAll();
        }
        return n;
    }

    /**
     * Waits until {@code n} blocks have been read, or the audio (not looped) has been read whole.
     *
     * @param n blocks
     * @return the blocks read so far
     * @throws InterruptedException if interrupted
     */
    public synchronized long awaitReads(long n) throws InterruptedException {
        long total = loop ? Long.MAX_VALUE : (samples.length + blockSamples - 1) / blockSamples;
        while (reads < Math.min(n, total) && closes.get() == 0) {
            wait();
        }
        return reads;
    }

    /** @return blocks read so far */
    public synchronized long reads() {
        return reads;
    }

    /**
     * @return the thread of the first read (a pipeline's capture thread), once there was one
     * @throws InterruptedException if interrupted
     */
    public Thread awaitReader() throws InterruptedException {
        firstRead.await();
        return reader;
    }

    @Override
    public boolean isLive() {
        return true;
    }

    /** @return how many times {@link #close()} was called */
    public int closes() {
        return closes.get();
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        synchronized (this) {
            notifyAll();
        }
    }
}
