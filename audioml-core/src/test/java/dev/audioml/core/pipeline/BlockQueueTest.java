package dev.audioml.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.core.AudioBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BlockQueueTest {
    private static final int BLOCK_SAMPLES = 10;
    private static final int RATE_HZ = 16_000;

    private final AtomicLong blocksDropped = new AtomicLong();
    private final AtomicLong samplesDropped = new AtomicLong();

    /** Puts blocks starting at 0, 10, 20, ... (the last one 7 samples long), then drains and returns their starts. */
    private List<Long> putFiveThenDrain(DropPolicy policy) throws InterruptedException {
        BlockQueue q = new BlockQueue(3, BLOCK_SAMPLES, RATE_HZ, policy, blocksDropped, samplesDropped);
        AudioBlock spare = new AudioBlock(BLOCK_SAMPLES, RATE_HZ);
        for (int i = 0; i < 5; i++) {
            spare = q.put(spare.set(i == 4 ? 7 : BLOCK_SAMPLES, i * BLOCK_SAMPLES));
        }
        q.end();
        List<Long> starts = new ArrayList<>();
        AudioBlock mine = new AudioBlock(BLOCK_SAMPLES, RATE_HZ);
        for (AudioBlock b; (b = q.take(mine)) != null; mine = b) {
            starts.add(b.startSample());
        }
        return starts;
    }

    @Test
    void dropOldestKeepsTheNewestBlocks() throws InterruptedException {
        assertThat(putFiveThenDrain(DropPolicy.DROP_OLDEST)).containsExactly(20L, 30L, 40L);
        assertThat(blocksDropped.get()).isEqualTo(2);
        assertThat(samplesDropped.get()).isEqualTo(20);
    }

    @Test
    void dropNewestKeepsTheOldestBlocks() throws InterruptedException {
        assertThat(putFiveThenDrain(DropPolicy.DROP_NEWEST)).containsExactly(0L, 10L, 20L);
        assertThat(blocksDropped.get()).isEqualTo(2);
        assertThat(samplesDropped.get()).isEqualTo(17);
    }

    @Test
    void blocksAreSwappedNeverAllocated() throws InterruptedException {
        BlockQueue q = new BlockQueue(2, BLOCK_SAMPLES, RATE_HZ, DropPolicy.DROP_OLDEST, blocksDropped, samplesDropped);
        AudioBlock a = new AudioBlock(BLOCK_SAMPLES, RATE_HZ);
        AudioBlock b = new AudioBlock(BLOCK_SAMPLES, RATE_HZ);
        List<AudioBlock> seen = new ArrayList<>(List.of(a, b));
        AudioBlock spare = a;
        AudioBlock mine = b;
        for (int i = 0; i < 50; i++) {
            spare = q.put(spare.set(1, i));
            mine = q.take(mine);
            assertThat(mine.startSample()).isEqualTo(i);
            if (!seen.contains(spare)) {
                seen.add(spare);
            }
        }
        assertThat(seen).hasSize(4); // the two given plus the two preallocated slots
        assertThat(blocksDropped.get()).isZero();
    }

    @Test
    void abortWakesAWaitingConsumer() throws InterruptedException {
        BlockQueue q = new BlockQueue(2, BLOCK_SAMPLES, RATE_HZ, DropPolicy.BLOCK, blocksDropped, samplesDropped);
        AudioBlock[] got = {new AudioBlock(1, RATE_HZ)};
        Thread consumer = new Thread(() -> {
            try {
                got[0] = q.take(got[0]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        consumer.start();
        while (consumer.getState() != Thread.State.WAITING && consumer.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait(); // until the consumer waits in take()
        }
        q.abort();
        consumer.join(5_000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(got[0]).isNull();
    }
}
