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
     * Longest clip {@link #read} holds whole, in seconds: augmentation (time shift, gain, noise mixing) and noise files
     * need the whole clip in memory; a longer file is refused there with a message naming it and this limit, so
     * memory stays bounded whatever the file's length. Embedding and evaluation without augmentation read any length
     * in blocks ({@link #forEachWindow}).
     */
    public static final double MAX_CLIP_SECONDS = 600;

    /** Samples decoded per read by {@link #forEachWindow}. */
    private static final int BLOCK_SAMPLES = 1 << 14;

    /** Takes the windows of a clip, one at a time. */
    @FunctionalInterface
    public interface WindowConsumer {
        /**
         * @param window {@code windowSamples} samples; valid only during the call (the array is reused)
         * @param index the window's number from 0; it starts at {@code index × hopSamples}
         */
        void accept(float[] window, int index) throws IOException;
    }

    private ClipAudio() {
    }

    /**
     * Decodes a file to mono and resamples it, whole (for augmentation; embedding reads windows in blocks with
     * {@link #forEachWindow}).
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
        return new IOException(file + ": " + length + "; a clip to augment, or a noise file, may be at most "
                + (long) MAX_CLIP_SECONDS + " s (ClipAudio.MAX_CLIP_SECONDS; augmentation holds the whole clip): cut "
                + "it into clips, e.g. sox "
                + file.getFileName() + " clip.wav trim 0 10 : newfile : restart");
    }

    /**
     * Decodes a file to mono, resamples it and hands over its windows as {@link #windows} cuts them from
     * {@link #read}'s clip, the same samples bit for bit, reading the file in blocks: memory holds two windows and a
     * decode block, whatever the file's length (a 6-hour archive recording is read like a 2-second clip).
     *
     * @param file any format {@link AudioFiles#open} reads
     * @param sampleRateHz the rate wanted, in Hz
     * @param windowSamples window length in samples, at least 1
     * @param hopSamples hop in samples, at least 1
     * @param consumer takes each window
     * @return the number of samples at {@code sampleRateHz} (the clip's length)
     * @throws IOException if the file cannot be read or decoded, or has no samples
     * @since 0.3
     */
    public static long forEachWindow(Path file, int sampleRateHz, int windowSamples, int hopSamples,
            WindowConsumer consumer) throws IOException {
        if (windowSamples < 1 || hopSamples < 1) {
            throw new IllegalArgumentException("windowSamples and hopSamples must be >= 1, got " + windowSamples
                    + " and " + hopSamples);
        }
        try (AudioFileSource source = AudioFiles.open(file)) {
            int rate = source.sampleRateHz();
            Resampler resampler = rate == sampleRateHz ? null : new Resampler(rate, sampleRateHz);
            float[] in = new float[BLOCK_SAMPLES];
            float[] out = resampler == null ? in
                    : new float[Math.max(resampler.maxOutputSamples(BLOCK_SAMPLES), resampler.maxFlushSamples())];
            Windows windows = new Windows(windowSamples, hopSamples, consumer);
            long decoded = 0;
            for (int n; (n = source.read(in, 0, in.length)) >= 0; ) {
                decoded += n;
                if (resampler == null) {
                    windows.push(in, n);
                } else {
                    windows.push(out, resampler.process(in, 0, n, out, 0));
                }
            }
            if (decoded == 0) {
                throw new IOException("audio file " + file + " has no samples");
            }
            if (resampler != null) {
                windows.push(out, resampler.flush(out, 0));
            }
            windows.end();
            return windows.total;
        }
    }

    /**
     * {@link #windows}'s rule over a stream: the buffer holds the samples from the next window's start (at most a
     * window), and a window is handed over once its last sample has arrived; at the end, the first window of a short
     * clip, or the tail window, zero-padded.
     */
    private static final class Windows {
        private final int size;
        private final int hop;
        private final WindowConsumer consumer;
        private final float[] buffer;
        private final float[] window;
        /** Samples in the buffer, from {@code next}. */
        private int filled;
        /** Start of the next window, in samples. */
        private long next;
        /** Start of the last window handed over, or -1. */
        private long last = -1;
        private int index;
        long total;

        Windows(int size, int hop, WindowConsumer consumer) {
            this.size = size;
            this.hop = hop;
            this.consumer = consumer;
            this.buffer = new float[size];
            this.window = new float[size];
        }

        void push(float[] samples, int n) throws IOException {
            int at = 0;
            while (at < n) {
                long skip = next - total; // samples before the next window (hop longer than the window)
                if (skip > 0) {
                    int k = (int) Math.min(skip, n - at);
                    at += k;
                    total += k;
                    continue;
                }
                int k = Math.min(size - filled, n - at);
                System.arraycopy(samples, at, buffer, filled, k);
                filled += k;
                at += k;
                total += k;
                if (filled == size) {
                    emit();
                    last = next;
                    next += hop;
                    int keep = (int) Math.max(0, size - hop);
                    System.arraycopy(buffer, size - keep, buffer, 0, keep);
                    filled = keep;
                }
            }
        }

        void end() throws IOException {
            // windows(): a clip shorter than a window gives it zero-padded; a tail of more than half a window past the
            // last full one gives one more, zero-padded
            if (last < 0 || (total - (last + size) > size / 2 && last + hop < total)) {
                java.util.Arrays.fill(buffer, filled, size, 0f);
                emit();
            }
        }

        private void emit() throws IOException {
            System.arraycopy(buffer, 0, window, 0, size);
            consumer.accept(window, index++);
        }
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
