package dev.audioml.core.resample;

import java.util.Arrays;
import java.util.Objects;

/**
 * Streaming band-limited resampler between any two integer sample rates.
 *
 * <p><b>Design.</b> Julius O. Smith's bandlimited interpolation ("Digital Audio Resampling", CCRMA, the algorithm of
 * {@code resample}/libsamplerate's sinc converters), in the rational polyphase form libsoxr also uses: the ratio
 * {@code toHz / fromHz} is reduced to {@code up / down}; output sample {@code n} lies at input time
 * {@code t = n * down / up} (tracked with exact integer arithmetic), and is
 * {@code y[n] = sum_k x[k] h(t - k)} with {@code h(t) = 2 fc sinc(2 fc t) w(t / K)}, a low-pass at
 * {@code fc = 0.475 * min(fromHz, toHz)} (middle of the transition band from 0.9 to 1.0 of the lower Nyquist
 * frequency) windowed by a Kaiser window of half-width {@code K} input samples. The Kaiser shape {@code beta} and
 * length follow Kaiser's design formulas (Oppenheim and Schafer, "Discrete-Time Signal Processing", section 7.5.3)
 * for {@value #STOPBAND_ATTENUATION_DB} dB stopband attenuation over that transition band: passband ripple below
 * 0.001 dB up to 0.9 of the lower Nyquist frequency, everything above the lower Nyquist frequency (aliases when
 * downsampling, images when upsampling) attenuated by at least {@value #STOPBAND_ATTENUATION_DB} dB (measured by this
 * class's tests). The filter is applied centred on {@code t} (zero phase): the output is time-aligned with the
 * input, with no delay to compensate downstream. Samples before the start and after the end of the stream count as
 * zeros.
 *
 * <p>Coefficients are tabulated once per phase: exactly when {@code up} is small (every common rate pair), otherwise
 * on a fine grid of phases with linear interpolation between neighbouring phases, as Smith's implementation does.
 *
 * <p><b>Streaming.</b> {@link #process} takes blocks of any size and writes the outputs they make computable;
 * {@link #flush} writes the rest at end of stream, for {@code ceil(inputSamples * toHz / fromHz)} outputs in all. The
 * outputs do not depend on how the input was split into blocks, bit for bit. Nothing is allocated after construction.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class Resampler {
    /** Stopband attenuation of the design, in dB. */
    public static final double STOPBAND_ATTENUATION_DB = 90.0;
    /** Passband edge as a fraction of the lower of the two Nyquist frequencies. */
    public static final double PASSBAND_EDGE = 0.9;
    /** Stopband edge as a fraction of the lower of the two Nyquist frequencies. */
    public static final double STOPBAND_EDGE = 1.0;
    /** Up to this many phases the table is exact; beyond it phases are interpolated. */
    private static final int MAX_EXACT_PHASES = 4096;
    /**
     * Phases of an interpolated table. Linear interpolation between phases 1/1024 of a sample apart errs by about
     * {@code (pi * 2 fc / 1024)^2 / 8} relative, below -115 dB for any cutoff (measured: about -118 dB residual).
     */
    private static final int INTERPOLATED_PHASES = 1024;
    /** Coefficient table size limit, in floats. */
    private static final long MAX_TABLE_FLOATS = 1L << 22;
    /** Input samples appended to the history per step. */
    private static final int CHUNK_SAMPLES = 4096;

    private final int fromHz;
    private final int toHz;
    private final int up;
    private final int down;
    private final int halfTaps;
    private final int taps;
    private final int phases;
    private final boolean exactPhases;
    private final float[] table;
    private final float[] history;

    /** Absolute input index of {@code history[0]} (negative while the leading zeros are in it). */
    private long historyStart;
    private int historyLength;
    /** Number of real input samples received. */
    private long inputSamples;
    /** Number of outputs written. */
    private long outputSamples;
    /** floor(outputSamples * down / up) and the remainder: the next output's input time is base + rem / up. */
    private long base;
    private int rem;
    private boolean flushed;

    /**
     * Creates a resampler.
     *
     * @param fromHz input sample rate in Hz, at least 1
     * @param toHz output sample rate in Hz, at least 1
     */
    public Resampler(int fromHz, int toHz) {
        if (fromHz < 1) {
            throw new IllegalArgumentException("fromHz must be >= 1, got " + fromHz);
        }
        if (toHz < 1) {
            throw new IllegalArgumentException("toHz must be >= 1, got " + toHz);
        }
        this.fromHz = fromHz;
        this.toHz = toHz;
        int g = gcd(fromHz, toHz);
        this.up = toHz / g;
        this.down = fromHz / g;
        double lower = Math.min(fromHz, toHz);
        double cutoff = 0.5 * (PASSBAND_EDGE + STOPBAND_EDGE) * lower / 2 / fromHz; // cycles per input sample
        double transition = (STOPBAND_EDGE - PASSBAND_EDGE) * lower / 2 / fromHz;
        double length = (STOPBAND_ATTENUATION_DB - 8) / (2.285 * 2 * Math.PI * transition);
        this.halfTaps = up == down ? 1 : (int) Math.ceil(length / 2); // equal rates: taps {1, 0}, an exact copy
        this.taps = 2 * halfTaps;
        this.exactPhases = up <= MAX_EXACT_PHASES && (long) up * taps <= MAX_TABLE_FLOATS;
        this.phases = exactPhases ? up : INTERPOLATED_PHASES;
        this.table = buildTable(cutoff);
        this.history = new float[taps + CHUNK_SAMPLES];
        reset();
    }

    /**
     * Resamples a whole clip (the same code as streaming: {@link #process} then {@link #flush}).
     *
     * @param in the clip; not modified
     * @param fromHz its sample rate in Hz
     * @param toHz the wanted rate in Hz
     * @return {@code ceil(in.length * toHz / fromHz)} samples at {@code toHz}; a copy of {@code in} when the rates are
     *     equal (streaming at equal rates copies too)
     */
    public static float[] resample(float[] in, int fromHz, int toHz) {
        Objects.requireNonNull(in, "in");
        if (fromHz == toHz && fromHz >= 1) {
            return in.clone();
        }
        Resampler r = new Resampler(fromHz, toHz);
        float[] out = new float[r.maxOutputSamples(in.length) + r.maxFlushSamples()];
        int n = r.process(in, 0, in.length, out, 0);
        n += r.flush(out, n);
        return Arrays.copyOf(out, n);
    }

    /** @return the input rate in Hz */
    public int fromHz() {
        return fromHz;
    }

    /** @return the output rate in Hz */
    public int toHz() {
        return toHz;
    }

    /** @return the filter's half-width in input samples: how far ahead of an output's time input must have arrived */
    public int halfWidthSamples() {
        return halfTaps;
    }

    /**
     * @param inputSamples a number of input samples
     * @return the number of outputs a stream of that many inputs gives in all: {@code ceil(inputSamples * toHz /
     *     fromHz)}
     */
    public long outputLength(long inputSamples) {
        long num = Math.multiplyExact(inputSamples, up);
        return (num + down - 1) / down;
    }

    /**
     * @param inputSamples the length of a block given to {@link #process}
     * @return the most outputs that call can write
     */
    public int maxOutputSamples(int inputSamples) {
        return Math.toIntExact(((long) inputSamples * up + down - 1) / down + 1);
    }

    /** @return the most outputs {@link #flush} can write */
    public int maxFlushSamples() {
        return maxOutputSamples(halfTaps + 1);
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
        requireRoom(out, outOffset, maxOutputSamples(length));
        if (flushed) {
            throw new IllegalStateException("Resampler is flushed; call reset() to start a new stream");
        }
        int written = 0;
        int pos = inOffset;
        int remaining = length;
        while (remaining > 0) {
            int n = append(in, pos, remaining);
            pos += n;
            remaining -= n;
            inputSamples += n;
            written += produce(out, outOffset + written, Long.MAX_VALUE);
        }
        return written;
    }

    /**
     * Ends the stream: writes the remaining outputs, treating the input after its end as zeros.
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
        long total = outputLength(inputSamples);
        int written = 0;
        while (outputSamples < total) {
            append(null, 0, CHUNK_SAMPLES);
            written += produce(out, outOffset + written, total);
        }
        return written;
    }

    /** Forgets the stream; the next sample processed is input sample 0 of a new stream. */
    public void reset() {
        Arrays.fill(history, 0f);
        historyStart = -(halfTaps - 1);
        historyLength = halfTaps - 1;
        inputSamples = 0;
        outputSamples = 0;
        base = 0;
        rem = 0;
        flushed = false;
    }

    /** Appends up to {@code count} samples of {@code in} (zeros when null) to the history; returns how many. */
    private int append(float[] in, int offset, int count) {
        if (historyLength + count > history.length) {
            int drop = (int) Math.min(historyLength, base - halfTaps + 1 - historyStart);
            System.arraycopy(history, drop, history, 0, historyLength - drop);
            historyLength -= drop;
            historyStart += drop;
        }
        int n = Math.min(count, history.length - historyLength);
        if (in == null) {
            Arrays.fill(history, historyLength, historyLength + n, 0f);
        } else {
            System.arraycopy(in, offset, history, historyLength, n);
        }
        historyLength += n;
        return n;
    }

    /** Writes outputs while their input window is in the history, up to output index {@code limit}. */
    private int produce(float[] out, int outOffset, long limit) {
        long available = historyStart + historyLength; // first absolute index not in the history
        int written = 0;
        while (base + halfTaps < available && outputSamples < limit) {
            int first = (int) (base - halfTaps + 1 - historyStart);
            out[outOffset + written++] = (float) interpolate(first);
            outputSamples++;
            base += down / up;
            rem += down % up;
            if (rem >= up) {
                rem -= up;
                base++;
            }
        }
        return written;
    }

    private double interpolate(int first) {
        if (exactPhases) {
            return dot(rem * taps, first);
        }
        double position = (double) rem * phases / up;
        int phase = (int) position;
        double frac = position - phase;
        double a = dot(phase * taps, first);
        return frac == 0 ? a : a + frac * (dot((phase + 1) * taps, first) - a);
    }

    private double dot(int row, int first) {
        double acc = 0;
        for (int j = 0; j < taps; j++) {
            acc += (double) table[row + j] * history[first + j];
        }
        return acc;
    }

    /** Row p (phase p / phases, p in [0, phases]) holds h(p / phases + K - 1 - j) for j in [0, 2K). */
    private float[] buildTable(double cutoff) {
        int rows = exactPhases ? phases : phases + 1;
        float[] t = new float[rows * taps];
        double beta = kaiserBeta(STOPBAND_ATTENUATION_DB);
        double i0Beta = besselI0(beta);
        for (int p = 0; p < rows; p++) {
            double phase = (double) p / phases;
            for (int j = 0; j < taps; j++) {
                double x = phase + halfTaps - 1 - j;
                double r = x / halfTaps;
                double window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
                t[p * taps + j] = up == down ? (x == 0 ? 1f : 0f) : (float) (2 * cutoff * sinc(2 * cutoff * x) * window);
            }
        }
        return t;
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

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static void requireRoom(float[] out, int outOffset, int needed) {
        if (outOffset < 0 || out.length - outOffset < needed) {
            throw new IllegalArgumentException("out needs room for " + needed + " samples from offset " + outOffset
                    + ", has " + (out.length - Math.max(0, outOffset)));
        }
    }

    @Override
    public String toString() {
        return "Resampler[" + fromHz + " Hz -> " + toHz + " Hz, " + taps + " taps, " + phases
                + (exactPhases ? " exact" : " interpolated") + " phases]";
    }
}
