// SPDX-License-Identifier: LGPL-2.1-or-later
// A port of libsoxr (SoX Resampler Library, Copyright (c) 2007-18 robs@users.sourceforge.net), so this file keeps
// libsoxr's license, not the project's Apache-2.0; see NOTICE.
package dev.audioml.core.resample;

import java.util.Arrays;
import java.util.Objects;

/**
 * A streaming sample-rate converter that computes what libsoxr computes (python-soxr 1.1's bundled libsoxr 0.1.3 fork,
 * the resampler behind {@code librosa.load(path, sr=...)} and {@code librosa.resample(res_type="soxr_hq")}), in pure
 * Java, for the linear-phase quality recipes {@link SoxrQuality}.
 *
 * <p><b>What is ported, function by function</b> (libsoxr {@code src/}):
 * <ul>
 *   <li>{@code soxr_quality_spec} (soxr.c): precision, pass-band end and roll-off of each recipe;</li>
 *   <li>{@code _soxr_init} (cr.c): the choice of stages — {@code shr} half-band decimations by 2, a pre stage
 *       ({@code preL/preM}), an arbitrary-ratio poly-phase stage ({@code arbL/arbM}, exact phases for a rational
 *       ratio found by the same search up to the same bound, otherwise interpolated coefficients on a
 *       {@code 2^phase_bits} grid), and a post stage ({@code postL/postM}); the attenuation budget per stage;</li>
 *   <li>{@code lsx_design_lpf}, {@code lsx_kaiser_params}, {@code lsx_kaiser_beta}, {@code lsx_make_lpf},
 *       {@code lsx_f_resp}, {@code lsx_inv_f_resp} (filter.c): the Kaiser-windowed sinc designs, tap counts and
 *       roll-off of every stage;</li>
 *   <li>{@code dft_stage_init}/{@code dft_stage_fn} (cr.c): the pre/post FIR stages, as overlap-save FFT
 *       convolutions of libsoxr's {@code set_dft_length}, with the same zero pre-load ({@code post_peak / L}) and phase
 *       ({@code post_peak % L}), libsoxr's power-of-two up-sampling by spectrum repetition and its frequency-domain
 *       ("F-domain", {@code rdft_convolve_portion}) decimation by 2 or 4;</li>
 *   <li>{@code half-fir.h} with {@code half-coefs.h}: the fixed half-band decimators;</li>
 *   <li>{@code prepare_poly_fir_coefs} (cr.c), {@code poly-fir0.h} and {@code poly-fir.h} ({@code stdPrecCore}, the
 *       32.32 fixed-point clock): the poly-phase stage, bit for bit in its indexing;</li>
 *   <li>{@code cubic_stage_fn} (cr-core.c): the {@code QQ} cubic interpolator;</li>
 *   <li>{@code _soxr_flush} (cr.c): a stream of {@code n} inputs gives {@code (long) (n / ioRatio + 0.5)} outputs.</li>
 * </ul>
 * Quality {@code VHQ} (precision 28) runs libsoxr's double-precision engine {@code cr64s} with its half-band tables
 * ({@code half_fir_coefs_8} to {@code _13}); the others its single-precision {@code cr32s} (tables 8 and 9, and
 * coefficients rounded to float as cr32s stores them). The stream between stages is float, as in cr32s (and as the
 * output is); the DFT stages run their FFTs in single precision for the {@code cr32s} qualities
 * ({@code FloatFftConvolver}, as libsoxr's PFFFT) and in double for {@code VHQ}; the rational poly-phase stage sums in
 * float for {@code cr32s} (as {@code poly-fir0.h} does there) and in double for {@code VHQ}; the half-band,
 * interpolated poly-phase and cubic stages sum in double. Only linear phase (libsoxr's and python-soxr's default) is
 * ported.
 *
 * <p><b>Streaming.</b> {@link #process} takes blocks of any size; {@link #flush} ends the stream. The outputs do not
 * depend on the block sizes. Nothing is allocated after construction.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.2
 */
public final class SoxrResampler {
    private static final double MULT32 = 65536.0 * 65536.0;
    private static final double LQ_BW0 = 1385 / 2048.0;
    private static final int U100_L = 42;
    private static final int COEF_SIZE_KBYTES = 400;
    /** Input samples given to the first stage per step (bounds every stage's buffer). */
    private static final int CHUNK = 2048;
    /** The rational poly-phase stage's dot products: on vectors where {@code jdk.incubator.vector} is present. */
    private static final FftPasses KERNELS = FftPasses.best();

    /** {@code half_fir_coefs_8} and {@code _9} of half-coefs.h (cr32s has 8 and 9; cr64s 8 .. 13). */
    private static final double[][] HALF_FIR_COEFS = {
        {3.1154652365332069e-01, -8.7344917685739543e-02, 3.6814458353637280e-02, -1.5189204581464479e-02,
            5.4540855610738801e-03, -1.5643862626630416e-03, 3.1816575906323303e-04, -3.4799449225005688e-05},
        {3.1227034755311189e-01, -8.9221517147969526e-02, 3.9139704015071934e-02, -1.7250558515852023e-02,
            6.8589440230476112e-03, -2.3045049636430419e-03, 6.0963740543348963e-04, -1.1323803957431231e-04,
            1.1197769991000046e-05},
        {3.1285456012000523e-01, -9.0756740799292787e-02, 4.1096398104193160e-02, -1.9066319572525220e-02,
            8.1840569787684902e-03, -3.0766876176359834e-03, 9.6396524429277980e-04, -2.3585679989922018e-04,
            4.0252189026627833e-05, -3.6298196342497932e-06},
        {3.1333588822574199e-01, -9.2035898673019811e-02, 4.2765169698406408e-02, -2.0673580894964429e-02,
            9.4225426824512421e-03, -3.8563379950013192e-03, 1.3634742159642453e-03, -3.9874150714431009e-04,
            9.0586723632664806e-05, -1.4285617244076783e-05, 1.1834642946400529e-06},
        {3.1373928463345568e-01, -9.3118180335301962e-02, 4.4205005881659098e-02, -2.2103860986973051e-02,
            1.0574689371162864e-02, -4.6276428065385065e-03, 1.7936153397572132e-03, -5.9617527051353237e-04,
            1.6314517495669067e-04, -3.4555126770115446e-05, 5.0617615610782593e-06, -3.8768958592971409e-07},
        {3.1408224847888910e-01, -9.4045836332667387e-02, 4.5459878763259978e-02, -2.3383369012219993e-02,
            1.1644273044890753e-02, -5.3806714579057013e-03, 2.2429072878264022e-03, -8.2204347506606424e-04,
            2.5724946477840893e-04, -6.6072709864248668e-05, 1.3099163296288644e-05, -1.7907147069136000e-06,
            1.2750825595240592e-07},
    };
    /** Attenuation of each half-band table ({@code half_firs[]} of cr-core.c). */
    private static final float[] HALF_FIR_ATT = {136.51f, 152.32f, 168.08f, 183.79f, 199.46f, 215.12f};

