package dev.audioml.capture.file;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the flac decoder under {@link DecoderFuzzing}'s invariant. Without {@code JAZZER_FUZZ} it replays the seeds
 * and kept findings in {@code src/test/resources/dev/audioml/capture/file/FlacFuzzTestInputs/decode/}; see
 * docs/reliability.md for the fuzzing runs.
 */
class FlacFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void decode(byte[] data) {
        DecoderFuzzing.decode(data, "flac");
    }
}
