package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sizes declared by headers (issue 14's out-of-memory cases) are checked against the file and sane limits before
 * anything is allocated: each ends in one line naming the file and the declared value, with no allocation
 * proportional to it (the heap delta of opening is asserted).
 */
class HeaderBoundsTest {
    /** Opening any of these may allocate buffers of this size at most (a few decode buffers), in bytes. */
    private static final long OPEN_ALLOCATION_BUDGET_BYTES = 16L << 20;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "AU with {0} channels")
    @ValueSource(longs = {65536L, 1L << 27, 1L << 31, 0xFFFFFFFFL})
    void auChannelCountBeyondAnyContainerIsAFormatError(long channels) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(24 + 64);
        b.put(".snd".getBytes(StandardCharsets.US_ASCII)).putInt(24).putInt(64).putInt(3).putInt(8000)
                .putInt((int) channels);
        Path au = Files.write(dir.resolve("channels.au"), b.array());
        long before = allocatedBytes();
        assertThatThrownBy(() -> AudioFiles.open(au)).isInstanceOf(AudioFormatException.class)
                .hasMessage(au + ": header declares " + channels + " channels; expected 1 to 65535");
        assertThat(allocatedBytes() - before).isLessThan(OPEN_ALLOCATION_BUDGET_BYTES);
    }

    @Test
    void id3v2TagLargerThanTheFileIsAFormatError() throws Exception {
        Path mp3 = lame();
        byte[] audio = Files.readAllBytes(mp3);
        byte[] tag = {'I', 'D', '3', 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F};
        Path hostile = Files.write(dir.resolve("id3.mp3"), concat(tag, audio));
        long before = allocatedBytes();
        assertThatThrownBy(() -> AudioFiles.open(hostile)).isInstanceOf(AudioFormatException.class)
                .hasMessage(hostile + ": truncated header: ID3v2 tag at byte 0 declares 268435465 bytes, file has "
                        + (audio.length + 10) + " bytes");
        assertThat(allocatedBytes() - before).isLessThan(OPEN_ALLOCATION_BUDGET_BYTES);
    }

    @Test
    void validId3v2TagsAreSkipped() throws Exception {
        Path mp3 = lame();
        byte[] audio = Files.readAllBytes(mp3);
        byte[] tag = new byte[10 + 300];
        System.arraycopy(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 2, 44}, 0, tag, 0, 10); // 2*128 + 44 = 300
        Path tagged = Files.write(dir.resolve("tagged.mp3"), concat(concat(tag, tag), audio));
        float[] plain;
        try (AudioFileSource source = AudioFiles.open(mp3)) {
            plain = ExternalTools.readAll(source);
        }
        try (AudioFileSource source = AudioFiles.open(tagged)) {
            assertThat(ExternalTools.readAll(source)).containsExactly(plain);
        }
    }

    @Test
    void vorbisCommentCountBeyondThePacketIsAFormatError() throws Exception {
        Path wav = dir.resolve("in.wav");
        ExternalTools.run("sox", "-V1", "-n", "-r", "16000", "-c", "1", "-b", "16", wav.toString(), "synth", "0.5",
                "sine", "440");
        Path ogg = dir.resolve("x.ogg");
        ExternalTools.run("oggenc", "-Q", "-c", "TITLE=t", "-o", ogg.toString(), wav.toString());
        byte[] bytes = Files.readAllBytes(ogg);
        int title = indexOf(bytes, "TITLE=t".getBytes(StandardCharsets.US_ASCII));
        // "count" (u32le), then the first comment's length (u32le), then "TITLE=t"
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(title - 8, Integer.MAX_VALUE);
        fixOggPageCrc(bytes, title);
        Path hostile = Files.write(dir.resolve("comments.ogg"), bytes);
        long before = allocatedBytes();
        assertThatThrownBy(() -> AudioFiles.open(hostile)).isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(hostile + ": corrupt Vorbis comment header: declares 2147483647 comments, "
                        + "packet has ");
        assertThat(allocatedBytes() - before).isLessThan(OPEN_ALLOCATION_BUDGET_BYTES);
    }

    private Path lame() throws Exception {
        Path wav = dir.resolve("in.wav");
        ExternalTools.run("sox", "-V1", "-n", "-r", "16000", "-c", "1", "-b", "16", wav.toString(), "synth", "0.5",
                "sine", "440");
        Path mp3 = dir.resolve("x.mp3");
        ExternalTools.run("lame", "--quiet", wav.toString(), mp3.toString());
        return mp3;
    }

    /** Recomputes the CRC of the Ogg page holding byte {@code inside} (CRC-32, polynomial 0x04C11DB7, MSB first). */
    static void fixOggPageCrc(byte[] b, int inside) {
        int page = inside;
        while (!(b[page] == 'O' && b[page + 1] == 'g' && b[page + 2] == 'g' && b[page + 3] == 'S')) {
            page--;
        }
        int segments = b[page + 26] & 0xFF;
        int length = 27 + segments;
        for (int i = 0; i < segments; i++) {
            length += b[page + 27 + i] & 0xFF;
        }
        Arrays.fill(b, page + 22, page + 26, (byte) 0);
        int crc = 0;
        for (int i = page; i < page + length; i++) {
            crc ^= (b[i] & 0xFF) << 24;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        ByteBuffer.wrap(b, page + 22, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc);
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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
