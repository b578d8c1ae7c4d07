package dev.audioml.capture.mic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Needs a real microphone: runs only with {@code -Pit}. */
class MicrophoneSourceIT {
    @Test
    void capturesHalfASecondFromTheDefaultDevice() throws Exception {
        try (MicrophoneSource mic = MicrophoneSource.open((String) null, 16_000)) {
            assertThat(mic.isLive()).isTrue();
            int wanted = mic.sampleRateHz() / 2;
            float[] buffer = new float[wanted];
            int total = 0;
            long start = System.nanoTime();
            while (total < wanted) {
                int n = mic.read(buffer, total, wanted - total);
                assertThat(n).isPositive();
                total += n;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).isBetween(0.3, 2.0);
            for (float v : buffer) {
                assertThat(v).isBetween(-1f, 1f);
            }
        }
    }
}
