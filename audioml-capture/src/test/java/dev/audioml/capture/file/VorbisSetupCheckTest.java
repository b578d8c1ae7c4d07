package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vorbis setup headers whose codebooks declare more than the packet can hold: refused before JOrbis allocates, in
 * bounded time. The hostile packets are written bit by bit over the setup header of a real oggenc file (its page
 * CRC fixed), so only the codebooks under test differ from a file JOrbis decodes.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VorbisSetupCheckTest {
    /** What opening a refused file may allocate (the Ogg buffers and the first two headers). */
    private static final long OPEN_ALLOCATION_BUDGET_BYTES = 16L << 20;

    @TempDir
    Path dir;
    private byte[] ogg;
    private int setup;
    private int setupBytes;

    @BeforeEach
    void encode() throws Exception {
        Path wav = dir.resolve("in.wav");
        ExternalTools.run("sox", "-V1", "-n", "-r", "16000", "-c", "1", "-b", "16", wav.toString(), "synth", "0.2",
                "sine", "440");
        Path file = dir.resolve("real.ogg");
        ExternalTools.run("oggenc", "-Q", "-o", file.toString(), wav.toString());
        ogg = Files.readAllBytes(file);
        setup = indexOf(ogg, "\u0005vorbis".getBytes(StandardCharsets.ISO_8859_1));
        // the setup packet runs to the end of its page here (oggenc puts it last on the second page)
        setupBytes = pageEnd(setup) - setup;
        try (AudioFileSource source = AudioFiles.open(file)) {
            assertThat(ExternalTools.readAll(source)).hasSizeGreaterThan(3000);
        }
    }

    @Test
    void orderedCodebooksOfMillionsOfEntriesInAFewBytesAreRefusedAtTheBudget() throws Exception {
        // each book: 2^20 - 1 entries of one dimension in one ordered run, no lookup: 105 bits that make JOrbis
        // allocate 4 MB of lengths (and 28 MB to decode); the packet holds hundreds of them
        Bits bits = new Bits().bits(0x05, 8).bytes("vorbis");
        int books = Math.min(256, (setupBytes * 8 - 64) / 106);
        bits.bits(books - 1, 8);
        for (int b = 0; b < books; b++) {
            bits.bits(0x564342, 24).bits(1, 16).bits((1 << 20) - 1, 24).bits(1, 1).bits(0, 5)
                    .bits((1 << 20) - 1, 20).bits(0, 4);
        }
        Path hostile = withSetup("ordered.ogg", bits);
        assertRefusedCheaply(hostile, "corrupt Vorbis setup header: codebooks 1 to 3 of " + books
                + " would take 88080300 bytes to decode, more than the 67108864 allowed");
    }

    @Test
    void aCodebookWithZeroDimensionsAndALookupTableIsRefusedNotLoopedOn() throws Exception {
        // JOrbis's maptype1_quantvals never returns for 0 dimensions
        Bits bits = new Bits().bits(0x05, 8).bytes("vorbis").bits(0, 8)
                .bits(0x564342, 24).bits(0, 16).bits(16, 24).bits(0, 1).bits(0, 1);
        for (int e = 0; e < 16; e++) {
            bits.bits(3, 5);
        }
        bits.bits(1, 4).bits(0, 32).bits(0, 32).bits(3, 4).bits(0, 1);
        assertRefusedCheaply(withSetup("zero-dim.ogg", bits), "corrupt Vorbis setup header: codebook 1 has 0 "
                + "dimensions");
    }

    @Test
    void entriesTimesDimensionsBeyondLibvorbisLimitIsRefused() throws Exception {
        byte[] bytes = ogg.clone();
        // the real first codebook: sync at byte 8 of the packet, dimensions (16 bits) at 11, entries (24 bits) at 13
        assertThat(Arrays.copyOfRange(bytes, setup + 8, setup + 11)).containsExactly('B', 'C', 'V');
        bytes[setup + 11] = (byte) 0xFF;
        bytes[setup + 12] = (byte) 0xFF;
        bytes[setup + 13] = (byte) 0xFF;
        bytes[setup + 14] = (byte) 0xFF;
        bytes[setup + 15] = 0;
        HeaderBoundsTest.fixOggPageCrc(bytes, setup);
        Path hostile = Files.write(dir.resolve("huge-dim.ogg"), bytes);
        assertRefusedCheaply(hostile, "corrupt Vorbis setup header: codebook 1 declares 65535 entries of 65535 "
                + "dimensions (ilog(dimensions) + ilog(entries) must be <= 24, as libvorbis requires)");
    }

    @Test
    void unorderedLengthsLongerThanThePacketAreRefused() throws Exception {
        byte[] bytes = ogg.clone();
        bytes[setup + 11] = 1; // one dimension
        bytes[setup + 12] = 0;
        bytes[setup + 13] = (byte) 0xFF; // 2^23 - 1 entries: 5 bits each is 5 MB, the packet has a few KB
        bytes[setup + 14] = (byte) 0xFF;
        bytes[setup + 15] = 0x7F;
        bytes[setup + 16] &= (byte) 0xFC; // unordered, not sparse
        HeaderBoundsTest.fixOggPageCrc(bytes, setup);
        assertRefusedCheaply(Files.write(dir.resolve("lengths.ogg"), bytes), "corrupt Vorbis setup header: codebook 1 "
                + "declares 8388607 entries, whose code lengths need 41943035 bits, packet has ");
    }

    @Test
    void aResidueWhoseClassbookCannotNumberItsPartitionClassesIsRefused() throws Exception {
        // 2 classes of a 30-dimension classbook: JOrbis's Residue0.look would allocate 2^30 decode-map arrays
        Bits bits = setup(30, 2, 1, residue(0, 0, 64, 32, 2), 1);
        assertRefusedCheaply(withSetup("residue-partvals.ogg", bits), "corrupt Vorbis setup header: residue 1 has 2 "
                + "partition classes, and its classbook 1 of 30 dimensions has 2 entries, fewer than the 2^30 "
                + "combinations (libvorbis's res0_unpack refuses it)");
    }

    @Test
    void aResidueEndingPastTheLargestBlockIsRefused() throws Exception {
        // JOrbis's _01inverse sizes its partition list by (end - begin) / grouping: 2^24 - 1 references per channel
        Bits bits = setup(1, 2, 1, residue(0, 0, (1 << 24) - 1, 1, 2), 1);
        assertRefusedCheaply(withSetup("residue-end.ogg", bits), "corrupt Vorbis setup header: residue 1 covers "
                + "values 0 to 16777215; the end must lie between the begin and 4096 (half the largest Vorbis block), "
                + "or the decoder sizes its partition list by it");
    }

    @Test
    void residueLookUpsOfEveryModeCountTowardsTheBudget() throws Exception {
        // 64 classes of a 3-dimension classbook of 2^18 entries: legal, 7.3 MB of decode map per mode, and JOrbis
        // builds it again for each of 64 modes
        Bits bits = setup(3, 1 << 18, 18, residue(2, 0, 4096, 64, 64), 64);
        assertRefusedCheaply(withSetup("residue-modes.ogg", bits), "corrupt Vorbis setup header: codebooks and the "
                + "floor and residue look-ups of modes 1 to 9 of 64 would take 73448776 bytes to decode, more than the "
                + "67108864 allowed");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} Hz, {1} channels, quality {2}")
    @org.junit.jupiter.params.provider.CsvSource({"8000, 1, 0", "16000, 1, 10", "44100, 2, 3", "96000, 2, 5"})
    void setupHeadersOfTheRealEncoderPassEveryRule(int rateHz, int channels, int quality) throws Exception {
        Path wav = dir.resolve("real-" + rateHz + ".wav");
        ExternalTools.run("sox", "-V1", "-R", "-n", "-r", String.valueOf(rateHz), "-c", String.valueOf(channels), "-b",
                "16", wav.toString(), "synth", "0.3", "pinknoise");
        Path file = dir.resolve("real-" + rateHz + ".ogg");
        ExternalTools.run("oggenc", "-Q", "-q", String.valueOf(quality), "-o", file.toString(), wav.toString());
        try (AudioFileSource source = AudioFiles.open(file)) {
            assertThat(ExternalTools.readAll(source)).hasSizeGreaterThan(rateHz / 10);
        }
    }

    @Test
    void sixChannelsWithCouplingAreReportedAsUnsupportedNotCorrupt() throws Exception {
        // oggenc couples 5.1; JOrbis reads the coupled channel numbers in 2 bits where the specification says 3
        Path wav = dir.resolve("six.wav");
        ExternalTools.run("sox", "-V1", "-R", "-n", "-r", "44100", "-c", "6", "-b", "16", wav.toString(), "synth",
                "0.3", "pinknoise");
        Path file = dir.resolve("six.ogg");
        ExternalTools.run("oggenc", "-Q", "-o", file.toString(), wav.toString());
        assertThatThrownBy(() -> AudioFiles.open(file)).isInstanceOf(UnsupportedCodecException.class)
                .hasMessageStartingWith(file + ": 6-channel Vorbis with channel coupling: the built-in decoder (JOrbis) "
                        + "reads the coupled channel numbers in 2 bits, not the 3 the specification gives");
    }

    @Test
    void aWholeSetupHeaderWithinTheRulesPasses() throws Exception {
        byte[] packet = setup(2, 16, 4, residue(1, 0, 1024, 32, 4), 2).toBytes();
        VorbisSetupCheck.check(Path.of("x.ogg"), packet, 0, packet.length, 1);
        // the same packet a bit short of its framing bit
        assertThatThrownBy(() -> VorbisSetupCheck.check(Path.of("x.ogg"), packet, 0, packet.length - 1, 1))
                .isInstanceOf(AudioFormatException.class).hasMessageStartingWith("x.ogg: corrupt Vorbis setup header: ");
    }

    /**
     * A whole setup packet: codebook 1 the residue's classbook ({@code classEntries} entries of
     * {@code classDimensions}, all codes {@code codeBits} long, no lookup table), codebook 2 a stage book with one;
     * one time domain transform, one floor of type 1 without partitions, the residue, one mapping and {@code modes}
     * modes using it.
     */
    private static Bits setup(int classDimensions, int classEntries, int codeBits, Bits residue, int modes) {
        Bits bits = new Bits().bits(0x05, 8).bytes("vorbis").bits(1, 8);
        bits.bits(0x564342, 24).bits(classDimensions, 16).bits(classEntries, 24).bits(1, 1).bits(codeBits - 1, 5)
                .bits(classEntries, 64 - Long.numberOfLeadingZeros(classEntries)).bits(0, 4);
        bits.bits(0x564342, 24).bits(1, 16).bits(2, 24).bits(1, 1).bits(0, 5).bits(2, 2)
                .bits(1, 4).bits(0, 32).bits(0, 32).bits(0, 4).bits(0, 1).bits(0, 1).bits(1, 1);
        bits.bits(0, 6).bits(0, 16); // one time domain transform
        bits.bits(0, 6).bits(1, 16).bits(0, 5).bits(1, 2).bits(8, 4); // one floor 1 without partitions
        bits.bits(0, 6).append(residue);
        bits.bits(0, 6).bits(0, 16).bits(0, 1).bits(0, 1).bits(0, 2).bits(0, 8).bits(0, 8).bits(0, 8);
        bits.bits(modes - 1, 6);
        for (int m = 0; m < modes; m++) {
            bits.bits(0, 1).bits(0, 16).bits(0, 16).bits(0, 8);
        }
        return bits.bits(1, 1);
    }

    /** A residue with classbook 1 and codebook 2 as every class's one stage book. */
    private static Bits residue(int type, int begin, int end, int grouping, int classes) {
        Bits bits = new Bits().bits(type, 16).bits(begin, 24).bits(end, 24).bits(grouping - 1, 24)
                .bits(classes - 1, 6).bits(0, 8);
        for (int c = 0; c < classes; c++) {
            bits.bits(1, 3).bits(0, 1);
        }
        for (int c = 0; c < classes; c++) {
            bits.bits(1, 8);
        }
        return bits;
    }

    @Test
    void lookup1ValuesIsTheLargestWholeRoot() {
        assertThat(VorbisSetupCheck.lookup1Values(81, 4)).isEqualTo(3);
        assertThat(VorbisSetupCheck.lookup1Values(80, 4)).isEqualTo(2);
        assertThat(VorbisSetupCheck.lookup1Values(1, 65535)).isEqualTo(1);
        assertThat(VorbisSetupCheck.lookup1Values(0, 3)).isZero();
        assertThat(VorbisSetupCheck.lookup1Values((1 << 24) - 1, 1)).isEqualTo((1 << 24) - 1);
    }

    private void assertRefusedCheaply(Path hostile, String message) {
        long before = allocatedBytes();
        assertThatThrownBy(() -> AudioFiles.open(hostile)).isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(hostile + ": " + message);
        assertThat(allocatedBytes() - before).isLessThan(OPEN_ALLOCATION_BUDGET_BYTES);
    }

    /** The real file with its setup packet's first bytes replaced by {@code bits} (same packet length). */
    private Path withSetup(String name, Bits bits) throws Exception {
        byte[] packet = bits.toBytes();
        assertThat(packet.length).isLessThanOrEqualTo(setupBytes);
        byte[] bytes = ogg.clone();
        System.arraycopy(packet, 0, bytes, setup, packet.length);
        HeaderBoundsTest.fixOggPageCrc(bytes, setup);
        return Files.write(dir.resolve(name), bytes);
    }

    private int pageEnd(int inside) {
        int page = inside;
        while (!(ogg[page] == 'O' && ogg[page + 1] == 'g' && ogg[page + 2] == 'g' && ogg[page + 3] == 'S')) {
            page--;
        }
        int segments = ogg[page + 26] & 0xFF;
        int end = page + 27 + segments;
        for (int i = 0; i < segments; i++) {
            end += ogg[page + 27 + i] & 0xFF;
        }
        return end;
    }

    /** Vorbis bit packing: least significant bit first. */
    private static final class Bits {
        private byte[] data = new byte[64];
        private long bit;

        Bits bits(long value, int n) {
            for (int i = 0; i < n; i++, bit++) {
                if ((bit >>> 3) >= data.length) {
                    data = Arrays.copyOf(data, data.length * 2);
                }
                data[(int) (bit >>> 3)] |= (byte) (((value >>> i) & 1) << (bit & 7));
            }
            return this;
        }

        Bits bytes(String ascii) {
            for (byte b : ascii.getBytes(StandardCharsets.US_ASCII)) {
                bits(b & 0xFF, 8);
            }
            return this;
        }

        Bits append(Bits other) {
            for (long i = 0; i < other.bit; i++) {
                bits((other.data[(int) (i >>> 3)] >>> (i & 7)) & 1, 1);
            }
            return this;
        }

        byte[] toBytes() {
            return Arrays.copyOf(data, (int) ((bit + 7) >>> 3));
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
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
