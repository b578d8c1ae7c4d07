package dev.audioml.core.resample;

import java.util.Arrays;
import java.util.Objects;

/**
 * Streaming sample-rate conversion between any two integer rates that gives what {@code librosa.resample(y,
 * orig_sr=fromHz, target_sr=toHz, res_type=...)} gives, and so what {@code librosa.load(path, sr=toHz)} loads.
 *
 * <p><b>Design.</b> The samples are those of libsoxr as python-soxr runs it ({@link SoxrResampler}, a pure-Java port of
 * libsoxr's constant-rate engine; {@link SoxrQuality#HQ} by default, librosa's {@code res_type="soxr_hq"}); the
 * length is librosa's: {@code librosa.resample} fixes soxr's {@code round(n * toHz / fromHz)} outputs to
 * {@code ceil(n * (toHz / fromHz))} (computed in double precision, as numpy does), padding with zeros
 * ({@code librosa.util.fix_length}). The linear-phase filters are applied without delay: output sample {@code n} lies
 * at input time {@code n * fromHz / toHz}. Samples before the start and after the end of the stream count as zeros.
 * At {@link SoxrQuality#HQ} the pass band is flat (within 0.01 dB) to 0.913 of the lower Nyquist frequency and
 * everything above the lower Nyquist frequency is attenuated by more than 120 dB (libsoxr's design; measured by this
 * class's tests).
 *
 * <p><b>Streaming.</b> {@link #process} takes blocks of any size and writes the outputs they make computable;
 * {@link #flush} writes the rest at end of stream. The outputs do not depend on how the input was split into blocks,
 * bit for bit. Nothing is allocated after construction. Equal rates copy the input (as librosa returns it unchanged).
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class Resampler {
    /** Passband edge as a fraction of the lower of the two Nyquist frequencies up to which every quality but LQ/QQ is flat. */
    public static final double PASSBAND_EDGE = 0.9;
    /** The quality librosa uses by default ({@code res_type="soxr_hq"}). */
    public static final SoxrQuality DEFAULT_QUALITY = SoxrQuality.HQ;

    private final int fromHz;
    private final int toHz;
    private final SoxrQuality quality;
    /** null at equal rates (a copy). */
    private final SoxrResampler soxr;
    private final double ratio;

    private long inputSamples;
    private long outputSamples;
    private boolean flushed;

    /**
     * Creates a resampler with librosa's default quality ({@code soxr_hq}).
     *
     * @param fromHz input sample rate in Hz, at least 1
     * @param toHz output sample rate in Hz, at least 1
     */
    public Resampler(int fromHz, int toHz) {
        this(fromHz, toHz, DEFAULT_QUALITY);
    }

    /**
     * Creates a resampler.
     *
     * @param fromHz input sample rate in Hz, at least 1
     * @param toHz output sample rate in Hz, at least 1
     * @param quality the libsoxr recipe ({@code res_type} {@code soxr_qq} .. {@code soxr_vhq})
     * @since 0.2
     */
    public Resampler(int fromHz, int toHz, SoxrQuality quality) {
        if (fromHz < 1) {
            throw new IllegalArgumentException("fromHz must be >= 1, got " + fromHz);
        }
        if (toHz < 1) {
            throw new IllegalArgumentException("toHz must be >= 1, got " + toHz);
        }
        this.fromHz = fromHz;
        this.toHz = toHz;
        this.quality = Objects.requireNonNull(quality, "quality");
        this.soxr = fromHz == toHz ? null : new SoxrResampler(fromHz, toHz, quality);
        this.ratio = (double) toHz / fromHz;
    }

    /**
     * Resamples a whole clip as {@code librosa.resample(clip, orig_sr=fromHz, target_sr=toHz)} (soxr_hq; the same
     * stages as streaming, so the same samples as {@link #process} then {@link #flush}).
     *
     * @param in the clip; not modified
     * @param fromHz its sample rate in Hz
     * @param toHz the wanted rate in Hz
     * @return {@link #outputLength} samples at {@code toHz}; a copy of {@code in} when the rates are equal
     */
    public static float[] resample(float[] in, int fromHz, int toHz) {
        return resample(in, fromHz, toHz, DEFAULT_QUALITY);
    }

    /**
     * Resamples a whole clip as {@code librosa.resample(clip, orig_sr=fromHz, target_sr=toHz,
     * res_type=quality.resType())}.
     *
     * @param in the clip; not modified
     * @param fromHz its sample rate in Hz
     * @param toHz the wanted rate in Hz
     * @param quality the libsoxr recipe
     * @return {@link #outputLength} samples at {@code toHz}; a copy of {@code in} when the rates are equal
     * @since 0.2
     */
    public static float[] resample(float[] in, int fromHz, int toHz, SoxrQuality quality) {
        Objects.requireNonNull(in, "in");
        if (fromHz == toHz && fromHz >= 1) {
            return in.clone();
        }
        Resampler r = new Resampler(fromHz, toHz, quality);
        float[] out = new float[Math.toIntExact(r.outputLength(in.length))];
        r.soxr.resampleInto(in, out); // then librosa's zero padding: the rest of out stays 0
        return out;
    }

    /** @return the input rate in Hz */
    public int fromHz() {
        return fromHz;
    }

    /** @return the output rate in Hz */
    public int toHz() {
        return toHz;
    }

    /** @return the libsoxr recipe */
    public SoxrQuality quality() {
        return quality;
    }

    /** @return how far ahead of an output's time input must have arrived, in input samples (at most) */
    public int halfWidthSamples() {
        return soxr == null ? 0 : (int) Math.ceil(soxr.maxFlushSamples() * (double) fromHz / toHz);
    }

    /**
     * @param inputSamples a number of input samples
     * @return the number of outputs a stream of that many inputs gives in all: librosa's {@code ceil(inputSamples *
     *     (toHz / fromHz))}
     */
    public long outputLength(long inputSamples) {
        return soxr == null ? inputSamples : (long) Math.ceil(inputSamples * ratio);
    }

    /**
     * @param inputSamples the length of a block given to {@link #process}
     * @return the most outputs that call can write
     */
    public int maxOutputSamples(int inputSamples) {
        return soxr == null ? inputSamples : soxr.maxOutputSamples(inputSamples);
    }

    /** @return the most outputs {@link #flush} can write */
    public int maxFlushSamples() {
        return soxr == null ? 0 : soxr.maxFlushSamples() + 2;
    }

    /**
     * Consumes {@code in[inOffset, inOffset + length)} and writes every output they make computable.
     *
     * @param in input samples; read-only, not retained
     * @param inOffset first index to read
     * @param length number of input samples, at least 0
     * @param out destination with room for {@link #maxOutputSamples maxOutputSamples(length)} samples from
     *     {@code outOffset}
     * @param outOffset first index to write
     * @return the number of samples written
     * @throws IllegalStateException after {@link #flush} (until {@link #reset})
     */
    public int process(float[] in, int inOffset, int length, float[] out, int outOffset) {
        Objects.checkFromIndexSize(inOffset, length, in.length);
        if (flushed) {
            throw new IllegalStateException("Resampler is flushed; call reset() to start a new stream");
        }
        requireRoom(out, outOffset, maxOutputSamples(length));
        inputSamples += length;
        int n;
        if (soxr == null) {
            System.arraycopy(in, inOffset, out, outOffset, length);
            n = length;
        } else {
            n = soxr.process(in, inOffset, length, out, outOffset);
        }
        outputSamples += n;
        return n;
    }

    /**
     * Ends the stream: writes the remaining outputs (libsoxr's flush, then librosa's zero padding up to
     * {@link #outputLength}).
     *
     * @param out destination with room for {@link #maxFlushSamples()} samples from {@code outOffset}
     * @param outOffset first index to write
     * @return the number of samples written; a second call writes 0
     */
    public int flush(float[] out, int outOffset) {
        requireRoom(out, outOffset, maxFlushSamples());
        if (flushed) {
            return 0;
        }
        flushed = true;
        if (soxr == null) {
            return 0;
        }
        long total = outputLength(inputSamples);
        int n = soxr.flush(out, outOffset);
        int keep = (int) Math.max(0, Math.min(n, total - outputSamples));
        int pad = (int) Math.max(0, total - outputSamples - keep);
        Arrays.fill(out, outOffset + keep, outOffset + keep + pad, 0f);
        outputSamples += keep + pad;
        return keep + pad;
    }

    /** Forgets the stream; the next sample processed is input sample 0 of a new stream. */
    public void reset() {
        if (soxr != null) {
            soxr.reset();
        }
        inputSamples = 0;
        outputSamples = 0;
        flushed = false;
    }

    /** Kaiser's empirical shape parameter for a stopband attenuation of {@code a} dB (Oppenheim and Schafer 7.62). */
    static double kaiserBeta(double a) {
        if (a > 50) {
            return 0.1102 * (a - 8.7);
        }
        return a >= 21 ? 0.5842 * Math.pow(a - 21, 0.4) + 0.07886 * (a - 21) : 0;
    }

    /** Zeroth-order modified Bessel function of the first kind, by its power series. */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    private static void requireRoom(float[] out, int outOffset, int needed) {
        if (outOffset < 0 || out.length - outOffset < needed) {
            throw new IllegalArgumentException("out needs room for " + needed + " samples from offset " + outOffset
                    + ", has " + (out.length - Math.max(0, outOffset)));
        }
    }

    @Override
    public String toString() {
        return "Resampler[" + fromHz + " Hz -> " + toHz + " Hz, " + (soxr == null ? "copy" : soxr.toString()) + "]";
    }
}