    /**
     * {@code poly_firs[]} of cr-core.c for the SIMD cores (cr32s/cr64s): {beta, scalar1, order1, scalar2, order2}; the
     * first interpolation level ({@code vpoly0}) has scalar 0 everywhere, so its tap count is designed.
     */
    private static final float[][] POLY_FIRS = {
        {-1, 7.2f, 1, 5.0f, 2}, {-1, 9.4f, 1, 6.7f, 2}, {-1, 12.4f, 1, 7.8f, 2}, {-1, 13.6f, 1, 9.3f, 2},
        {-1, 10.5f, 2, 8.4f, 3}, {-1, 11.85f, 2, 9.0f, 3},
        {-1, 8.0f, 1, 5.3f, 2}, {-1, 8.6f, 1, 5.7f, 2}, {-1, 10.6f, 1, 6.75f, 2}, {-1, 12.6f, 1, 8.6f, 2},
        {-1, 9.6f, 2, 7.6f, 3}, {-1, 11.4f, 2, 8.65f, 3},
        {10.62f, 0, 0, 0, 0}, {-1, 8, 1, 6, 2},
        {-1, 9, 1, 6, 2}, {-1, 11, 1, 7, 2}, {-1, 13, 1, 8, 2}, {-1, 10, 2, 8, 3}, {-1, 12, 2, 9, 3},
    };

    private final double inRateHz;
    private final double outRateHz;
    private final double ioRatio;
    private final SoxrQuality quality;
    private final Stage[] stages;
    /** Scratch between stages: {@code scratch[i]} holds stage i's output for one step. */
    private final float[][] scratch;
    private final float[] zeros = new float[CHUNK];
    private final String layout;
    /** Input samples given to the first stage per step. */
    private final int chunk;

    private long inputSamples;
    private long outputSamples;
    private boolean flushed;

    /**
     * Creates a converter.
     *
     * @param inRateHz input sample rate in Hz, positive and finite
     * @param outRateHz output sample rate in Hz, positive and finite
     * @param quality the libsoxr recipe
     * @throws IllegalArgumentException for a rate that is not positive, or a ratio libsoxr refuses
     */
    public SoxrResampler(double inRateHz, double outRateHz, SoxrQuality quality) {
        if (!(inRateHz > 0) || Double.isInfinite(inRateHz)) {
            throw new IllegalArgumentException("inRateHz must be positive and finite, got " + inRateHz);
        }
        if (!(outRateHz > 0) || Double.isInfinite(outRateHz)) {
            throw new IllegalArgumentException("outRateHz must be positive and finite, got " + outRateHz);
        }
        this.inRateHz = inRateHz;
        this.outRateHz = outRateHz;
        this.quality = Objects.requireNonNull(quality, "quality");
        this.ioRatio = inRateHz / outRateHz;
        Builder b = new Builder(ioRatio, quality);
        this.stages = b.stages.toArray(new Stage[0]);
        this.layout = b.layout;
        this.scratch = new float[stages.length][];
        // inputs per step: CHUNK, fewer when stages multiply the rate, so that no scratch exceeds ~CHUNK samples
        double gain = 1;
        double maxGain = 1;
        for (Stage st : stages) {
            gain *= st.outInRatio();
            maxGain = Math.max(maxGain, gain);
        }
        this.chunk = (int) Math.max(1, Math.min(CHUNK, Math.floor(CHUNK / maxGain)));
        int in = chunk;
        for (int i = 0; i < stages.length; i++) {
            stages[i].allocate(in);
            in = stages[i].maxOutput(in);
            scratch[i] = new float[in];
        }
        reset();
    }

    /** @return the input rate in Hz */
    public double inRateHz() {
        return inRateHz;
    }

    /** @return the output rate in Hz */
    public double outRateHz() {
        return outRateHz;
    }

    /** @return the quality recipe */
    public SoxrQuality quality() {
        return quality;
    }

    /**
     * @param inputSamples a stream length in input samples
     * @return the outputs such a stream gives in all, as libsoxr's {@code _soxr_flush}: {@code (long) (n / ioRatio +
     *     0.5)}
     */
    public long outputLength(long inputSamples) {
        return (long) ((double) inputSamples / ioRatio + .5);
    }

    /**
     * @param inputSamples the length of a block given to {@link #process}
     * @return the most outputs that call can write
     */
    public int maxOutputSamples(int inputSamples) {
        return Math.toIntExact((long) Math.ceil(inputSamples / ioRatio) + 2 + bufferedOutputs());
    }

    /** @return the most outputs {@link #flush} can write */
    public int maxFlushSamples() {
        return Math.toIntExact(bufferedOutputs() + 2);
    }

    /** Upper bound of the outputs held back in the stages' look-ahead. */
    private long bufferedOutputs() {
        double delayIn = 0;
        double rate = 1;
        for (Stage s : stages) {
            delayIn += s.lookahead() / rate;
            rate *= s.outInRatio();
        }
        return (long) Math.ceil(delayIn / ioRatio) + 2L * stages.length + 2;
    }

    /**
     * Consumes {@code in[inOffset, inOffset + length)} and writes the outputs they make computable.
     *
     * @param in input samples; read-only, not retained
     * @param inOffset first index to read
     * @param length number of input samples, at least 0
     * @param out destination with room for {@link #maxOutputSamples maxOutputSamples(length)} samples
     * @param outOffset first index to write
     * @return the number of samples written
     * @throws IllegalStateException after {@link #flush} (until {@link #reset})
     */
    public int process(float[] in, int inOffset, int length, float[] out, int outOffset) {
        Objects.checkFromIndexSize(inOffset, length, in.length);
        if (flushed) {
            throw new IllegalStateException("SoxrResampler is flushed; call reset() to start a new stream");
        }
        requireRoom(out, outOffset, maxOutputSamples(length));
        int written = 0;
        int pos = inOffset;
        int end = inOffset + length;
        while (pos < end) {
            int n = Math.min(chunk, end - pos);
            written += step(in, pos, n, out, outOffset + written, Long.MAX_VALUE);
            pos += n;
            inputSamples += n;
        }
        return written;
    }

