package dev.audioml.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.core.testing.Signals;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The per-hop path allocates nothing after warm-up, measured with the JVM's per-thread allocation counter. */
class AllocationTest {
    /** Bytes tolerated over 1000 hops (the counter itself may allocate a few bytes). */
    static final long ALLOCATION_SLACK_BYTES = 256;

    static java.util.stream.Stream<Map<String, Object>> specs() {
        return java.util.stream.Stream.of(
                StreamingTest.spec("feature", "melspectrogram", "sr", 16000, "n_fft", 512, "hop_length", 160,
                        "n_mels", 64, "to_db", StreamingTest.spec("top_db", null)),
                StreamingTest.spec("feature", "mfcc", "sr", 16000, "n_fft", 512, "hop_length", 160, "n_mels", 40,
                        "n_mfcc", 13, "to_db", StreamingTest.spec("top_db", null),
                        "delta", StreamingTest.spec("order", java.util.List.of(0, 1, 2))),
                StreamingTest.spec("feature", "kaldi_fbank", "sr", 16000, "use_energy", true),
                StreamingTest.spec("feature", "kaldi_fbank", "sr", 16000, "round_to_power_of_two", false),
                StreamingTest.spec("feature", "melspectrogram", "sr", 16000, "n_fft", 400, "hop_length", 160,
                        "n_mels", 40, "to_db", StreamingTest.spec("top_db", null)),
                StreamingTest.spec("feature", "spectral", "sr", 16000, "n_fft", 512, "hop_length", 160),
                StreamingTest.spec("feature", "chroma_stft", "sr", 16000, "n_fft", 512, "hop_length", 160,
                        "tuning", 0.0),
                StreamingTest.spec("feature", "spectral_contrast", "sr", 16000, "n_fft", 512, "hop_length", 160,
                        "linear", true));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void perHopPathAllocatesNothingAfterWarmUp(Map<String, Object> spec) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StreamingFeatures s = FeaturePipeline.fromSpec(spec).streaming();
        float[] block = Signals.noise(160, 0.5, 3);
        float[] out = new float[s.maxFrames(block.length) * s.bins()];
        long frames = 0;
        for (int i = 0; i < 5000; i++) { // warm-up (JIT, first frames)
            frames += s.push(block, 0, block.length, out, 0);
        }
        long tid = Thread.currentThread().getId();
        // the least of the rounds: a per-hop allocation (>= 16 B x 1000) shows in every round, while a one-off
        // JVM event (JIT deoptimisation on a loaded machine) shows in one at most; up to 30 rounds, as the SIMD
        // kernels (jdk.incubator.vector) allocate their vectors until C2 has compiled them, later on a busy machine
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 30 && allocated > ALLOCATION_SLACK_BYTES; round++) {
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 1000; i++) {
                frames += s.push(block, 0, block.length, out, 0);
            }
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(tid) - before);
        }
        assertThat(frames).isGreaterThan(5000);
        assertThat(allocated).as("bytes allocated over 1000 hops of %s", spec.get("feature"))
                .isLessThanOrEqualTo(ALLOCATION_SLACK_BYTES);
    }
}
