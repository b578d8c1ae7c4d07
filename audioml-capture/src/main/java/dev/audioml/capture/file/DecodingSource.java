package dev.audioml.capture.file;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shared part of every file source: a subclass decodes interleaved float frames into a bounded buffer, this class
 * turns them into mono (mean or one channel), checks they are finite, and handles warnings and close.
 */
abstract class DecodingSource implements AudioFileSource {
    private static final System.Logger LOG = System.getLogger(DecodingSource.class.getName());
    /** Interleaved samples decoded per refill, whatever the channel count (bounds memory). */
    private static final int CHUNK_SAMPLES = 1 << 14;

    private final AudioFileInfo info;
    private final ChannelMode mode;
    private final float[] interleaved;
    private final int chunkFrames;
    private final List<String> warnings = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int buffered;
    private int position;
    private long framesDelivered;
    private boolean ended;

    private CorruptionPolicy policy = CorruptionPolicy.WARN_AND_SKIP;
    private long corruptUnitsSkipped;

    DecodingSource(AudioFileInfo info, ChannelMode mode) {
        this.info = Objects.requireNonNull(info, "info");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (!mode.isMix() && mode.channelIndex() >= info.channels()) {
            throw new IllegalArgumentException("channel " + mode.channelIndex() + " requested but " + info.path()
                    + " has " + info.channels() + " channel(s) (indices 0 to " + (info.channels() - 1) + ")");
        }
        this.chunkFrames = Math.max(1, CHUNK_SAMPLES / info.channels());
        this.interleaved = new float[chunkFrames * info.channels()];
    }

    /**
     * Decodes up to {@code maxFrames} interleaved frames into {@code dst}.
     *
     * @return frames written (at least 1), or -1 at the end of the stream
     */
    protected abstract int decode(float[] dst, int maxFrames) throws IOException;

    /** Releases the decoder's file. Called once. */
    protected abstract void closeDecoder() throws IOException;

    /**
     * @return whether {@link #decode} can only give finite samples (integer PCM), so that {@link #read} need not check
     *     each one; false by default
     */
    protected boolean finiteByConstruction() {
        return false;
    }

    /** Sets what happens at corrupt data; called once, before the first read. */
    final void policy(CorruptionPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Records a corrupt unit (page, frame, packet) that was skipped, adding "; skipped" to {@code problem}, or throws
     * under {@link CorruptionPolicy#FAIL}.
     */
    protected final void corrupt(String problem) throws AudioFormatException {
        corrupt(problem, "skipped");
    }

    /**
     * Like {@link #corrupt(String)}, with what was done instead of decoding the unit ({@code "skipped"}, or
     * {@code "replaced by 1024 frames of silence"} where the unit's duration is known and timing is kept).
     */
    protected final void corrupt(String problem, String action) throws AudioFormatException {
        if (policy == CorruptionPolicy.FAIL) {
            throw new AudioFormatException(info.path(), problem);
        }
        corruptUnitsSkipped++;
        warn(problem + "; " + action);
    }

    @Override
    public final long corruptUnitsSkipped() {
        return corruptUnitsSkipped;
    }

    /**
     * Records a problem that does not stop decoding (or throws under {@link CorruptionPolicy#FAIL}), and logs it the
     * first time it is seen.
     */
    protected final void warn(String problem) throws AudioFormatException {
        if (policy == CorruptionPolicy.FAIL) {
            throw new AudioFormatException(info.path(), problem);
        }
        String line = info.path() + ": " + problem;
        if (!warnings.contains(line)) {
            warnings.add(line);
            LOG.log(System.Logger.Level.WARNING, line);
        }
    }

    /**
     * Words a third-party decoder's failure for a message: its runtime exceptions ("Index 580 out of bounds for
     * length 580", null pointers) and JLayer's "Bitstream errorcode 102" describe its internals, not the file, so
     * they become "malformed data" (the cause stays chained for {@code --verbose}); an underlying I/O error keeps its
     * message, on one line.
     */
    static String decoderFailure(Throwable e) {
        Throwable io = e instanceof java.io.IOException ? e : e.getCause();
        if (io instanceof java.io.IOException && io.getMessage() != null) {
            return io.getMessage().replace('\n', ' ');
        }
        return "malformed data";
    }

    @Override
    public final int read(float[] buffer, int offset, int length) throws IOException {
        if (closed.get()) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed: " + info.path());
        }
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length < 1) {
            throw new IllegalArgumentException("length must be >= 1, got " + length);
        }
        if (position == buffered) {
            if (ended) {
                return -1;
            }
            int n = decode(interleaved, chunkFrames);
            if (n < 0) {
                ended = true;
                return -1;
            }
            buffered = n;
            position = 0;
        }
        int frames = Math.min(length, buffered - position);
        int channels = info.channels();
        boolean mix = mode.isMix();
        int pick = mix ? 0 : mode.channelIndex();
        if (channels == 1) { // one channel: its samples as they are (the mix of one is the sample itself)
            System.arraycopy(interleaved, position, buffer, offset, frames);
        } else {
            for (int f = 0; f < frames; f++) {
                int base = (position + f) * channels;
                float value;
                if (mix) {
                    double sum = 0;
                    for (int c = 0; c < channels; c++) {
                        sum += interleaved[base + c];
                    }
                    value = (float) (sum / channels);
                } else {
                    value = interleaved[base + pick];
                }
                buffer[offset + f] = value;
            }
        }
        if (!finiteByConstruction()) { // integer samples are finite by construction; float ones are checked
            for (int f = 0; f < frames; f++) { // a separate pass: the copy above stays a simple loop for the JIT
                float value = buffer[offset + f];
                if (!Float.isFinite(value)) {
                    throw new AudioFormatException(info.path(), "non-finite sample (" + value + ") at frame "
                            + (framesDelivered + f) + "; float files must hold finite samples");
                }
            }
        }
        position += frames;
        framesDelivered += frames;
        return frames;
    }

    @Override
    public final int sampleRateHz() {
        return info.sampleRateHz();
    }

    @Override
    public final AudioFileInfo info() {
        return info;
    }

    @Override
    public final ChannelMode channelMode() {
        return mode;
    }

    @Override
    public final List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    @Override
    public OptionalLong frameCount() {
        return info.hasFrames() ? OptionalLong.of(info.frames()) : OptionalLong.empty();
    }

    @Override
    public String description() {
        return info.path().toString();
    }

    @Override
    public final void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            closeDecoder();
        }
    }
}