    /**
     * Ends the stream: feeds zeros until {@link #outputLength} outputs have been written in all.
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
            written += step(zeros, 0, chunk, out, outOffset + written, total);
        }
        return written;
    }

    /**
     * A whole stream into {@code out} (from 0), without the per-call room bounds: at most {@code out.length} outputs are
     * written in all (libsoxr's {@code round(n / ioRatio)} when it fits). For batch use by {@link Resampler}.
     *
     * @return the number of samples written
     */
    int resampleInto(float[] in, float[] out) {
        reset();
        long limit = Math.min(out.length, outputLength(in.length));
        int written = 0;
        for (int pos = 0; pos < in.length; pos += chunk) {
            int n = Math.min(chunk, in.length - pos);
            written += step(in, pos, n, out, written, limit);
            inputSamples += n;
        }
        flushed = true;
        while (outputSamples < limit) {
            written += step(zeros, 0, chunk, out, written, limit);
        }
        return written;
    }

    /** Forgets the stream. */
    public void reset() {
        for (Stage s : stages) {
            s.reset();
        }
        inputSamples = 0;
        outputSamples = 0;
        flushed = false;
    }

    private int step(float[] in, int off, int n, float[] out, int outOffset, long limit) {
        float[] src = in;
        int from = off;
        int count = n;
        for (int i = 0; i < stages.length; i++) {
            stages[i].write(src, from, count);
            count = stages[i].produce(scratch[i]);
            src = scratch[i];
            from = 0;
        }
        int keep = (int) Math.min(count, limit - outputSamples);
        if (keep > 0) {
            System.arraycopy(src, from, out, outOffset, keep);
            outputSamples += keep;
            return keep;
        }
        return 0;
    }

    private static void requireRoom(float[] out, int outOffset, int needed) {
        if (outOffset < 0 || out.length - outOffset < needed) {
            throw new IllegalArgumentException("out needs room for " + needed + " samples from offset " + outOffset
                    + ", has " + (out.length - Math.max(0, outOffset)));
        }
    }

