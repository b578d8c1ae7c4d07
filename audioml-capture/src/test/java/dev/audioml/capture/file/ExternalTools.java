package dev.audioml.capture.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.core.Source;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command-line audio tools the parity tests compare against (sox, flac, oggenc, lame; CI installs them
 * from Debian's sox, libsox-fmt-all, flac, vorbis-tools and lame packages).
 */
final class ExternalTools {
    private static final long TIMEOUT_SECONDS = 60;

    private ExternalTools() {
    }

    /** Runs a command and fails the test (with its stderr) unless it exits 0 in time. */
    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("%s finished in time", command[0]).isTrue();
        assertThat(p.exitValue()).as("%s exit code; output: %s", String.join(" ", command),
                new String(output, java.nio.charset.StandardCharsets.UTF_8)).isZero();
    }

    /** sox's own decoding of {@code file} to interleaved signed 32-bit little-endian integers. */
    static int[] soxDecodeS32(Path file, Path dir) throws IOException, InterruptedException {
        ByteBuffer b = soxDecode(file, dir, "signed-integer");
        int[] out = new int[b.remaining() / 4];
        b.asIntBuffer().get(out);
        return out;
    }

    /** sox's own decoding of {@code file} to interleaved float32 little-endian samples. */
    static float[] soxDecodeF32(Path file, Path dir) throws IOException, InterruptedException {
        ByteBuffer b = soxDecode(file, dir, "floating-point");
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static ByteBuffer soxDecode(Path file, Path dir, String encoding)
            throws IOException, InterruptedException {
        Path raw = dir.resolve(file.getFileName() + "." + encoding + ".raw");
        run("sox", "-V1", file.toString(), "-t", "raw", "-e", encoding, "-b", "32", "-L", raw.toString());
        return ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads a source to its end in small, odd-sized reads (exercising block boundaries). */
    static float[] readAll(Source source) throws IOException {
        List<float[]> parts = new ArrayList<>();
        float[] buf = new float[1013];
        int total = 0;
        for (int n; (n = source.read(buf, 0, buf.length)) > 0; ) {
            parts.add(Arrays.copyOf(buf, n));
            total += n;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The mono stream a source should deliver: mean of channels ({@code channel < 0}) or one channel. */
    static float[] toMono(double[] interleaved, int channels, int channel) {
        float[] out = new float[interleaved.length / channels];
        for (int f = 0; f < out.length; f++) {
            if (channel >= 0) {
                out[f] = (float) interleaved[f * channels + channel];
            } else {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += (float) interleaved[f * channels + c];
                }
                out[f] = (float) (sum / channels);
            }
        }
        return out;
    }

    /** Integer samples as fractions of full scale ({@code s32 / 2^31}). */
    static double[] s32ToDouble(int[] s32) {
        double[] out = new double[s32.length];
        for (int i = 0; i < s32.length; i++) {
            out[i] = s32[i] / 2147483648.0;
        }
        return out;
    }

    static double[] toDouble(float[] f) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
