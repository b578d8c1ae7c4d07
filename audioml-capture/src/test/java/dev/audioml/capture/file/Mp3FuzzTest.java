package dev.audioml.capture.file;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the mp3 decoder under {@link DecoderFuzzing}'s invariant. Without {@code JAZZER_FUZZ} it replays the seeds
 * and kept findings in {@code src/test/resources/dev/audioml/capture/file/Mp3FuzzTestInputs/decode/}; see
 * docs/reliability.md for the fuzzing runs.
 */
class Mp3FuzzTest {
    @FuzzTest(maxDuration = "5s")
    void decode(byte[] data) {
        DecoderFuzzing.decode(data, "mp3");
    }
}