    @Override
    public String toString() {
        return "SoxrResampler[" + inRateHz + " Hz -> " + outRateHz + " Hz, " + quality.resType() + ", " + layout + "]";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Design: soxr_quality_spec (soxr.c) and _soxr_init (cr.c).

    private static final class Builder {
        final java.util.List<Stage> stages = new java.util.ArrayList<>();
        String layout;

        Builder(double ioRatio, SoxrQuality q) {
            // soxr_quality_spec(recipe, 0)
            int quality = q.recipe();
            double precision = quality == 0 ? 0 : quality <= 3 ? 16 : 4 + quality * 4;
            double rej = precision * linearToDb(2.);
            int rolloff = 0; // SOXR_ROLLOFF_SMALL
            double passbandEnd = quality == 1 ? LQ_BW0 : 1 - .05 / toThreeDb(rej);
            if (quality <= 2) {
                rolloff = 1; // SOXR_ROLLOFF_MEDIUM
            }
            double phaseResponse = 50;
            boolean dbl = precision > 20; // cr64s
            int halfFirStart = 0; // both SIMD cores start at half_fir_coefs_8
            int halfFirCount = dbl ? 6 : 2;

            // _soxr_init
            double bits = precision;
            double fp0 = passbandEnd;
            double fs0 = 1;
            double tbw0 = fs0 - fp0;
            double arbM = ioRatio;
            double fp1 = fp0;
            double fs1 = fs0;
            double bits1 = Math.min(bits, 33);
            double att = (bits1 + 1) * linearToDb(2.);
            double attArb = att;
            int preL = 1;
            int preM = 1;
            int shr = 0;
            int arbL = 1;
            int postL = 1;
            int postM = 1;
            boolean upsample = false;
            boolean rational = false;
            boolean iOpt = true;
            boolean lqBits = bits == 16;
            boolean lqFp0 = fp0 == LQ_BW0;
            int sizeofReal = dbl ? 8 : 4;
            int mode = lqBits && rolloff == 1
                    ? (ioRatio > 1 || phaseResponse != 50 || !lqFp0 || fs0 != 1 ? 1 : 0)
                    : ((int) Math.ceil(bits1) - 6) / 4;
            double tolerance = 1 + 1e-5;
            if (ioRatio < 1 && fs0 - 1 > 1 - fp0 / tolerance) {
                throw new IllegalArgumentException("soxr: imaging greater than rolloff");
            }
            if (.002 / tolerance > tbw0 || tbw0 > .5 * tolerance) {
                throw new IllegalArgumentException("soxr: transition bandwidth not in [0.2,50] % of nyquist");
            }
            int n = 0;
            int i;
            if (bits != 0) {
                while (n++ == 0) { // Determine stages:
                    int maxL = mode != 0 ? 2048 : (int) Math.ceil(COEF_SIZE_KBYTES * 1000. / (U100_L * sizeofReal));
                    double d;
                    double epsilon = 0;
                    double frac;
                    upsample = arbM < 1;
                    for (i = (int) (.5 * arbM), shr = 0; (i >>= 1) != 0; arbM *= .5, ++shr) {
                        // halve
                    }
                    preM = upsample || (arbM > 1.5 && arbM < 2) ? 1 : 0;
                    postM = 1 + (arbM > 1 && preM != 0 ? 1 : 0);
                    arbM /= postM;
                    preL = 1 + (preM == 0 && arbM < 2 ? 1 : 0) + (upsample && mode != 0 ? 1 : 0);
                    arbM *= preL;
                    if ((frac = arbM - (int) arbM) != 0) {
                        epsilon = Math.abs(Math.floor(frac * MULT32 + .5) / (frac * MULT32) - 1);
                    }
                    for (i = 1, rational = frac == 0; i <= maxL && !rational; ++i) {
                        d = frac * i;
                        int tr = (int) (d + .5);
                        if (rational = Math.abs(tr / d - 1) <= epsilon) {
                            if (tr == i) {
                                arbM = Math.ceil(arbM);
                                int x = arbM > 3 ? 1 : 0;
                                shr += x;
                                arbM /= 1 + x;
                            } else {
                                arbM = i * (int) arbM + tr;
                                arbL = i;
                            }
                        }
                    }
                    int lL = preL * arbL;
                    int mM = (int) (arbM * postM);
                    int x = (lL | mM) & 1;
                    if (x == 0) {
                        lL >>= 1;
                        mM >>= 1;
                    }
                    if (iOpt && postL == 1 && (d = preL * arbL / arbM) > 4 && d != 5) {
                        for (postL = 4, i = (int) (d / 16); (i >>= 1) != 0 && postL < 256; postL <<= 1) {
                            // grow
                        }
                        arbM = arbM * postL / arbL / preL;
                        arbL = 1;
                        n = 0;
                    } else if (rational && (Math.max(lL, mM) < 3 + 2 * (iOpt ? 1 : 0) || lL * mM < 6 * (iOpt ? 1 : 0))) {
                        preL = lL;
                        preM = mM;
                        arbM = 1;
                        arbL = 1;
                        postM = 1;
                    }
                    if (mode == 0 && (!rational || n == 0)) {
                        ++mode;
                        n = 0;
                    }
                }
            }
            boolean havePre = preM * preL != 1;
            boolean haveArb = arbM * arbL != 1;
            boolean havePost = postM * postL != 1;
            int numStages = shr + (havePre ? 1 : 0) + (haveArb ? 1 : 0) + (havePost ? 1 : 0);
            double alpha = postM / (ioRatio * postL);
            if ((n = numStages) > 1) { // Att. budget:
                if (haveArb) {
                    att += linearToDb(2.);
                    attArb = att;
                    --n;
                }
                att += linearToDb(n);
            }
            int half = halfFirStart;
            while (half + 1 < halfFirStart + halfFirCount && att > HALF_FIR_ATT[half]) {
                half++;
            }
            for (i = 0; i < shr; i++) {
                stages.add(new HalfStage(HALF_FIR_COEFS[half], dbl));
            }
            StringBuilder lay = new StringBuilder(">>" + shr);
            if (havePre) {
                double fn1 = preM != 0 ? Math.max(preL, preM) : arbM / arbL;
                stages.add(DftStage.create(fp1, fs1, fn1, att, preL, Math.max(preM, 1), dbl));
                lay.append(" pre ").append(preL).append('/').append(Math.max(preM, 1));
                fp1 /= fn1;
                fs1 /= fn1;
            }
            if (bits == 0 && haveArb) {
                stages.add(new CubicStage(arbM));
                lay.append(" cubic ").append(arbM);
            } else if (haveArb) {
                float[] rolloffs = {-.01f, -.3f, 0, -.103f};
                float[] f = POLY_FIRS[6 * ((upsample ? 1 : 0) + (preM != 0 ? 1 : 0)) + mode - (upsample ? 0 : 1)];
                int order;
                int numCoefs = 0;
                int phaseBits;
                int phases;
                double fp = fp1;
                double fs;
                double fn;
                double mult = upsample ? 1 : arbM / arbL;
                if (!upsample && preM != 0) {
                    fn = 2 * mult;
                    fs = 3 + Math.abs(fs1 - 1);
                } else {
                    fn = 1;
                    fs = 2 - (mode != 0 ? fp1 + (fs1 - fp1) * .7 : fs1);
                }
                if (mode != 0) {
                    fp = fs - (fs - fp) / (1 - invFResp(rolloffs[rolloff], attArb));
                }
                double beta = f[0];
                i = (rational ? 0 : 1) - 1;
                long coefsSize;
                double phase0;
                do {
                    ++i;
                    float scalar = i == 0 ? 0 : f[2 * i - 1];
                    if (i != 0) {
                        arbM /= arbL;
                        arbL = 1;
                        rational = false;
                    }
                    phaseBits = (int) Math.ceil(scalar - Math.log(mult) / Math.log(2.));
                    phases = !rational ? (1 << phaseBits) : arbL;
                    int phases0 = Math.max(phases, 19);
                    int n0 = designTaps(fp, fs, -fn, attArb, phases0, beta);
                    numCoefs = n0 / phases0 + 1;
                    numCoefs += numCoefs & (preM == 0 ? 1 : 0);
                    if ((numCoefs & 1) != 0 && rational && (arbL & 1) != 0) {
                        phases <<= 1;
                        arbL <<= 1;
                        arbM *= 2;
                    }
                    phase0 = .5 * (numCoefs & 1);
                    order = i + (i != 0 && mode > 4 ? 1 : 0);
                    int numCoefs4 = (numCoefs + 3) & ~3;
                    coefsSize = (long) numCoefs4 * phases * (order + 1) * sizeofReal;
                } while (i < 2 && f[2 * (i + 1) - 1] != 0 && coefsSize / 1000 > COEF_SIZE_KBYTES);
                int numTaps = numCoefs * phases - 1;
                double[] coefs = designLpf(fp, fs, fn, attArb, numTaps, phases, beta);
                double at = arbL * phase0;
                stages.add(new PolyStage(coefs, numCoefs, phases, order, phaseBits, arbL, arbM, at, rational, dbl));
                lay.append(" arb ").append(arbL).append('/').append(arbM).append(" taps ").append(numCoefs)
                        .append(" phases ").append(phases).append(" order ").append(order);
            }
            if (havePost) {
                stages.add(DftStage.create(fp0 / (upsample ? alpha : 1),
                        upsample ? Math.max(2 - fs0 / alpha, 1) : fs0, Math.max(postL, postM), att, postL, postM, dbl));
                lay.append(" post ").append(postL).append('/').append(postM);
            }
            layout = lay.toString();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // filter.c

    static double linearToDb(double x) {
        return Math.log10(x) * 20;
    }

    /** {@code lsx_to_3dB}. */
    static double toThreeDb(double a) {
        return 1 - invFResp(-3., a);
    }

    private static double sinePhi(double x) {
        return ((2.0517e-07 * x - 1.1303e-04) * x + .023154) * x + .55924;
    }

    private static double sinePsi(double x) {
        return ((9.0667e-08 * x - 5.6114e-05) * x + .013658) * x + 1.0977;
    }

    private static double sinePow(double x) {
        return Math.log(.5) / Math.log(Math.sin(x * .5));
    }

    /** {@code lsx_f_resp}. */
    static double fResp(double t, double a) {
        double x;
        if (t > (a <= 160 ? .8 : .82)) {
            double a1 = a + 15;
            double p = .00035 * a + .375;
            double w = 1 / (1 - .597) * Math.asin(Math.pow((a1 - 10.6) / a1, 1 / p));
            double c = 1 + Math.asin(Math.pow(1 - a / a1, 1 / p)) / w;
            return a1 * (Math.pow(Math.sin((c - t) * w), p) - 1);
        }
        if (t > .5) {
            x = sinePsi(a);
            x = Math.pow(Math.sin((1 - t) * x), sinePow(x));
        } else {
            x = sinePhi(a);
            x = 1 - Math.pow(Math.sin(t * x), sinePow(x));
        }
        return linearToDb(x);
    }

    /** {@code lsx_inv_f_resp}. */
    static double invFResp(double drop, double a) {
        double x = sinePhi(a);
        double s;
        drop = Math.exp(drop * (Math.log(10) * 0.05));
        s = drop > .5 ? 1 - drop : drop;
        x = Math.asin(Math.pow(s, 1 / sinePow(x))) / x;
        return drop > .5 ? x : 1 - x;
    }

    /** {@code lsx_kaiser_beta}. */
    static double kaiserBeta(double att, double trBw) {
        if (att >= 60) {
            double[][] coefs = {
                {-6.784957e-10, 1.02856e-05, 0.1087556, -0.8988365 + .001},
                {-6.897885e-10, 1.027433e-05, 0.10876, -0.8994658 + .002},
                {-1.000683e-09, 1.030092e-05, 0.1087677, -0.9007898 + .003},
                {-3.654474e-10, 1.040631e-05, 0.1087085, -0.8977766 + .006},
                {8.106988e-09, 6.983091e-06, 0.1091387, -0.9172048 + .015},
                {9.519571e-09, 7.272678e-06, 0.1090068, -0.9140768 + .025},
                {-5.626821e-09, 1.342186e-05, 0.1083999, -0.9065452 + .05},
                {-9.965946e-08, 5.073548e-05, 0.1040967, -0.7672778 + .085},
                {1.604808e-07, -5.856462e-05, 0.1185998, -1.34824 + .1},
                {-1.511964e-07, 6.363034e-05, 0.1064627, -0.9876665 + .18},
            };
            double realm = Math.log(trBw / .0005) / Math.log(2.);
            double[] c0 = coefs[Math.min(Math.max((int) realm, 0), coefs.length - 1)];
            double[] c1 = coefs[Math.min(Math.max(1 + (int) realm, 0), coefs.length - 1)];
            double b0 = ((c0[0] * att + c0[1]) * att + c0[2]) * att + c0[3];
            double b1 = ((c1[0] * att + c1[1]) * att + c1[2]) * att + c1[3];
            return b0 + (b1 - b0) * (realm - (int) realm);
        }
        if (att > 50) {
            return .1102 * (att - 8.7);
        }
        if (att > 20.96) {
            return .58417 * Math.pow(att - 20.96, .4) + .07886 * (att - 20.96);
        }
        return 0;
    }

    /** {@code lsx_design_lpf} with {@code *num_taps == 0}: the estimated tap count only. */
    static int designTaps(double fp, double fs, double fn, double att, int k, double beta) {
        return (int) design(fp, fs, fn, att, 0, k, beta)[0];
    }

    /** {@code lsx_design_lpf}: the taps ({@code numTaps} > 0 given, or 0 to estimate). */
    static double[] designLpf(double fp, double fs, double fn, double att, int numTaps, int k, double beta) {
        double[] p = design(fp, fs, fn, att, numTaps, k, beta);
        return makeLpf((int) p[0], p[1], p[2], p[3], Math.max(k, 1));
    }

    /** @return {numTaps, Fc, beta, rho} as lsx_design_lpf computes them */
    private static double[] design(double fp, double fs, double fn, double att, int numTaps, int k, double beta) {
        int n = numTaps;
        int phases = Math.max(k, 1);
        int modulo = Math.max(-k, 1);
        double rho = phases == 1 ? .5 : att < 120 ? .63 : .75;
        fp /= Math.abs(fn);
        fs /= Math.abs(fn);
        double trBw = .5 * (fs - fp);
        trBw /= phases;
        fs /= phases;
        trBw = Math.min(trBw, .5 * fs);
        double fc = fs - trBw;
        // lsx_kaiser_params
        beta = beta < 0 ? kaiserBeta(att, trBw * .5 / fc) : beta;
        double a = att < 60 ? (att - 7.95) / (2.285 * Math.PI * 2)
                : ((.0007528358 - 1.577737e-05 * beta) * beta + .6248022) * beta + .06186902;
        int taps = n == 0 ? (int) Math.ceil(a / trBw + 1) : n;
        if (n == 0) {
            taps = phases > 1 ? taps / phases * phases + phases - 1 : (taps + modulo - 2) / modulo * modulo + 1;
        }
        return new double[] {taps, fc, beta, rho};
    }

    /** {@code lsx_make_lpf}. */
    static double[] makeLpf(int numTaps, double fc, double beta, double rho, double scale) {
        int m = numTaps - 1;
        double[] h = new double[numTaps];
        double mult = scale / Resampler.besselI0(beta);
        double mult1 = 1 / (.5 * m + rho);
        for (int i = 0; i <= m / 2; ++i) {
            double z = i - .5 * m;
            double x = z * Math.PI;
            double y = z * mult1;
            h[i] = x != 0 ? Math.sin(fc * x) / x : fc;
            h[i] *= Resampler.besselI0(beta * Math.sqrt(1 - y * y)) * mult;
            if (m - i != i) {
                h[m - i] = h[i];
            }
        }
        return h;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Stages. Each holds its input stream z (the pre-load zeros, then the samples written to it) in buf[0, end), with
    // buf[0] at absolute index base. Streams are float, as libsoxr's cr32s streams are (and its output); the DFT
    // stages of VHQ (cr64s) transform in double, the half-band, poly-phase and cubic stages sum in double.

    private abstract static class Stage {
        float[] buf;
        int end;
        /** Absolute index (in z) of buf[0]. */
        long base;

        /** Sizes the buffer for steps of up to {@code maxIn} inputs. */
        void allocate(int maxIn) {
            buf = new float[history() + maxIn + 8];
        }

        /** @return samples that stay in the buffer between steps, at most */
        abstract int history();

        /** @return inputs needed beyond an output's time (for the buffered-output bound) */
        abstract double lookahead();

        abstract double outInRatio();

        int maxOutput(int maxIn) {
            return (int) Math.ceil((maxIn + history()) * outInRatio()) + 4;
        }

        /** Drops samples before absolute index {@code keepFrom}. */
        final void discardBefore(long keepFrom) {
            int drop = (int) (keepFrom - base);
            if (drop > 0) {
                System.arraycopy(buf, drop, buf, 0, end - drop);
                end -= drop;
                base += drop;
            }
        }

        final void write(float[] src, int off, int n) {
            System.arraycopy(src, off, buf, end, n);
            end += n;
        }

        /** Writes every computable output to {@code out} from 0; returns how many. */
        abstract int produce(float[] out);

        /** Restarts: clears the buffer and writes {@code preload} zeros. */
        abstract void reset();

        final void resetWithZeros(int zeros) {
            Arrays.fill(buf, 0);
            end = zeros;
            base = 0;
        }
    }

    /** half-fir.h: decimate by 2 with an odd-length half-band FIR; pre = pre-load = 2n. */
    private static final class HalfStage extends Stage {
        private final double[] c;
        private final int n;
        /** Absolute index of the next output's first input (fifo read pointer). */
        private long rd;

        HalfStage(double[] coefs, boolean dbl) {
            this.n = coefs.length;
            this.c = new double[n];
            for (int j = 0; j < n; j++) {
                c[j] = sampleT(coefs[j], dbl);
            }
        }

        @Override
        int history() {
            return 4 * n + 2;
        }

        @Override
        double lookahead() {
            return 2 * n;
        }

        @Override
        double outInRatio() {
            return .5;
        }

        @Override
        int produce(float[] out) {
            int k = 0;
            float[] z = buf;
            int p = (int) (rd - base);
            while (p + 4 * n < end) {
                int ctr = p + 2 * n;
                double sum = z[ctr] * .5;
                for (int j = 0; j < n; j++) {
                    sum += (z[ctr - (2 * j + 1)] + z[ctr + (2 * j + 1)]) * c[j];
                }
                out[k++] = (float) sum;
                p += 2;
            }
            rd = base + p;
            discardBefore(rd);
            return k;
        }

        @Override
        void reset() {
            resetWithZeros(2 * n);
            rd = 0;
        }
    }

    /**
     * dft_stage_init/dft_stage_fn: up by L (zero-stuffing), FIR h (odd length T = 2c + 1, scaled by L), down by M;
     * input sample j of the stream sits at up-sampled position c + L j (libsoxr's pre-load {@code post_peak / L} and
     * phase {@code post_peak % L}), output m at up-sampled position m M, so the stage has no delay. Overlap-save with a
     * real FFT of libsoxr's {@code set_dft_length(T)}: each block computes B = dftLength - T + 1 up-sampled outputs.
     * As libsoxr, a power-of-two L transforms only the block's input samples (the zero-stuffed block's spectrum is
     * theirs repeated L times), and M = 2 or 4 keeps the lowest dftLength / M bins and inverts at that size (libsoxr's
     * F-domain decimation), when the block and the filter length keep the phases aligned (libsoxr designs T = 1 mod 2L
     * or 4 for that) and, as in libsoxr, the stop-band starts at the new Nyquist frequency.
     */
    private static final class DftStage extends Stage {
        private final int upL;
        private final int downM;
        private final int numTaps;
        private final int c;
        private final int dftLength;
        private final int block;
        /** L handled in the frequency domain (1: zero-stuffed block transformed at full size). */
        private final int fL;
        /** M handled in the frequency domain (1: full inverse, every M-th output picked). */
        private final int fM;
        private final DftConvolver full;
        private final DftConvolver fwd;
        private final DftConvolver inv;
        private final float[] work;
        /** Up-sampled position of the next block's first output. */
        private long p0;

        static DftStage create(double fp, double fs, double fn, double att, int l, int m, boolean dbl) {
            int k = isPowerOf2(l) && fn == l ? l << 1 : 4;
            double[] h = designLpf(fp, fs, fn, att, 0, -k, -1.);
            boolean fDomainM = Math.abs(3 - m) == 1 && fs <= 1; // dft_stage_init's f_domain_m
            return new DftStage(h, l, m, dbl, fDomainM);
        }

        DftStage(double[] h, int l, int m, boolean dbl, boolean fDomainM) {
            this.upL = l;
            this.downM = m;
            this.numTaps = h.length;
            this.c = numTaps / 2; // post_peak
            this.dftLength = dftLength(numTaps, 10, 17);
            this.block = dftLength - numTaps + 1;
            double[] scaled = new double[numTaps];
            for (int i = 0; i < numTaps; i++) {
                scaled[i] = sampleT(h[i] * l, dbl);
            }
            this.full = DftConvolver.of(scaled, dftLength, dbl);
            boolean lAligned = l > 1 && isPowerOf2(l) && c % l == 0 && block % l == 0 && dftLength / l >= 4;
            boolean mAligned = fDomainM && block % m == 0 && (numTaps - 1) % m == 0 && dftLength / m >= 4;
            this.fL = lAligned ? l : 1;
            this.fM = mAligned ? m : 1;
            this.fwd = fL > 1 ? DftConvolver.of(new double[0], dftLength / fL, dbl) : full;
            this.inv = fM > 1 ? DftConvolver.of(new double[0], dftLength / fM, dbl) : full;
            this.work = new float[dftLength];
        }

        /** set_dft_length (cr.c) with libsoxr's default log2 minimum (10) and large (17) sizes. */
        private static int dftLength(int numTaps, int min, int large) {
            double d = Math.log(numTaps) / Math.log(2.);
            return 1 << Math.min(Math.max((int) (d + 2.77), min), Math.max((int) (d + 1.77), large));
        }

        @Override
        int history() {
            return dftLength / upL + 2;
        }

        @Override
        double lookahead() {
            return (double) dftLength / upL + 1;
        }

        @Override
        double outInRatio() {
            return (double) upL / downM;
        }

        @Override
        int maxOutput(int maxIn) {
            return (int) Math.ceil((maxIn + history()) * outInRatio()) + block / downM + 4;
        }

        @Override
        int produce(float[] out) {
            int k = 0;
            long received = base + end; // absolute input samples in the buffer's range
            while (true) {
                long lastPos = p0 + dftLength - 1;
                long jNeed = Math.floorDiv(lastPos - c, upL);
                if (jNeed >= received) {
                    break;
                }
                if (fL > 1) {
                    // the block's input samples only: u[p0 + L q] = x[(p0 - c) / L + q]
                    int nf = dftLength / fL;
                    long j0 = Math.floorDiv(p0 - c, upL);
                    int lead = (int) Math.min(nf, Math.max(0, -j0)); // positions before the stream: zeros
                    if (lead == 0) {
                        fwd.forward(buf, (int) (j0 - base));
                    } else {
                        java.util.Arrays.fill(work, 0, lead, 0f);
                        System.arraycopy(buf, (int) (j0 + lead - base), work, lead, nf - lead);
                        fwd.forward(work, 0);
                    }
                    full.repeatSpectrumOf(fwd);
                } else if (upL == 1 && p0 - c >= base) {
                    // the block is buf's samples from p0 - c as they are: transform them in place of a copy
                    full.forward(buf, (int) (p0 - c - base));
                } else {
                    java.util.Arrays.fill(work, 0f);
                    // w[q] = u[p0 + q]; u[c + L j] = x[j]
                    long j0 = Math.max(0, Math.floorDiv(p0 - c + upL - 1, upL));
                    for (long j = j0; ; j++) {
                        long q = c + upL * j - p0;
                        if (q >= dftLength) {
                            break;
                        }
                        work[(int) q] = buf[(int) (j - base)];
                    }
                    full.forward(work, 0);
                }
                if (fM > 1) {
                    // libsoxr's F-domain decimation (rdft_convolve_portion + rdft_obackward at dftLength / M): the
                    // lowest dftLength / M bins, inverted at that size; its packed "Nyquist" slot holds the full
                    // transform's Nyquist bin. Folding would add the aliases (below the stop-band) instead.
                    full.multiplyLowBinsInto(inv, 1.0 / fM);
                    inv.inverseInto(out, k, (numTaps - 1) / fM, block / fM, 1);
                    k += block / fM;
                } else {
                    // the block's outputs straight from the inverse transform: up-sampled positions numTaps - 1 + r,
                    // every M-th (the others, and the overlap before them, are never formed as samples)
                    int r = (int) Math.floorMod(-p0, (long) downM);
                    int count = (block - r + downM - 1) / downM;
                    full.multiplyAndInverseInto(out, k, numTaps - 1 + r, count, downM);
                    k += count;
                }
                p0 += block;
            }
            discardBefore(Math.max(base, Math.floorDiv(p0 - c, upL))); // once per step, not per block
            return k;
        }

        @Override
        void reset() {
            resetWithZeros(0);
            base = 0;
            p0 = 0;
        }
    }

    /** prepare_poly_fir_coefs + poly-fir0.h / poly-fir.h (stdPrecCore, 32.32 fixed-point clock). */
    private static final class PolyStage extends Stage {
        /** Rational stages with more phases step the clock per output instead of reading group tables (16 KB each). */
        static final int GROUP_TABLES_MAX_PHASES = 256;
        private final int numCoefs;
        private final int order;
        private final int phaseBits;
        private final int phases;
        private final boolean rational;
        private final int arbL;
        /** coef[((phase * numCoefs) + t) * (order + 1) + k]: tap t of phase, interpolation coefficient k (0 = a). */
        private final double[] coef;
        /**
         * Rational cr32s stages: coef in float (as cr32s stores it) with each phase's taps padded with zeros to
         * {@link #padded}, for {@link FftPasses#dot16}.
         */
        private final float[] coefPad;
        private final int padded;
        private final boolean dbl;
        /**
         * The clock of a group of 16 rational cr32s outputs by the remainder it starts at (phases up to
         * {@link #GROUP_TABLES_MAX_PHASES}, taps up to 16; else null): output o's taps at {@code rowOffset[16 rem + o]}
         * in {@link #coefPad}, its first sample {@code firstOffset[16 rem + o]} inputs after the group's, and the next
         * group {@code groupInputs[rem]} inputs on at remainder {@code groupRem[rem]} ({@link
         * FftPasses#polyRationalGroups}).
         */
        private final int[] rowOffset;
        private final int[] firstOffset;
        private final int[] groupInputs;
        private final int[] groupRem;
        /** Scratch of {@link FftPasses#polyRational}. */
        private final float[] tile = new float[256];
        private final long stepWhole;
        private final int stepInt;
        /** stepInt / arbL and stepInt % arbL (rational clock without divisions). */
        private final int stepWholeInputs;
        private final int stepRemainder;
        private final long at0Whole;
        private final int preload;
        private final double ratio;
        /** Fixed-point clock: at = integer part (absolute z index) + fraction; for rational: atInt in units of 1/L. */
        private long atAbs;
        private long atFrac;

        PolyStage(double[] coefs, int numCoefs, int phases, int order, int phaseBits, int arbL, double arbM, double at,
                boolean rational, boolean dbl) {
            this.dbl = dbl;
            this.numCoefs = numCoefs;
            this.order = order;
            this.phaseBits = phaseBits;
            this.phases = phases;
            this.rational = rational;
            this.arbL = arbL;
            this.coef = prepare(coefs, numCoefs, phases, order, dbl);
            this.padded = (numCoefs + 15) & ~15;
            this.coefPad = new float[rational && !dbl ? phases * padded : 0];
            for (int p = 0; rational && !dbl && p < phases; p++) { // rational: order 0, coef[p * numCoefs + t]
                for (int t = 0; t < numCoefs; t++) {
                    coefPad[p * padded + t] = (float) coef[p * numCoefs + t];
                }
            }
            this.stepWhole = (long) (arbM * MULT32 + .5);
            this.stepInt = (int) (stepWhole >> 32);
            this.stepWholeInputs = stepInt / arbL;
            this.stepRemainder = stepInt % arbL;
            this.at0Whole = (long) (at * MULT32 + .5);
            this.preload = (numCoefs - 1) >> 1;
            this.ratio = MULT32 * arbL / (double) stepWhole;
            boolean tables = rational && !dbl && numCoefs <= 16 && phases <= GROUP_TABLES_MAX_PHASES;
            this.rowOffset = tables ? new int[16 * arbL] : null;
            this.firstOffset = tables ? new int[16 * arbL] : null;
            this.groupInputs = tables ? new int[arbL] : null;
            this.groupRem = tables ? new int[arbL] : null;
            for (int r0 = 0; tables && r0 < arbL; r0++) {
                int f = 0;
                int r = r0;
                for (int o = 0; o < 16; o++) {
                    rowOffset[16 * r0 + o] = r * padded;
                    firstOffset[16 * r0 + o] = f;
                    f += stepWholeInputs;
                    r += stepRemainder;
                    if (r >= arbL) {
                        r -= arbL;
                        f++;
                    }
                }
                groupInputs[r0] = f;
                groupRem[r0] = r;
            }
        }

        /** prepare_poly_fir_coefs: tap t (= num_coefs - 1 - i) of phase j is h[i * phases + j - 1], h[-1] = 0. */
        private static double[] prepare(double[] coefs, int numCoefs, int numPhases, int interpOrder, boolean dbl) {
            double[] result = new double[numCoefs * numPhases * (interpOrder + 1)];
            double fm1 = coefs[0];
            double f1 = 0;
            double f2 = 0;
            for (int i = numCoefs - 1; i >= 0; --i) {
                for (int j = numPhases - 1; j >= 0; --j) {
                    double f0 = fm1;
                    double b = 0;
                    double c = 0;
                    double d = 0;
                    int pos = i * numPhases + j - 1;
                    fm1 = pos > 0 ? coefs[pos - 1] : 0;
                    switch (interpOrder) {
                        case 1:
                            b = f1 - f0;
                            break;
                        case 2:
                            b = f1 - (.5 * (f2 + f0) - f1) - f0;
                            c = .5 * (f2 + f0) - f1;
                            break;
                        case 3:
                            c = .5 * (f1 + fm1) - f0;
                            d = (1 / 6.) * (f2 - f1 + fm1 - f0 - 4 * c);
                            b = f1 - f0 - d - c;
                            break;
                        default:
                            break;
                    }
                    int idx = ((j * numCoefs) + (numCoefs - 1 - i)) * (interpOrder + 1);
                    result[idx] = sampleT(f0, dbl);
                    if (interpOrder > 0) {
                        result[idx + 1] = sampleT(b, dbl);
                    }
                    if (interpOrder > 1) {
                        result[idx + 2] = sampleT(c, dbl);
                    }
                    if (interpOrder > 2) {
                        result[idx + 3] = sampleT(d, dbl);
                    }
                    f2 = f1;
                    f1 = f0;
                }
            }
            return result;
        }

        @Override
        void allocate(int maxIn) {
            buf = new float[history() + maxIn + 16]; // dot16 loads whole 16-lane vectors past a window's end
        }

        @Override
        int history() {
            return numCoefs + 4;
        }

        @Override
        double lookahead() {
            return numCoefs;
        }

        @Override
        double outInRatio() {
            return ratio;
        }

        @Override
        int produce(float[] out) {
            int k = 0;
            float[] z = buf;
            long avail = base + end;
            if (rational) {
                // poly-fir0.h: at in units of 1/L; div = at / L, rem = at % L.
                int first = (int) (atAbs - base);
                int rem = (int) atFrac;
                int last = end - numCoefs; // the last first index whose window is in the buffer
                int nc = numCoefs;
                if (dbl) { // VHQ (cr64s): in double
                    while (first <= last) {
                        out[k++] = (float) dot(coef, rem * nc, z, first, nc);
                        first += stepWholeInputs;
                        rem += stepRemainder;
                        if (rem >= arbL) {
                            rem -= arbL;
                            first++;
                        }
                    }
                } else if (first <= last) {
                    // the taps of each output's phase (rows padded to a multiple of 16): sixteen float lanes, summed
                    // as a tree (poly-fir0.h sums in float in cr32s), sixteen outputs at a time on vectors; whole
                    // groups of 16 with the clock from the tables where there are tables, the rest stepped
                    if (groupRem != null) {
                        int g = KERNELS.polyRationalGroups(coefPad, z, first, last, rem, rowOffset, firstOffset,
                                groupInputs, groupRem, nc, out, 0);
                        long r = rem + (long) g * stepRemainder;
                        first += (int) ((long) g * stepWholeInputs + r / arbL);
                        rem = (int) (r % arbL);
                        k = g;
                    }
                    int more = KERNELS.polyRational(coefPad, padded, z, first, last, rem, stepWholeInputs,
                            stepRemainder, arbL, nc, out, k, tile);
                    long r = rem + (long) more * stepRemainder;
                    first += (int) ((long) more * stepWholeInputs + r / arbL);
                    rem = (int) (r % arbL);
                    k += more;
                }
                atAbs = base + first;
                atFrac = rem;
            } else {
                int o1 = order + 1;
                while (atAbs + numCoefs - 1 < avail) {
                    int first = (int) (atAbs - base);
                    int frac = (int) atFrac; // uint32 bits
                    int phase = frac >>> (32 - phaseBits);
                    double x = sampleT((frac << phaseBits & 0xffffffffL) * (1 / MULT32), dbl);
                    int row = phase * numCoefs * o1;
                    double sum = 0;
                    for (int t = 0; t < numCoefs; t++) {
                        int q = row + t * o1;
                        double a = coef[q];
                        double cf;
                        if (order == 1) {
                            cf = coef[q + 1] * x + a;
                        } else if (order == 2) {
                            cf = (coef[q + 2] * x + coef[q + 1]) * x + a;
                        } else {
                            cf = ((coef[q + 3] * x + coef[q + 2]) * x + coef[q + 1]) * x + a;
                        }
                        sum += cf * z[first + t];
                    }
                    out[k++] = (float) sum;
                    long whole = (atFrac & 0xffffffffL) + stepWhole;
                    atAbs += whole >>> 32;
                    atFrac = whole & 0xffffffffL;
                }
            }
            discardBefore(atAbs);
            return k;
        }

        /** A rational cr64s output: {@code sum c[row + t] z[first + t]} in double. */
        private static double dot(double[] c, int row, float[] z, int first, int nc) {
            double sum = 0;
            for (int t = 0; t < nc; t++) {
                sum += c[row + t] * z[first + t];
            }
            return sum;
        }

        @Override
        void reset() {
            resetWithZeros(preload);
            if (rational) {
                long a = at0Whole >> 32; // at.integer, in units of 1/L
                atAbs = a / arbL;
                atFrac = a % arbL;
            } else {
                atAbs = at0Whole >>> 32;
                atFrac = at0Whole & 0xffffffffL;
            }
        }
    }

    /** cubic_stage_fn (cr-core.c): SOXR_QQ; pre = pre-load = 1. */
    private static final class CubicStage extends Stage {
        private final long stepWhole;
        private final int prePost;
        private long atAbs;
        private long atFrac;

        CubicStage(double arbM) {
            this.stepWhole = (long) (arbM * MULT32 + .5);
            this.prePost = Math.max(3, (int) (stepWhole >> 32));
        }

        @Override
        int history() {
            return prePost + 4;
        }

        @Override
        double lookahead() {
            return 3;
        }

        @Override
        double outInRatio() {
            return MULT32 / (double) stepWhole;
        }

        @Override
        int produce(float[] out) {
            int k = 0;
            float[] z = buf;
            // input = read_p + pre(1); an output at input index a needs z[a - 1 .. a + 2] (absolute, pre included)
            long avail = base + end;
            while (atAbs + 1 + prePost < avail) {
                int s = (int) (atAbs + 1 - base);
                double x = atFrac * (1 / MULT32);
                double b = .5 * (z[s + 1] + z[s - 1]) - z[s];
                double a = (1 / 6.) * (z[s + 2] - z[s + 1] + z[s - 1] - z[s] - 4 * b);
                double c = z[s + 1] - z[s] - a - b;
                out[k++] = (float) (((a * x + b) * x + c) * x + z[s]);
                long whole = atFrac + stepWhole;
                atAbs += whole >>> 32;
                atFrac = whole & 0xffffffffL;
            }
            discardBefore(atAbs);
            return k;
        }

        @Override
        void reset() {
            resetWithZeros(1);
            atAbs = 0;
            atFrac = 0;
        }
    }

    /** A coefficient as the engine stores it: double in cr64s ({@code VHQ}), float in cr32s. */
    private static double sampleT(double v, boolean dbl) {
        return dbl ? v : (float) v;
    }

    private static boolean isPowerOf2(int x) {
        return !(x < 2 || (x & (x - 1)) != 0);
    }
}
