package dev.audioml.capture.file;

import static dev.audioml.capture.file.WavBadInputTest.assertFormatError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Truncated and corrupt FLAC, Ogg and MP3 input: a clear error or a decoded prefix, never a hang. */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CodecBadInputTest {
    @TempDir
    Path dir;
    Path wav;

    @BeforeEach
    void makeInput() throws Exception {
        wav = dir.resolve("in.wav");
        ExternalTools.run("sox", "-V1", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", wav.toString(),
                "synth", "4", "pinknoise", "gain", "-6");
    }

    @Test
    void flacCutInsideItsHeader() throws Exception {
        Path flac = encode("flac", "-s", "-f", "-o", "%OUT", "%IN");
        assertFormatError(cut(flac, 20), "FLAC");
    }

    @Test
    void oggCutInsideItsHeaders() throws Exception {
        Path ogg = encode("ogg", "oggenc", "-Q", "-o", "%OUT", "%IN");
        assertFormatError(cut(ogg, 200), "truncated header");
    }

    @Test
    void oggTruncatedDataDecodesAPrefixAndWarns() throws Exception {
        Path ogg = encode("ogg", "oggenc", "-Q", "-o", "%OUT", "%IN");
        Path cut = cut(ogg, (int) (Files.size(ogg) * 2 / 3));
        try (AudioFileSource source = AudioFiles.open(cut)) {
            assertThat(ExternalTools.readAll(source).length).isBetween(1000, 4 * 16000 - 1);
            assertThat(source.warnings()).singleElement().asString().contains("truncated data");
        }
    }

    @Test
    void oggOfAnotherCodecIsUnsupported() throws Exception {
        // A first packet that is not a Vorbis identification header: rename "vorbis" and recompute the page CRC.
        Path ogg = encode("ogg", "oggenc", "-Q", "-o", "%OUT", "%IN");
        byte[] bytes = Files.readAllBytes(ogg);
        int at = indexOf(bytes, "\u0001vorbis".getBytes(StandardCharsets.ISO_8859_1));
        bytes[at + 1] = 'X';
        fixOggCrc(bytes, 0);
        assertFormatError(Files.write(dir.resolve("other.ogg"), bytes), "not Vorbis");
    }

    @Test
    void mp3TruncatedDecodesAPrefix() throws Exception {
        Path mp3 = encode("mp3", "lame", "--quiet", "%IN", "%OUT");
        int frames;
        try (AudioFileSource full = AudioFiles.open(mp3)) {
            frames = ExternalTools.readAll(full).length;
        }
        try (AudioFileSource source = AudioFiles.open(cut(mp3, (int) Files.size(mp3) / 2))) {
            assertThat(ExternalTools.readAll(source).length).isBetween(1, frames - 1);
        }
    }

    @Test
    void id3TagFollowedByGarbageIsNotAudio() throws Exception {
        byte[] bytes = new byte[8192];
        new SplittableRandom(3).nextBytes(bytes);
        for (int i = 0; i < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0xFF) {
                bytes[i] = 0; // no frame sync anywhere
            }
        }
        byte[] id3 = {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        System.arraycopy(id3, 0, bytes, 0, id3.length);
        assertFormatError(Files.write(dir.resolve("garbage.mp3"), bytes), "no MPEG audio frame found");
    }

    @Test
    void extensionDoesNotMatter() throws Exception {
        Path flac = encode("flac", "-s", "-f", "-o", "%OUT", "%IN");
        Path misnamed = Files.copy(flac, dir.resolve("really-flac.mp3"));
        assertThat(AudioFiles.info(misnamed).container()).isEqualTo("flac");
        assertThat(AudioFiles.info(wav).container()).isEqualTo("wav");
    }

    @Test
    void directoryIsNotAFile() {
        assertThatThrownBy(() -> AudioFiles.open(dir)).isInstanceOf(AudioFormatException.class)
                .hasMessageContaining("not a regular file");
    }

    private Path encode(String ext, String... command) throws Exception {
        Path out = dir.resolve("enc." + ext);
        String[] cmd = Arrays.stream(command).map(a -> a.replace("%OUT", out.toString())
                .replace("%IN", wav.toString())).toArray(String[]::new);
        if ("flac".equals(ext)) {
            cmd = prepend("flac", cmd);
        }
        ExternalTools.run(cmd);
        return out;
    }

    private static String[] prepend(String first, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private Path cut(Path file, int bytes) throws IOException {
        return Files.write(dir.resolve("cut-" + file.getFileName()), Arrays.copyOf(Files.readAllBytes(file), bytes));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    /** Recomputes the CRC of the Ogg page at {@code start} (Ogg's CRC-32, polynomial 0x04c11db7, no reflection). */
    private static void fixOggCrc(byte[] b, int start) {
        int segments = b[start + 26] & 0xFF;
        int length = 27 + segments;
        for (int i = 0; i < segments; i++) {
            length += b[start + 27 + i] & 0xFF;
        }
        Arrays.fill(b, start + 22, start + 26, (byte) 0);
        int crc = 0;
        for (int i = start; i < start + length; i++) {
            crc ^= (b[i] & 0xFF) << 24;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
            }
        }
        for (int i = 0; i < 4; i++) {
            b[start + 22 + i] = (byte) (crc >>> (8 * i));
        }
    }
}
