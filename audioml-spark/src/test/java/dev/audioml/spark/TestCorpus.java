package dev.audioml.spark;

import dev.audioml.capture.file.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A corpus made on the machine: short tone clips (a low tone, then a high one, at assorted rates and channel counts) as
 * WAV (16-bit and float), and a share converted by sox to FLAC, Ogg Vorbis and MP3; plus broken files (empty,
 * truncated header, random bytes, text) that must come back as status rows.
 */
final class TestCorpus {
    /** Names of the broken files {@link #write} adds. */
    static final List<String> BROKEN = List.of("empty.wav", "cut-header.wav", "random.mp3", "notes.flac");
    private static final int[] RATES = {8_000, 16_000, 22_050, 44_100, 48_000};

    private TestCorpus() {
    }

    /**
     * @param dir where to write
     * @param good how many playable files
     * @param seed the seed
     * @return every file written, playable ones first, then {@link #BROKEN}
     */
    static List<Path> write(Path dir, int good, long seed) throws IOException, InterruptedException {
        Random random = new Random(seed);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < good; i++) {
            int rate = RATES[random.nextInt(RATES.length)];
            int channels = 1 + random.nextInt(2);
            double seconds = 0.3 + random.nextDouble() * 0.9;
            double split = seconds * (0.2 + 0.6 * random.nextDouble());
            double low = 200 + random.nextDouble() * 500;
            double high = 2_500 + random.nextDouble() * 1_000;
            int n = (int) (seconds * rate);
            float[] pcm = new float[n * channels];
            for (int t = 0; t < n; t++) {
                double time = (double) t / rate;
                float v = (float) (0.4 * Math.sin(2 * Math.PI * (time < split ? low : high) * time)
                        + 0.01 * random.nextGaussian());
                for (int c = 0; c < channels; c++) {
                    pcm[t * channels + c] = v * (c == 0 ? 1f : 0.5f);
                }
            }
            String stem = String.format("clip-%03d", i);
            Path wav = dir.resolve(stem + ".wav");
            try (WavWriter w = WavWriter.create(wav, rate, channels,
                    i % 7 == 1 ? WavWriter.SampleFormat.FLOAT_32 : WavWriter.SampleFormat.PCM_16)) {
                w.write(pcm, 0, pcm.length);
            }
            String other = switch (i % 10) {
                case 2 -> ".flac";
                case 5 -> ".ogg";
                case 8 -> ".mp3";
                default -> null;
            };
            if (other != null) {
                Path converted = dir.resolve(stem + other);
                sox(wav, converted);
                Files.delete(wav);
                files.add(converted);
            } else {
                files.add(wav);
            }
        }
        Files.write(dir.resolve("empty.wav"), new byte[0]);
        Files.write(dir.resolve("cut-header.wav"), java.util.Arrays.copyOf(Files.readAllBytes(
                dir.resolve("clip-000.wav")), 20));
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        Files.write(dir.resolve("random.mp3"), noise);
        Files.writeString(dir.resolve("notes.flac"), "not audio at all\n");
        BROKEN.forEach(b -> files.add(dir.resolve(b)));
        return files;
    }

    private static void sox(Path in, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sox", in.toString(), out.toString()).redirectErrorStream(true).start();
        byte[] log = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("sox " + in + " " + out + " failed: " + new String(log));
        }
    }
}
