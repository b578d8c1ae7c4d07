package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real FLAC files made by the {@code flac} tool, with bytes changed: frame CRCs, the MD5 signature and metadata sizes
 * are checked, corrupt frames are skipped with a warning (or fail under {@link CorruptionPolicy#FAIL}), and nothing
 * is ever sized by a metadata header.
 */
class FlacIntegrityTest {
    /** Fixed block size passed to {@code flac -b}, so that a skipped frame removes exactly this many samples. */
    private static final int BLOCK = 1152;
    /** Byte offset of STREAMINFO's MD5 signature: "fLaC", a 4-byte block header, then 18 bytes before the MD5. */
    private static final int MD5_OFFSET = 4 + 4 + 18;

    @TempDir
    Path dir;
    private Path flac;
    private float[] clean;

    @BeforeEach
    void encode() throws Exception {
        Path wav = dir.resolve("in.wav");
        ExternalTools.run("sox", "-V1", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", wav.toString(),
                "synth", "1", "sine", "440", "pinknoise", "gain", "-6");
        flac = dir.resolve("clean.flac");
        ExternalTools.run("flac", "-s", "-f", "-b", String.valueOf(BLOCK), "--tag=TITLE=t", "-o", flac.toString(),
                wav.toString());
        try (AudioFileSource source = AudioFiles.open(flac)) {
            clean = ExternalTools.readAll(source);
            assertThat(source.warnings()).isEmpty();
        }
        assertThat(clean).hasSize(16000);
    }

    @Test
    void frameFailingItsCrcIsSkippedWithOneWarningAndTheRestIsExact() throws Exception {
        byte[] bytes = Files.readAllBytes(flac);
        int at = bytes.length / 2;
        bytes[at] ^= 0x10;
        Path damaged = Files.write(dir.resolve("damaged.flac"), bytes);
        float[] decoded;
        try (AudioFileSource source = AudioFiles.open(damaged)) {
            decoded = ExternalTools.readAll(source);
            assertThat(source.corruptUnitsSkipped()).isEqualTo(1);
            assertThat(source.warnings()).singleElement().asString().startsWith(damaged + ": corrupt FLAC frame at byte ")
                    .contains("CRC").endsWith("; skipped");
        }
        assertThat(decoded).hasSize(clean.length - BLOCK);
        int frame = firstDifference(decoded, clean) / BLOCK;
        float[] expected = new float[clean.length - BLOCK];
        System.arraycopy(clean, 0, expected, 0, frame * BLOCK);
        System.arraycopy(clean, (frame + 1) * BLOCK, expected, frame * BLOCK, clean.length - (frame + 1) * BLOCK);
        assertThat(decoded).containsExactly(expected);
    }

    @Test
    void strictPolicyFailsAtTheFirstCorruptFrame() throws Exception {
        byte[] bytes = Files.readAllBytes(flac);
        bytes[bytes.length / 2] ^= 0x10;
        Path damaged = Files.write(dir.resolve("strict.flac"), bytes);
        try (AudioFileSource source = AudioFiles.open(damaged, ChannelMode.MIX, CorruptionPolicy.FAIL)) {
            assertThatThrownBy(() -> ExternalTools.readAll(source)).isInstanceOf(AudioFormatException.class)
                    .hasMessageStartingWith(damaged + ": corrupt FLAC frame at byte ").hasMessageContaining("CRC");
        }
    }

    @Test
    void md5MismatchIsReported() throws Exception {
        byte[] bytes = Files.readAllBytes(flac);
        bytes[MD5_OFFSET] ^= 1;
        Path damaged = Files.write(dir.resolve("md5.flac"), bytes);
        try (AudioFileSource source = AudioFiles.open(damaged)) {
            assertThat(ExternalTools.readAll(source)).containsExactly(clean);
            assertThat(source.warnings()).containsExactly(damaged
                    + ": decoded samples do not match the MD5 signature in STREAMINFO");
        }
        try (AudioFileSource source = AudioFiles.open(damaged, ChannelMode.MIX, CorruptionPolicy.FAIL)) {
            assertThatThrownBy(() -> ExternalTools.readAll(source)).hasMessageContaining("MD5");
        }
    }

    @Test
    void vorbisCommentCountsAreNeverRead() throws Exception {
        byte[] bytes = Files.readAllBytes(flac);
        int comment = indexOf(bytes, "TITLE=t".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        // the 32-bit little-endian comment count sits 8 bytes before "TITLE=t" (count, then the entry's length)
        ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(comment - 8, Integer.MAX_VALUE)
                .putInt(comment - 4, Integer.MAX_VALUE);
        Path hostile = Files.write(dir.resolve("comments.flac"), bytes);
        try (AudioFileSource source = AudioFiles.open(hostile)) {
            assertThat(ExternalTools.readAll(source)).containsExactly(clean);
            assertThat(source.warnings()).isEmpty();
        }
    }

    @Test
    void metadataBlockLongerThanTheFileIsAFormatError() throws Exception {
        byte[] bytes = Files.readAllBytes(flac);
        int block = 4 + 4 + FlacDecoder.STREAMINFO_BYTES; // the block after STREAMINFO
        bytes[block + 1] = (byte) 0xFF;
        bytes[block + 2] = (byte) 0xFF;
        bytes[block + 3] = (byte) 0xFF;
        Path hostile = Files.write(dir.resolve("long-block.flac"), bytes);
        assertThatThrownBy(() -> AudioFiles.open(hostile)).isInstanceOf(AudioFormatException.class)
                .hasMessage(hostile + ": truncated header: FLAC metadata block of type " + (bytes[block] & 0x7F)
                        + " declares 16777215 bytes at offset " + (block + 4) + ", file has " + bytes.length
                        + " bytes");
    }

    @Test
    void channelCountDisagreeingWithStreamInfoNamesTheFileAndBothCounts() throws Exception {
        byte[] bytes = Files.readAllBytes(flac);
        // STREAMINFO byte 12: low 4 bits of the rate, 3 bits channels-1, top bit of bits-per-sample - 1
        bytes[8 + 12] = (byte) ((bytes[8 + 12] & 0xF1) | (1 << 1));
        Path hostile = Files.write(dir.resolve("channels.flac"), bytes);
        try (AudioFileSource source = AudioFiles.open(hostile, ChannelMode.MIX, CorruptionPolicy.FAIL)) {
            assertThat(source.info().channels()).isEqualTo(2);
            assertThatThrownBy(() -> ExternalTools.readAll(source)).isInstanceOf(AudioFormatException.class)
                    .hasMessageStartingWith(hostile + ": corrupt FLAC frame at byte ")
                    .hasMessageEndingWith("frame has 1 channels, STREAMINFO declares 2");
        }
        try (AudioFileSource source = AudioFiles.open(hostile)) {
            assertThat(ExternalTools.readAll(source)).isEmpty();
            assertThat(source.corruptUnitsSkipped()).isGreaterThanOrEqualTo(16000 / BLOCK);
        }
    }

    private static int firstDifference(float[] a, float[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return i;
            }
        }
        return Math.min(a.length, b.length);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
