package dev.audioml.train.data;

import dev.audioml.capture.file.AudioFileSource;
import dev.audioml.capture.file.AudioFiles;
import dev.audioml.core.resample.Resampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes clips and cuts them into the fixed windows a backbone embeds.
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class ClipAudio {
    /**
     * Longest clip read, in seconds; a longer file is refused with a message naming it and this limit (its windows'
     * embeddings and any augmentation would hold the whole clip), so memory stays bounded whatever the file's length.
     */
    public static final double MAX_CLIP_SECONDS = 600;

    private ClipAudio() {
    }

    /**
     * Decodes a file to mono and resamples it.
     *
     * @param file any format {@link AudioFiles#open} reads
     * @param sampleRateHz the rate wanted, in Hz
     * @return mono samples in [-1, 1] at {@code sampleRateHz}
     * @throws IOException if the file cannot be read or decoded, or is longer than {@link #MAX_CLIP_SECONDS} (known
     *     from its header, or found after decoding that many seconds)
     */
    public static float[] read(Path file, int sampleRateHz) throws IOException {
        try (AudioFileSource source = AudioFiles.open(file)) {
            int rate = source.sampleRateHz();
            long max = (long) (MAX_CLIP_SECONDS * rate);
            if (source.info().hasFrames() && source.info().frames() > max) {
                throw tooLong(file, String.format(java.util.Locale.ROOT, "%.1f s long",
                        source.info().durationSeconds()));
            }
            float[] all = new float[(int) Math.min(max, Math.max(1024, rate))];
            int n = 0;
            while (true) {
                if (n == all.length) {
                    if (n >= max) {
                        if (source.read(new float[1], 0, 1) > 0) {
                            throw tooLong(file, "longer than that"); // the header did not say
                        }
                        break;
                    }
                    all = Arrays.copyOf(all, (int) Math.min(max, 2L * all.length));
                }
                int r = source.read(all, n, all.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n == 0) {
                throw new IOException("audio file " + file + " has no samples");
            }
            float[] clip = Arrays.copyOf(all, n);
            return rate == sampleRateHz ? clip : Resampler.resample(clip, rate, sampleRateHz);
        }
    }

    private static IOException tooLong(Path file, String length) {
        return new IOException(file + ": " + length + "; a training or evaluation clip may be at most "
                + (long) MAX_CLIP_SECONDS + " s (ClipAudio.MAX_CLIP_SECONDS): cut it into clips, e.g. sox "
                + file.getFileName() + " clip.wav trim 0 10 : newfile : restart");
    }

    /**
     * Cuts a clip into windows of {@code windowSamples} every {@code hopSamples}. A clip shorter than one window gives
     * one window, zero-padded at the end; a tail shorter than a window after the last full window is dropped unless
     * it is longer than half a window (then it is padded).
     *
     * @param clip samples; read-only
     * @param windowSamples window length in samples, at least 1
     * @param hopSamples hop in samples, at least 1
     * @return new arrays of {@code windowSamples} samples each, at least one
     */
    public static List<float[]> windows(float[] clip, int windowSamples, int hopSamples) {
        if (windowSamples < 1 || hopSamples < 1) {
            throw new IllegalArgumentException("windowSamples and hopSamples must be >= 1, got " + windowSamples
                    + " and " + hopSamples);
        }
        List<float[]> out = new ArrayList<>();
        int start = 0;
        out.add(Arrays.copyOf(clip, windowSamples));
        while (start + hopSamples + windowSamples <= clip.length) {
            start += hopSamples;
            out.add(Arrays.copyOfRange(clip, start, start + windowSamples));
        }
        if (clip.length - (start + windowSamples) > windowSamples / 2 && start + hopSamples < clip.length) {
            start += hopSamples;
            out.add(Arrays.copyOfRange(clip, start, start + windowSamples));
        }
        return out;
    }

    /**
     * A file's duration from its header (or by decoding it once when the header does not say).
     *
     * @param file an audio file
     * @return its length in seconds, or -1 when it cannot be read (the caller reports unreadable files elsewhere)
     */
    public static double durationSeconds(Path file) {
        try {
            return AudioFiles.info(file).durationSeconds();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * A window's RMS level, {@code 10 log10(mean(x^2) + 1e-10)} dB relative to full scale (the level the gate of
     * {@code audioml.gate_db} compares).
     *
     * @param window samples; read-only
     * @return the level in dB, at least -100
     */
    public static float levelDb(float[] window) {
        return dev.audioml.onnx.LevelGatedClassifier.levelDb(window); // one definition for training and streams
    }

    /**
     * The level gate: which windows of one clip are scored (and trained on).
     *
     * @param levelsDb each window's {@link #levelDb}
     * @param gateDb windows more than this many dB below the clip's loudest window are dropped; {@code null} keeps
     *     every window
     * @return one flag per window; the loudest window is always kept
     */
    public static boolean[] gate(float[] levelsDb, Double gateDb) {
        boolean[] keep = new boolean[levelsDb.length];
        float max = Float.NEGATIVE_INFINITY;
        for (float l : levelsDb) {
            max = Math.max(max, l);
        }
        for (int i = 0; i < keep.length; i++) {
            keep[i] = gateDb == null || levelsDb[i] >= max - gateDb;
        }
        return keep;
    }
}
