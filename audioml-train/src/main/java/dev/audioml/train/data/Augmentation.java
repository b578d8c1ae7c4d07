package dev.audioml.train.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Training-time augmentation: each training clip gets {@code copies} extra versions with a random gain, a random time
 * shift (zero-filled) and, when a noise folder is given, background noise from a random file and offset mixed in at a
 * random signal-to-noise ratio. Every random choice comes from the seed, the clip's content key and the copy number,
 * so a copy is the same in every run (and its embedding can be cached).
 *
 * <p>Thread-safe after construction (noise clips are decoded once, eagerly).
 *
 * @since 0.1
 */
public final class Augmentation {
    private final int copies;
    private final double gainDb;
    private final double shiftSeconds;
    private final Path noiseDir;
    private final double snrDb;
    private final long seed;
    private List<float[]> noise;
    private int noiseRateHz;

    /**
     * @param copies augmented versions per training clip, 0 for none
     * @param gainDb the gain is uniform in [-gainDb, +gainDb] dB
     * @param shiftSeconds the shift is uniform in [-shiftSeconds, +shiftSeconds]
     * @param noiseDir folder of background noise files (any decodable format, searched recursively), or {@code null}
     * @param snrDb the signal-to-noise ratio is uniform in [snrDb, snrDb + 10] dB
     * @param seed seed of every random choice
     */
    public Augmentation(int copies, double gainDb, double shiftSeconds, Path noiseDir, double snrDb, long seed) {
        if (copies < 0 || copies > 100) {
            throw new IllegalArgumentException("augmentation copies must be in [0, 100], got " + copies);
        }
        if (!(gainDb >= 0 && gainDb <= 40)) {
            throw new IllegalArgumentException("augmentation gain must be in [0, 40] dB, got " + gainDb);
        }
        if (!(shiftSeconds >= 0 && shiftSeconds <= 10)) {
            throw new IllegalArgumentException("augmentation shift must be in [0, 10] s, got " + shiftSeconds);
        }
        if (noiseDir != null && !Files.isDirectory(noiseDir)) {
            throw new IllegalArgumentException("noise folder " + noiseDir + " does not exist or is not a folder");
        }
        this.copies = copies;
        this.gainDb = gainDb;
        this.shiftSeconds = shiftSeconds;
        this.noiseDir = noiseDir;
        this.snrDb = snrDb;
        this.seed = seed;
    }

    /** @return no augmentation */
    public static Augmentation none() {
        return new Augmentation(0, 0, 0, null, 0, 0);
    }

    /** @return augmented versions per training clip */
    public int copies() {
        return copies;
    }

    /** @return a description of every setting, for the embedding cache key and the report */
    public String describe() {
        return copies == 0 ? "none" : String.format("copies=%d,gain_db=%s,shift_s=%s,noise=%s,snr_db=%s,seed=%d",
                copies, gainDb, shiftSeconds, noiseDir == null ? "-" : noiseDir.toAbsolutePath(), snrDb, seed);
    }

    /**
     * Makes one augmented copy.
     *
     * @param clip the clip's samples; read-only
     * @param sampleRateHz their rate
     * @param clipKey a stable key of the clip (its content hash)
     * @param copy the copy number, from 1
     * @return a new, augmented array of the same length
     * @throws IOException if a noise file cannot be decoded
     */
    public float[] apply(float[] clip, int sampleRateHz, String clipKey, int copy) throws IOException {
        Random r = new Random(seed * 31 + clipKey.hashCode() * 17L + copy);
        double gain = Math.pow(10, (2 * r.nextDouble() - 1) * gainDb / 20);
        int shift = (int) Math.round((2 * r.nextDouble() - 1) * shiftSeconds * sampleRateHz);
        float[] out = new float[clip.length];
        for (int i = 0; i < out.length; i++) {
            int j = i - shift;
            out[i] = j >= 0 && j < clip.length ? (float) (clip[j] * gain) : 0f;
        }
        List<float[]> noises = noise(sampleRateHz);
        if (!noises.isEmpty()) {
            float[] n = noises.get(r.nextInt(noises.size()));
            int offset = n.length > out.length ? r.nextInt(n.length - out.length + 1) : 0;
            double signal = rms(out, 0, out.length);
            double noisePower = rms(n, offset, Math.min(out.length, n.length));
            double snr = snrDb + 10 * r.nextDouble();
            double scale = noisePower == 0 ? 0 : (signal == 0 ? 0.01 : signal) / noisePower / Math.pow(10, snr / 20);
            for (int i = 0; i < out.length; i++) {
                out[i] += (float) (scale * n[(offset + i) % n.length]);
            }
        }
        return out;
    }

    private synchronized List<float[]> noise(int sampleRateHz) throws IOException {
        if (noiseDir == null) {
            return List.of();
        }
        if (noise == null || noiseRateHz != sampleRateHz) {
            List<float[]> loaded = new ArrayList<>();
            try (Stream<Path> files = Files.walk(noiseDir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(Dataset::isAudioFile).sorted().toList()) {
                    loaded.add(ClipAudio.read(f, sampleRateHz));
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (loaded.isEmpty()) {
                throw new IllegalArgumentException("noise folder " + noiseDir + " has no audio files");
            }
            noise = loaded;
            noiseRateHz = sampleRateHz;
        }
        return noise;
    }

    private static double rms(float[] x, int from, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) x[from + i] * x[from + i];
        }
        return n == 0 ? 0 : Math.sqrt(s / n);
    }
}
