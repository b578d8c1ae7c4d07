package dev.audioml.capture.file;

import static dev.audioml.capture.file.WavBadInputTest.assertFormatError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** AIFF-C compression types sox cannot write, and malformed AIFF/AU headers. */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AiffAuTest {
    private static final short[] RAMP = {0, 1000, -1000, 16384, -32768, 32767};
    /** 44100 Hz as an 80-bit IEEE extended. */
    private static final byte[] RATE_44100 = {0x40, 0x0E, (byte) 0xAC, 0x44, 0, 0, 0, 0, 0, 0};

    @TempDir
    Path dir;

    @Test
    void sowtIsLittleEndianPcm() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(RAMP.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (short s : RAMP) {
            data.putShort(s);
        }
        Path path = write("sowt.aifc", aifc("sowt", 1, RAMP.length, 16, data.array()));
        try (AudioFileSource source = AudioFiles.open(path)) {
            assertThat(source.info().encoding()).isEqualTo("pcm_s16le");
            assertThat(source.info().sampleRateHz()).isEqualTo(44100);
            assertThat(ExternalTools.readAll(source)).containsExactly(expected(RAMP));
        }
    }

    @Test
    void ulawAifcDecodesLikeUlawAu() throws IOException {
        byte[] codes = new byte[256];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) i;
        }
        Path aifc = write("ulaw.aifc", aifc("ulaw", 1, codes.length, 16, codes));
        Path au = write("ulaw.au", au(1, 8000, 1, codes, codes.length));
        try (AudioFileSource a = AudioFiles.open(aifc); AudioFileSource b = AudioFiles.open(au)) {
            assertThat(a.info().encoding()).isEqualTo("pcm_mulaw");
            float[] fromAifc = ExternalTools.readAll(a);
            assertThat(fromAifc).containsExactly(ExternalTools.readAll(b));
            assertThat(fromAifc[0]).isEqualTo(-32124 / 32768f); // G.711: code 0x00 is the most negative
        }
    }

    @Test
    void unsupportedAifcCompression() throws IOException {
        assertFormatError(write("ima4.aifc", aifc("ima4", 1, 4, 16, new byte[8])),
                "unsupported AIFF-C compression 'ima4'");
    }

    @Test
    void aiffZeroChannels() throws IOException {
        assertFormatError(write("zero.aifc", aifc("NONE", 0, 4, 16, new byte[8])), "0 channels");
    }

    @Test
    void aiffAbsurdFrameCountIsClampedToTheFile() throws IOException {
        Path path = write("huge.aifc", aifc("NONE", 1, 0xFFFFFFF0L, 16, new byte[8]));
        try (AudioFileSource source = AudioFiles.open(path)) {
            assertThat(source.info().frames()).isEqualTo(4);
            assertThat(ExternalTools.readAll(source)).hasSize(4);
            assertThat(source.warnings()).singleElement().asString().contains("truncated data");
        }
    }

    @Test
    void aiffTruncatedHeader() throws IOException {
        byte[] full = aifc("NONE", 1, 4, 16, new byte[8]);
        assertFormatError(write("cut.aifc", Arrays.copyOf(full, 30)), "truncated header");
    }

    @Test
    void auUnknownDataSizeReadsToTheEnd() throws IOException {
        byte[] data = bigEndian(RAMP);
        try (AudioFileSource source = AudioFiles.open(write("stream.au", au(3, 16000, 1, data, 0xFFFFFFFFL)))) {
            assertThat(source.info().frames()).isEqualTo(RAMP.length);
            assertThat(ExternalTools.readAll(source)).containsExactly(expected(RAMP));
            assertThat(source.warnings()).isEmpty();
        }
    }

    @Test
    void auUnsupportedEncoding() throws IOException {
        assertFormatError(write("g721.au", au(23, 8000, 1, new byte[8], 8)), "unsupported AU encoding 23");
    }

    @Test
    void auZeroChannelsAndZeroRate() throws IOException {
        assertFormatError(write("zero-ch.au", au(3, 8000, 0, new byte[8], 8)), "0 channels");
        assertFormatError(write("zero-rate.au", au(3, 0, 1, new byte[8], 8)), "sample rate 0 Hz");
    }

    @Test
    void auDataOffsetBeyondTheFile() throws IOException {
        byte[] bytes = au(3, 8000, 1, new byte[8], 8);
        ByteBuffer.wrap(bytes).putInt(4, 0x7FFFFFF0);
        assertFormatError(write("offset.au", bytes), "data offset 2147483632 is outside");
    }

    @Test
    void auTruncatedDataWarnsOnce() throws IOException {
        try (AudioFileSource source = AudioFiles.open(write("short.au", au(3, 8000, 1, bigEndian(RAMP), 1000)))) {
            assertThat(ExternalTools.readAll(source)).containsExactly(expected(RAMP));
            assertThat(source.warnings()).singleElement().asString().contains("short.au")
                    .contains("header declares 1000 bytes");
        }
    }

    private static float[] expected(short[] samples) {
        float[] out = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = samples[i] / 32768f;
        }
        return out;
    }

    private static byte[] bigEndian(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /** An AIFF-C file: FVER, COMM (with compression type) and SSND chunks, big-endian. */
    private static byte[] aifc(String compression, int channels, long frames, int bits, byte[] data) {
        ByteBuffer comm = ByteBuffer.allocate(24);
        comm.putShort((short) channels).putInt((int) frames).putShort((short) bits).put(RATE_44100)
                .put(compression.getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        chunk(body, "FVER", ByteBuffer.allocate(4).putInt(0xA2805140).array());
        chunk(body, "COMM", comm.array());
        ByteBuffer ssnd = ByteBuffer.allocate(8 + data.length).putInt(0).putInt(0).put(data);
        chunk(body, "SSND", ssnd.array());
        ByteBuffer form = ByteBuffer.allocate(12 + body.size());
        form.put("FORM".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.size())
                .put("AIFC".getBytes(StandardCharsets.US_ASCII)).put(body.toByteArray());
        return form.array();
    }

    private static void chunk(ByteArrayOutputStream out, String id, byte[] payload) {
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
        out.writeBytes(payload);
        if ((payload.length & 1) != 0) {
            out.write(0);
        }
    }

    /** A Sun AU file with a 24-byte header. */
    private static byte[] au(int encoding, int rateHz, int channels, byte[] data, long declaredSize) {
        ByteBuffer b = ByteBuffer.allocate(24 + data.length);
        b.put(".snd".getBytes(StandardCharsets.US_ASCII)).putInt(24).putInt((int) declaredSize).putInt(encoding)
                .putInt(rateHz).putInt(channels).put(data);
        return b.array();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
