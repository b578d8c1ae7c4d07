package dev.audioml.capture.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.capture.file.AudioFileSource;
import dev.audioml.capture.file.AudioFiles;
import dev.audioml.capture.file.WavWriter;
import dev.audioml.core.testing.Signals;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealtimeFileSourceTest {
    private static final int RATE_HZ = 16_000;
    /** Scheduling slack allowed when pacing with the real clock, in seconds. */
    private static final double WALL_CLOCK_SLACK_SECONDS = 0.5;

    @TempDir
    Path dir;

    /** A clock that advances only when slept on (or when the test moves it). */
    static final class FakeClock implements PacingClock {
        long now = 1_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    @Test
    void deliversEachBlockWhenItsTimeHasPassed() throws Exception {
        FakeClock clock = new FakeClock();
        long start = clock.now;
        float[] buffer = new float[1000];
        long delivered = 0;
        try (RealtimeFileSource source = RealtimeFileSource.of(open(RATE_HZ), 160, clock)) {
            assertThat(source.isLive()).isTrue();
            assertThat(source.sampleRateHz()).isEqualTo(RATE_HZ);
            for (int n; (n = source.read(buffer, 0, buffer.length)) > 0; ) {
                assertThat(n).isLessThanOrEqualTo(160);
                delivered += n;
                assertThat(clock.now - start).isEqualTo(RealtimeFileSource.elapsedNanos(delivered, RATE_HZ));
            }
        }
        assertThat(delivered).isEqualTo(RATE_HZ);
        assertThat(clock.now - start).isEqualTo(1_000_000_000L);
        assertThat(clock.sleeps).hasSize(100);
    }

    @Test
    void aLateReaderIsNotDelayedFurther() throws Exception {
        FakeClock clock = new FakeClock();
        float[] buffer = new float[160];
        try (RealtimeFileSource source = RealtimeFileSource.of(open(RATE_HZ), 160, clock)) {
            source.read(buffer, 0, 160);
            clock.now += 500_000_000L; // the reader stalls for half a second
            int caughtUp = 0;
            while (true) {
                int n = source.read(buffer, 0, 160);
                if (clock.sleeps.size() > 1) {
                    break;
                }
                caughtUp += n;
            }
            // blocks 2..51 were already due when read (10 ms to 510 ms): returned at once, without sleeping
            assertThat(caughtUp).isEqualTo(RATE_HZ / 2);
        }
    }

    @Test
    void interruptedWhilePacing() throws Exception {
        PacingClock interrupting = new PacingClock() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                throw new InterruptedException();
            }
        };
        try (RealtimeFileSource source = RealtimeFileSource.of(open(RATE_HZ), 160, interrupting)) {
            assertThatThrownBy(() -> source.read(new float[160], 0, 160)).isInstanceOf(InterruptedIOException.class)
                    .hasMessageContaining("interrupted while pacing");
            assertThat(Thread.interrupted()).isTrue();
        }
    }

    @Test
    void wallClockPaceWithTheSystemClock() throws Exception {
        int samples = RATE_HZ / 4;
        long start = System.nanoTime();
        try (RealtimeFileSource source = RealtimeFileSource.of(open(samples))) {
            float[] buffer = new float[4096];
            int total = 0;
            for (int n; (n = source.read(buffer, 0, buffer.length)) > 0; ) {
                total += n;
            }
            assertThat(total).isEqualTo(samples);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).isBetween(0.25 - 0.01, 0.25 + WALL_CLOCK_SLACK_SECONDS);
    }

    @Test
    void closeClosesTheWrappedSourceOnce() throws Exception {
        AudioFileSource file = open(RATE_HZ);
        RealtimeFileSource source = RealtimeFileSource.of(file, 160, new FakeClock());
        source.close();
        source.close();
        assertThatThrownBy(() -> file.read(new float[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> source.read(new float[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void elapsedNanosDoesNotOverflowForDaysOfAudio() {
        long tenDays = 10L * 86_400 * 48_000;
        assertThat(RealtimeFileSource.elapsedNanos(tenDays, 48_000)).isEqualTo(10L * 86_400 * 1_000_000_000L);
        assertThat(RealtimeFileSource.elapsedNanos(1, 3)).isEqualTo(333_333_333L);
    }

    private AudioFileSource open(int samples) throws Exception {
        Path wav = dir.resolve("tone-" + samples + ".wav");
        try (WavWriter writer = WavWriter.create(wav, RATE_HZ, 1, WavWriter.SampleFormat.FLOAT_32)) {
            float[] tone = Signals.sine(440, RATE_HZ, samples, 0.5);
            writer.write(tone, 0, tone.length);
        }
        return AudioFiles.open(wav);
    }
}
