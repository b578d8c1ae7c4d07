package dev.audioml.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.capture.file.AudioFileSource;
import dev.audioml.capture.file.AudioFiles;
import dev.audioml.capture.file.AudioFormatException;
import dev.audioml.capture.file.ChannelMode;
import dev.audioml.capture.file.CorruptionPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With audioml-ffmpeg on the class path, {@link AudioFiles} reads what the pure-Java decoders do not, and says so in
 * {@code AudioFileInfo#decoder()}; the golden is Debian's {@code ffmpeg} command decoding the same file. Both are
 * FFmpeg (7.1 here, Debian's own version there), so lossless codecs agree exactly and lossy ones to float rounding.
 */
class FfmpegDecoderProviderTest {
    /** Measured 1.0 (same decoder code, versions apart); the target allows for float differences between versions. */
    static final double MIN_CORRELATION = 0.99999;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "m4a, -c:a alac, alac, true",
        "wma, -c:a wmav2, wmav2, false",
        "mkv, -c:a libvorbis, vorbis, false",
        "caf, -c:a pcm_s16le, pcm_s16le, true",
    })
    void decodesWhatTheBuiltInDecodersDoNot(String ext, String encoderArgs, String codec, boolean lossless)
            throws Exception {
        Path wav = synth();
        Path file = dir.resolve("x." + ext);
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-i", wav.toString()));
        command.addAll(List.of(encoderArgs.split(" ")));
        command.add(file.toString());
        run(command.toArray(String[]::new));
        float[] golden = ffmpegDecode(file);
        float[] expected = new float[golden.length / 2];
        for (int f = 0; f < expected.length; f++) {
            expected[f] = (float) (((double) golden[2 * f] + golden[2 * f + 1]) / 2);
        }
        try (AudioFileSource source = AudioFiles.open(file)) {
            assertThat(source.info().decoder()).startsWith("FFmpeg 7.").endsWith("(audioml-ffmpeg)");
            assertThat(source.info().encoding()).isEqualTo(codec);
            assertThat(source.info().channels()).isEqualTo(2);
            assertThat(source.info().sampleRateHz()).isEqualTo(44100);
            float[] actual = readAll(source);
            assertThat(source.warnings()).isEmpty();
            if (lossless) {
                assertThat(actual).containsExactly(expected);
            } else {
                assertThat(actual.length).isEqualTo(expected.length);
                assertThat(correlation(actual, expected)).isGreaterThan(MIN_CORRELATION);
            }
        }
    }

    @Test
    void builtInDecodersStillReadWhatTheySupportExceptAac() throws Exception {
        Path opus = dir.resolve("voice.opus");
        run("ffmpeg", "-v", "error", "-y", "-i", synth().toString(), "-c:a", "libopus", opus.toString());
        assertThat(AudioFiles.info(opus).decoder()).isEqualTo("Concentus");
        // AAC prefers FFmpeg when it is there (JAAD lacks TNS): the same samples as the ffmpeg command
        Path m4a = dir.resolve("aac.m4a");
        run("ffmpeg", "-v", "error", "-y", "-i", synth().toString(), "-c:a", "aac", m4a.toString());
        assertThat(AudioFiles.info(m4a).decoder()).startsWith("FFmpeg");
    }

    @Test
    void secondAudioTrackAndMissingTracks() throws Exception {
        Path file = dir.resolve("two.mkv");
        run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=300:duration=1", "-f", "lavfi", "-i",
                "sine=frequency=3000:duration=1", "-map", "0:a", "-map", "1:a", "-c:a", "flac", file.toString());
        try (AudioFileSource source = AudioFiles.open(file, ChannelMode.MIX, CorruptionPolicy.FAIL, 1)) {
            float[] actual = readAll(source);
            assertThat(source.info().encoding()).isEqualTo("flac");
            // 3 kHz at 44.1 kHz: about 6000 zero crossings a second, against 600 for track 0
            int crossings = 0;
            for (int i = 1; i < actual.length; i++) {
                crossings += (actual[i - 1] < 0) != (actual[i] < 0) ? 1 : 0;
            }
            assertThat(crossings).isBetween(5900, 6100);
        }
        assertThatThrownBy(() -> AudioFiles.open(file, ChannelMode.MIX, CorruptionPolicy.FAIL, 5))
                .isInstanceOf(AudioFormatException.class)
                .hasMessage(file + ": audio track 5 requested but the file has 2 audio track(s) (0 to 1)");
    }

    @Test
    void filesWithoutAudioKeepTheBuiltInMessage() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not audio at all\n".repeat(20));
        assertThatThrownBy(() -> AudioFiles.open(text)).isInstanceOf(AudioFormatException.class)
                .hasMessageStartingWith(text + ": unrecognised audio format");
    }

    @Test
    void truncatedFileDecodesThePrefixAndWarnsOnce() throws Exception {
        Path file = dir.resolve("full.wma");
        run("ffmpeg", "-v", "error", "-y", "-i", synth().toString(), "-c:a", "wmav2", file.toString());
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(dir.resolve("cut.wma"), Arrays.copyOf(bytes, bytes.length / 2));
        try (AudioFileSource source = AudioFiles.open(cut)) {
            float[] prefix = readAll(source);
            assertThat(prefix.length).isBetween(44100 / 4, 44100 - 1);
            assertThat(source.warnings()).allSatisfy(w -> assertThat(w).startsWith(cut + ": ").doesNotContain("\n"));
        }
    }

    private Path synth() throws Exception {
        Path wav = dir.resolve("in.wav");
        run("sox", "-V1", "-R", "-n", "-r", "44100", "-c", "2", "-b", "16", wav.toString(), "synth", "1", "sine",
                "440", "sine", "1234", "gain", "-6");
        return wav;
    }

    private float[] ffmpegDecode(Path file) throws Exception {
        Path raw = dir.resolve(file.getFileName() + ".f32");
        run("ffmpeg", "-v", "error", "-y", "-i", file.toString(), "-map", "0:a:0", "-f", "f32le", "-c:a", "pcm_f32le",
                raw.toString());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static float[] readAll(AudioFileSource source) throws IOException {
        float[] out = new float[1 << 16];
        int n = 0;
        float[] buf = new float[1013];
        for (int r; (r = source.read(buf, 0, buf.length)) > 0; ) {
            if (n + r > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            System.arraycopy(buf, 0, out, n, r);
            n += r;
        }
        return Arrays.copyOf(out, n);
    }

    private static double correlation(float[] a, float[] b) {
        double dot = 0, ea = 0, eb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += a[i] * b[i];
            ea += a[i] * a[i];
            eb += b[i] * b[i];
        }
        return dot / Math.sqrt(ea * eb);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), new String(output)).isZero();
    }
}
