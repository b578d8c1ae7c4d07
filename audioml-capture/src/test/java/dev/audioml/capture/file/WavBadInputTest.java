package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed WAV (and unrecognisable) input: a one-line error naming the file, or a warning; never a hang or OOM. */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WavBadInputTest {
    private static final int RATE_HZ = 8000;
    /** Heap a streaming decoder may grow by while reading a 3 GiB file (its buffers are well under 1 MiB). */
    private static final long STREAMING_MAX_HEAP_BYTES = 256L << 20;
    private static final short[] RAMP = {0, 1000, -1000, 16384, -32768, 32767, 5, -5};

    @TempDir
    Path dir;

    @Test
    void emptyFile() throws IOException {
        assertFormatError(write("empty.wav", new byte[0]), "empty file");
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThatThrownBy(() -> AudioFiles.open(dir.resolve("absent.wav")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("absent.wav");
    }

    @Test
    void truncatedHeader() throws IOException {
        byte[] full = validWav();
        assertFormatError(write("cut.wav", Arrays.copyOf(full, 30)), "truncated header");
    }

    @Test
    void truncatedDataDecodesWhatExistsAndWarnsOnce() throws IOException {
        byte[] full = validWav();
        int keepFrames = 5;
        Path cut = write("cut-data.wav", Arrays.copyOf(full, full.length - ((RAMP.length - keepFrames) * 2 - 1)));
        try (AudioFileSource source = AudioFiles.open(cut)) {
            assertThat(source.info().frames()).isEqualTo(keepFrames);
            float[] samples = ExternalTools.readAll(source);
            assertThat(samples).hasSize(keepFrames);
            for (int i = 0; i < keepFrames; i++) {
                assertThat(samples[i]).isEqualTo(RAMP[i] / 32768f);
            }
            assertThat(source.warnings()).singleElement().asString()
                    .contains("cut-data.wav").contains("truncated data");
        }
    }

    @Test
    void randomBytes() throws IOException {
        byte[] noise = new byte[4096];
        new SplittableRandom(7).nextBytes(noise);
        noise[0] = 0x12; // never a valid magic by chance
        assertFormatError(write("noise.wav", noise), "unrecognised audio format");
    }

    @ParameterizedTest(name = "{4}")
    @CsvSource({
        "0x0001, 0, 8000, 16, 0 channels",
        "0x0001, 1, 0, 16, sample rate 0 Hz",
        "0x0055, 1, 8000, 16, unsupported WAV codec 0x0055 (MPEG Layer 3)",
        "0x0001, 1, 8000, 12, unsupported PCM bit depth 12",
        "0x0003, 1, 8000, 16, unsupported float bit depth 16",
    })
    void badFmtFields(String tag, int channels, int rateHz, int bits, String problem) throws IOException {
        byte[] bytes = new RiffBytes().chunk("fmt ", RiffBytes.fmt(Integer.decode(tag), channels, rateHz, bits))
                .chunk("data", RiffBytes.s16(RAMP)).toBytes();
        assertFormatError(write("bad-fmt.wav", bytes), problem);
    }

    @Test
    void absurdDataSizeIsClampedToTheFileNotAllocated() throws IOException {
        byte[] bytes = new RiffBytes().riffSize(0xFFFFFFF0L).chunk("fmt ", RiffBytes.fmt(1, 1, RATE_HZ, 16))
                .chunk("data", 0xFFFFFFF0L, RiffBytes.s16(RAMP)).toBytes();
        try (AudioFileSource source = AudioFiles.open(write("huge-data.wav", bytes))) {
            assertThat(source.info().frames()).isEqualTo(RAMP.length);
            assertThat(ExternalTools.readAll(source)).hasSize(RAMP.length);
            assertThat(source.warnings()).singleElement().asString().contains("4294967280 bytes");
        }
    }

    @Test
    void absurdFmtChunkSize() throws IOException {
        byte[] bytes = new RiffBytes().chunk("fmt ", 0x7FFFFFF0L, RiffBytes.fmt(1, 1, RATE_HZ, 16)).toBytes();
        assertFormatError(write("huge-fmt.wav", bytes), "fmt chunk size 2147483632");
    }

    @Test
    void absurdUnknownChunkSizeMeansNoData() throws IOException {
        byte[] bytes = new RiffBytes().chunk("fmt ", RiffBytes.fmt(1, 1, RATE_HZ, 16))
                .chunk("LIST", 0xFFFFFFFFL, new byte[4]).chunk("data", RiffBytes.s16(RAMP)).toBytes();
        assertFormatError(write("huge-list.wav", bytes), "no data chunk");
    }

    @Test
    void dataBeforeFmt() throws IOException {
        byte[] bytes = new RiffBytes().chunk("data", RiffBytes.s16(RAMP))
                .chunk("fmt ", RiffBytes.fmt(1, 1, RATE_HZ, 16)).toBytes();
        assertFormatError(write("data-first.wav", bytes), "data chunk comes before the fmt chunk");
    }

    @Test
    void unknownOddSizedChunksAreSkippedWithTheirPadByte() throws IOException {
        byte[] bytes = new RiffBytes().chunk("junk", new byte[3]).chunk("fmt ", RiffBytes.fmt(1, 1, RATE_HZ, 16))
                .chunk("bext", new byte[7]).chunk("data", RiffBytes.s16(RAMP)).chunk("LIST", new byte[5])
                .toBytes();
        try (AudioFileSource source = AudioFiles.open(write("chunks.wav", bytes))) {
            float[] samples = ExternalTools.readAll(source);
            assertThat(samples).hasSize(RAMP.length);
            for (int i = 0; i < RAMP.length; i++) {
                assertThat(samples[i]).isEqualTo(RAMP[i] / 32768f);
            }
            assertThat(source.warnings()).isEmpty();
        }
    }

    @Test
    void nonFiniteFloatSamplesAreAnError() throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            byte[] bytes = new RiffBytes().chunk("fmt ", RiffBytes.fmt(3, 1, RATE_HZ, 32))
                    .chunk("data", RiffBytes.f32(0.5f, 0.25f, bad, 0f)).toBytes();
            Path path = write("nan.wav", bytes);
            try (AudioFileSource source = AudioFiles.open(path)) {
                assertThatThrownBy(() -> ExternalTools.readAll(source)).isInstanceOf(AudioFormatException.class)
                        .hasMessageContaining(path.toString()).hasMessageContaining("non-finite sample (" + bad)
                        .hasMessageContaining("frame 2");
            }
        }
    }

    @Test
    void aThreeGigabyteFileIsStreamedNotLoaded() throws IOException {
        long dataBytes = 3L << 30;
        Path path = dir.resolve("long.wav");
        byte[] header = new RiffBytes().riffSize(36 + dataBytes).chunk("fmt ", RiffBytes.fmt(1, 2, 48_000, 16))
                .chunk("data", dataBytes, new byte[0]).toBytes();
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(path.toFile(), "rw")) {
            file.write(header);
            file.setLength(header.length + dataBytes); // sparse: takes no disk space
        }
        Runtime rt = Runtime.getRuntime();
        long usedBefore = rt.totalMemory() - rt.freeMemory();
        try (AudioFileSource source = AudioFiles.open(path)) {
            assertThat(source.info().frames()).isEqualTo(dataBytes / 4);
            assertThat(source.info().durationSeconds()).isGreaterThan(4 * 3600);
            float[] buffer = new float[48_000];
            for (int second = 0; second < 10; second++) {
                assertThat(source.read(buffer, 0, buffer.length)).isPositive();
            }
            assertThat(rt.totalMemory() - rt.freeMemory() - usedBefore).isLessThan(STREAMING_MAX_HEAP_BYTES);
        }
    }

    @Test
    void channelBeyondTheFileIsABadArgument() throws IOException {
        Path path = write("mono.wav", validWav());
        assertThatThrownBy(() -> AudioFiles.open(path, ChannelMode.channel(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 1 channel(s)");
    }

    @Test
    void useAfterCloseAndDoubleClose() throws IOException {
        AudioFileSource source = AudioFiles.open(write("ok.wav", validWav()));
        source.close();
        source.close();
        assertThatThrownBy(() -> source.read(new float[4], 0, 4)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private byte[] validWav() {
        return new RiffBytes().chunk("fmt ", RiffBytes.fmt(1, 1, RATE_HZ, 16)).chunk("data", RiffBytes.s16(RAMP))
                .toBytes();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** The error is an {@link AudioFormatException} whose single-line message names the file and the problem. */
    static void assertFormatError(Path path, String problem) {
        assertThatThrownBy(() -> AudioFiles.open(path).close()).isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(path.toString() + ": ").hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
