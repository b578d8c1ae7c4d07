package dev.audioml.cli;

import dev.audioml.capture.file.AudioFiles;
import dev.audioml.core.Source;
import dev.audioml.core.resample.ResamplingSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.stream.Stream;

/**
 * The audio {@code calibrate} streams: a background (audio files, or segments synthesized on this machine) with the
 * positive clips mixed in at known times. Everything is a {@link Source} read block by block, so memory does not grow
 * with the hours of background: files are decoded as they play, synthesized background is made segment by segment
 * as it plays, and the mixer holds one clip's length of background ahead.
 */
final class CalibrationAudio {
    private static final String AUDIO_FILE = ".*\\.(wav|aiff?|au|flac|ogg|mp3)";

    private CalibrationAudio() {
    }

    /** The audio files of a folder, sorted by name, or the one file {@code path} names. */
    static List<Path> audioFiles(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(AUDIO_FILE))
                    .sorted().toList();
        }
    }

    /** A whole file decoded to mono at {@code rate} (for short clips: the positives). */
    static float[] read(Path file, int rate) throws IOException {
        try (Source s = open(file, rate)) {
            float[] buf = new float[1 << 16];
            float[] all = new float[0];
            int n = 0;
            for (int r; (r = s.read(buf, 0, buf.length)) >= 0; ) {
                if (n + r > all.length) {
                    all = Arrays.copyOf(all, Math.max(2 * all.length, n + r));
                }
                System.arraycopy(buf, 0, all, n, r);
                n += r;
            }
            return Arrays.copyOf(all, n);
        }
    }

    /** A file decoded to mono and resampled (librosa.resample, soxr_hq) to {@code rate} as it is read. */
    private static Source open(Path file, int rate) throws IOException {
        Source s = AudioFiles.open(file);
        return s.sampleRateHz() == rate ? s : ResamplingSource.of(s, rate);
    }

    /**
     * Files played one after another, each decoded and resampled to {@code rate} on its own; one file is open at a
     * time.
     *
     * @param files the files in playing order; the source owns none of them until it opens them
     * @param rate the sample rate of the stream, Hz
     * @return a new source owned by the caller
     */
    static Source sequence(List<Path> files, int rate) {
        return new FileSequence(files, rate);
    }

    private static final class FileSequence implements Source {
        private final Iterator<Path> files;
        private final int rate;
        private Source current;

        FileSequence(List<Path> files, int rate) {
            this.files = List.copyOf(files).iterator();
            this.rate = rate;
        }

        @Override
        public int sampleRateHz() {
            return rate;
        }

        @Override
        public int read(float[] buffer, int offset, int length) throws IOException {
            while (true) {
                if (current == null) {
                    if (!files.hasNext()) {
                        return -1;
                    }
                    current = open(files.next(), rate);
                }
                int n = current.read(buffer, offset, length);
                if (n > 0 || length == 0) {
                    return n;
                }
                if (n < 0) {
                    Source done = current;
                    current = null;
                    done.close();
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /** Makes segment {@code k} (0, 1, 2, ...) of a synthesized background: mono samples in [-1, 1], at least one. */
    @FunctionalInterface
    interface SegmentMaker {
        float[] make(long k) throws IOException;
    }

    /**
     * Synthesized background: segments 0, 1, 2, ... of {@code maker} one after another, cut at {@code totalSamples}.
     * Every segment is new (none repeats, so hours of it are hours of distinct audio); a thread makes the next ones
     * while the current one plays, at most two ahead. Closing the source stops that thread.
     *
     * @return a new source owned by the caller; not thread-safe
     */
    static Source generated(SegmentMaker maker, long totalSamples, int rate) {
        return new GeneratedSegments(maker, totalSamples, rate);
    }

    private static final class GeneratedSegments implements Source {
        private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(2);
        private final Thread thread;
        private final long total;
        private final int rate;
        private volatile boolean closed;
        private float[] current;
        private int inSegment;
        private long position;

        GeneratedSegments(SegmentMaker maker, long total, int rate) {
            this.total = total;
            this.rate = rate;
            thread = new Thread(() -> {
                try {
                    for (long k = 0; !closed; k++) {
                        float[] segment = maker.make(k);
                        if (segment.length == 0) {
                            throw new IOException("background segment " + k + " is empty");
                        }
                        ready.put(segment);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException | RuntimeException e) {
                    if (!closed) {
                        ready.offer(e);
                    }
                }
            }, "audioml-calibrate-background");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public int sampleRateHz() {
            return rate;
        }

        @Override
        public OptionalLong frameCount() {
            return OptionalLong.of(total);
        }

        @Override
        public int read(float[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (closed) {
                throw new IllegalStateException("the synthesized background is closed");
            }
            if (position == total) {
                return -1;
            }
            if (current == null || inSegment == current.length) {
                Object next;
                try {
                    next = ready.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while synthesizing the background", e);
                }
                if (next instanceof IOException e) {
                    throw new IOException(e.getMessage(), e);
                } else if (next instanceof RuntimeException e) {
                    throw e;
                }
                current = (float[]) next;
                inSegment = 0;
            }
            int n = (int) Math.min(Math.min(length, current.length - inSegment), total - position);
            System.arraycopy(current, inSegment, buffer, offset, n);
            inSegment += n;
            position += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
            thread.interrupt();
            ready.clear();
            try {
                // let the maker delete its temporary files (a sox or espeak-ng run ends within a second or two)
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Where a positive clip was placed, in samples of the mixture, and at which SNR. */
    record Positive(long startSample, long endSample, double snrDb) {
    }

    /**
     * The background with positive clips added: the first at {@code firstS}, each next one {@code minGapS} plus a
     * random part of {@code extraGapS} after the end of the previous, cycling through clips, then through SNRs. Each
     * clip is scaled to its SNR against the RMS of the background under it (floor 1e-5) and the sum clipped to
     * [-1, 1]. At most {@code maxPlacements} clips are placed, at the start; the rest of the stream is the background
     * alone. A clip that would run past the end of the background is not placed. {@link #positives()} is complete once
     * the source has returned -1.
     */
    static final class Mixer implements Source {
        private static final int BLOCK = 1 << 16;
        private final Source background;
        private final List<float[]> clips;
        private final List<Double> snrDb;
        private final SplittableRandom random;
        private final int rate;
        private final double minGapS;
        private final double extraGapS;
        private final int maxPlacements;
        private final List<Positive> positives = new ArrayList<>();
        /** Background samples [bufferStart, bufferEnd), positives already added where placed. */
        private float[] buffer;
        private long bufferStart;
        private long bufferEnd;
        private long emitted;
        private boolean backgroundEnded;
        /** Start of the next clip to place, or -1 when no more fit. */
        private long nextAt;
        private int placed;

        Mixer(Source background, List<float[]> clips, List<Double> snrDb, SplittableRandom random, double firstS,
                double minGapS, double extraGapS, int maxPlacements) {
            this.maxPlacements = maxPlacements;
            this.background = background;
            this.clips = clips;
            this.snrDb = snrDb;
            this.random = random;
            this.rate = background.sampleRateHz();
            this.minGapS = minGapS;
            this.extraGapS = extraGapS;
            this.nextAt = Math.round(firstS * rate);
            int longest = clips.stream().mapToInt(c -> c.length).max().orElse(0);
            this.buffer = new float[longest + BLOCK];
        }

        List<Positive> positives() {
            return positives;
        }

        /** Samples of the mixture read so far (all of it once the source has ended). */
        long samples() {
            return emitted;
        }

        @Override
        public int sampleRateHz() {
            return rate;
        }

        @Override
        public OptionalLong frameCount() {
            return background.frameCount();
        }

        @Override
        public int read(float[] out, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, out.length);
            while (true) {
                // samples before the next placement's start are final
                long ready = nextAt >= 0 ? Math.min(bufferEnd, nextAt) : bufferEnd;
                if (emitted < ready) {
                    int n = (int) Math.min(length, ready - emitted);
                    System.arraycopy(buffer, (int) (emitted - bufferStart), out, offset, n);
                    emitted += n;
                    return n;
                }
                if (nextAt >= 0 && emitted == nextAt) {
                    place();
                } else if (!fill(bufferEnd + 1)) {
                    return -1;
                }
            }
        }

        /** Places the next clip at {@code nextAt} if the background reaches its end, and schedules the one after. */
        private void place() throws IOException {
            float[] clip = clips.get(placed % clips.size());
            double snr = snrDb.get((placed / clips.size()) % snrDb.size());
            if (placed == maxPlacements || !fill(nextAt + clip.length)) {
                nextAt = -1;
                return;
            }
            int from = (int) (nextAt - bufferStart);
            double clipRms = rms(clip, 0, clip.length);
            double bgRms = Math.max(rms(buffer, from, clip.length), 1e-5);
            double gain = clipRms == 0 ? 0 : bgRms * Math.pow(10, snr / 20) / clipRms;
            for (int i = 0; i < clip.length; i++) {
                int j = from + i;
                buffer[j] = (float) Math.max(-1, Math.min(1, buffer[j] + gain * clip[i]));
            }
            positives.add(new Positive(nextAt, nextAt + clip.length, snr));
            nextAt += clip.length + Math.round((minGapS + random.nextDouble() * extraGapS) * rate);
            placed++;
        }

        /**
         * Reads background until the buffer reaches {@code end} (absolute sample), dropping what was emitted.
         *
         * @return false when the background ended first
         */
        private boolean fill(long end) throws IOException {
            if (bufferEnd >= end) {
                return true;
            }
            int keep = (int) (bufferEnd - emitted);
            System.arraycopy(buffer, (int) (emitted - bufferStart), buffer, 0, keep);
            bufferStart = emitted;
            int need = (int) (end - bufferStart);
            if (need + BLOCK > buffer.length) {
                buffer = Arrays.copyOf(buffer, need + BLOCK);
            }
            int filled = keep;
            while (filled < need && !backgroundEnded) {
                int r = background.read(buffer, filled, buffer.length - filled);
                if (r < 0) {
                    backgroundEnded = true;
                } else {
                    filled += r;
                }
            }
            bufferEnd = bufferStart + filled;
            return bufferEnd >= end;
        }

        @Override
        public void close() throws IOException {
            background.close();
        }
    }

    static double rms(float[] x, int from, int n) {
        double s = 0;
        int end = Math.min(x.length, from + n);
        for (int i = from; i < end; i++) {
            s += x[i] * (double) x[i];
        }
        return end > from ? Math.sqrt(s / (end - from)) : 0;
    }
}
