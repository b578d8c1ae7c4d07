package dev.audioml.capture.file;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the compressed formats added for phone and video recordings under {@link DecoderFuzzing}'s invariant: the
 * MP4/M4A/MOV and Matroska/WebM demuxers, the Ogg Opus and ADTS readers, JAAD (AAC) and Concentus (Opus). One target
 * for all of them (the container is detected from the bytes, so mutants cross formats; one fuzzing JVM instead of
 * four in {@code ./mvnw verify}). Without {@code JAZZER_FUZZ} it replays the seeds (made with ffmpeg, named by
 * format) and kept findings in {@code src/test/resources/dev/audioml/capture/file/CompressedFuzzTestInputs/decode/};
 * see docs/reliability.md.
 */
class CompressedFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void decode(byte[] data) {
        DecoderFuzzing.decode(data, "m4a");
    }
}
