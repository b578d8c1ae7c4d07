package dev.audioml.core.pipeline;

import dev.audioml.core.AudioBlock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-over between the capture thread and the processing thread: a ring of preallocated blocks that
 * are swapped, never copied or allocated: {@link #put} takes the capture thread's filled block and gives back an
 * empty one; {@link #take} takes the processing thread's spent block and gives back the oldest filled one.
 *
 * <p>Thread-safe: one producer, one consumer.
 */
final class BlockQueue {
    private final AudioBlock[] slots;
    private final DropPolicy policy;
    private final AtomicLong blocksDropped;
    private final AtomicLong samplesDropped;
    private int head;
    private int count;
    private boolean ended;

    BlockQueue(int capacity, int blockSamples, int sampleRateHz, DropPolicy policy, AtomicLong blocksDropped,
            AtomicLong samplesDropped) {
        this.slots = new AudioBlock[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new AudioBlock(blockSamples, sampleRateHz);
        }
        this.policy = policy;
        this.blocksDropped = blocksDropped;
        this.samplesDropped = samplesDropped;
    }

    /**
     * Queues {@code filled} (applying the drop policy when full) and returns an empty block for the next read.
     * Blocks only under {@link DropPolicy#BLOCK}, until there is room or the queue is ended.
     */
    synchronized AudioBlock put(AudioBlock filled) throws InterruptedException {
        while (count == slots.length && policy == DropPolicy.BLOCK && !ended) {
            wait();
        }
        if (ended) {
            return filled;
        }
        if (count == slots.length) {
            if (policy == DropPolicy.DROP_NEWEST) {
                drop(filled);
                return filled;
            }
            drop(slots[head]);
            head = (head + 1) % slots.length;
            count--;
        }
        int tail = (head + count) % slots.length;
        AudioBlock empty = slots[tail];
        slots[tail] = filled;
        count++;
        notifyAll();
        return empty;
    }

    /**
     * Returns the oldest queued block, handing {@code spent} back to the pool; waits while the queue is empty and not
     * ended; returns null once it is ended and empty.
     */
    synchronized AudioBlock take(AudioBlock spent) throws InterruptedException {
        while (count == 0 && !ended) {
            wait();
        }
        if (count == 0) {
            return null;
        }
        AudioBlock filled = slots[head];
        slots[head] = spent;
        head = (head + 1) % slots.length;
        count--;
        notifyAll();
        return filled;
    }

    /** No more puts: {@link #take} drains what is queued, then returns null. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** Discards everything queued (not counted as drops) and ends the queue. */
    synchronized void abort() {
        count = 0;
        end();
    }

    private void drop(AudioBlock block) {
        blocksDropped.incrementAndGet();
        samplesDropped.addAndGet(block.length());
    }
}
