package dev.audioml.core.resample;

/**
 * {@link RealFftConvolver} in single precision, as libsoxr's single-precision engine {@code cr32s} runs its DFT stages
 * (PFFFT, float): the same transform in float arrays and tables (twice the SIMD lanes of double). Beyond the double
 * version, the input is read in bit-reversed order straight into the length-4 butterflies (no permutation pass), and
 * the real transform's split steps ({@link FftPasses#splitForward}, {@link FftPasses#splitInverse}) run on vectors
 * too; from 256 complex points on, the first four passes run as 16-point DFTs across rows
 * ({@link FftPasses#dft16Rows}, {@link FftPasses#rowsToGroups}), so every pass is on whole vectors. Samples go in and
 * come out as float. Used by {@link SoxrResampler} for every quality but {@code VHQ}.
 *
 * <p>Not thread-safe: confine to one thread.
 */
final class FloatFftConvolver extends DftConvolver {
    /** The FFT passes: on vectors where {@code jdk.incubator.vector} is present (see {@link FftPasses#best}). */
    private static final FftPasses BEST = FftPasses.best();
    /** From this many complex points on, the first four passes run as 16-point DFTs across rows (all SIMD). */
    static final int ROWS_FROM = 256;

    private final FftPasses passes;

    private final int n;
    private final int half;
    private final int[] bitReverse;
    /**
     * Per radix-2^2 pass with sub-transform size h (4, 16, 64, ..; A only for a last radix-2 pass), its twiddles for j < h, one pass
     * after the other: A = exp(-2 pi i j / 2h) and B = exp(-2 pi i j / 4h), as cos and (negative) sin.
     */
    private final float[] twAc;
    private final float[] twAs;
    private final float[] twBc;
    private final float[] twBs;
    /** Index of pass h's first twiddle in the tables, by log2(h). */
    private final int[] twOffset;
    /** cos and sin of 2 pi k / n, k in [0, n / 2]. */
    private final float[] wr;
    private final float[] wi;
    /** The filter's spectrum, bins 0 .. n/2. */
    final float[] hr;
    final float[] hi;
    private final float[] zr;
    private final float[] zi;
    /** The inverse's complex block in natural order, before the permutation into zr/zi. */
    private final float[] tr;
    private final float[] ti;
    /** Per tile of 16 columns, where its lane 0 goes ({@link FftPasses#rowsToGroups}), and that pass's scratch. */
    private final int[] tileDst;
    private final float[] tile = new float[256];
    /** The spectrum {@link #forward} writes and {@link #inverse} reads, bins 0 .. n/2. */
    final float[] xr;
    final float[] xi;

    /**
     * @param h the filter taps, at most {@code n}
     * @param n the block length, a power of two, at least 4
     */
    FloatFftConvolver(double[] h, int n) {
        this(h, n, BEST);
    }

    /** With the given passes (tests compare the scalar and the vector ones). */
    FloatFftConvolver(double[] h, int n, FftPasses passes) {
        this.passes = passes;
        if (n < 4 || Integer.bitCount(n) != 1 || h.length > n) {
            throw new IllegalArgumentException("n must be a power of two >= 4 and >= " + h.length + ", got " + n);
        }
        this.n = n;
        this.half = n / 2;
        this.bitReverse = new int[half];
        int bits = Integer.numberOfTrailingZeros(half);
        for (int i = 0; i < half; i++) {
            bitReverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        this.twAc = new float[Math.max(1, half)];
        this.twAs = new float[Math.max(1, half)];
        this.twBc = new float[Math.max(1, half)];
        this.twBs = new float[Math.max(1, half)];
        this.twOffset = new int[32];
        for (int sub = 4, at = 0; sub < half; sub <<= 2) { // the radix-2^2 passes, then a last radix-2 pass (A only)
            twOffset[Integer.numberOfTrailingZeros(sub)] = at;
            for (int j = 0; j < sub; j++, at++) {
                twAc[at] = (float) Math.cos(Math.PI * j / sub);
                twAs[at] = -(float) Math.sin(Math.PI * j / sub);
                twBc[at] = (float) Math.cos(Math.PI * j / (2 * sub));
                twBs[at] = -(float) Math.sin(Math.PI * j / (2 * sub));
            }
        }
        this.wr = new float[half + 1];
        this.wi = new float[half + 1];
        for (int k = 0; k <= half; k++) {
            wr[k] = (float) Math.cos(2 * Math.PI * k / n);
            wi[k] = (float) Math.sin(2 * Math.PI * k / n);
        }
        this.zr = new float[half];
        this.zi = new float[half];
        this.tr = new float[half];
        this.ti = new float[half];
        this.xr = new float[half + 1];
        this.xi = new float[half + 1];
        this.hr = new float[half + 1];
        this.hi = new float[half + 1];
        int cols = half / 16;
        this.tileDst = new int[Math.max(1, cols / 16)];
        for (int t = 0; half >= ROWS_FROM && t < cols / 16; t++) { // 16 bitrev(t) over log2(half) - 8 bits
            tileDst[t] = 16 * (Integer.reverse(t) >>> (32 - (bits - 8)));
        }
        float[] padded = new float[n]; // the filter's spectrum by this transform, in float as libsoxr's cr32s
        for (int i = 0; i < h.length; i++) {
            padded[i] = (float) h[i];
        }
        forward(padded, 0);
        System.arraycopy(xr, 0, hr, 0, half + 1);
        System.arraycopy(xi, 0, hi, 0, half + 1);
    }

    @Override
    int size() {
        return n;
    }

    @Override
    void multiplyByFilter() {
        passes.multiply(xr, xi, hr, hi, half + 1);
    }

    @Override
    void repeatSpectrumOf(DftConvolver small) {
        FloatFftConvolver s = (FloatFftConvolver) small;
        int nf = s.n;
        int nh = nf / 2;
        for (int base = 0; base <= half; base += nf) { // per period: bins 0 .. nf/2 as they are, then mirrored
            int m = Math.min(nh, half - base) + 1;
            System.arraycopy(s.xr, 0, xr, base, m);
            System.arraycopy(s.xi, 0, xi, base, m);
            int stop = Math.min(nf - 1, half - base); // bins nh + 1 .. stop: conj of nf - kk
            if (stop > nh) {
                passes.mirrorConjugate(s.xr, s.xi, nf - nh - 1, xr, xi, base + nh + 1, stop - nh);
            }
        }
    }

    @Override
    void lowBinsInto(DftConvolver small, double scale) {
        FloatFftConvolver s = (FloatFftConvolver) small;
        int nh = s.n / 2;
        float sc = (float) scale;
        for (int b = 0; b < nh; b++) {
            s.xr[b] = xr[b] * sc;
            s.xi[b] = xi[b] * sc;
        }
        s.xr[nh] = xr[half] * sc;
        s.xi[nh] = 0;
    }

    /** Only the low bins' products are formed (the F-domain decimation drops the others). */
    @Override
    void multiplyLowBinsInto(DftConvolver small, double scale) {
        FloatFftConvolver s = (FloatFftConvolver) small;
        int nh = s.n / 2;
        float sc = (float) scale;
        passes.multiplyScaled(xr, xi, hr, hi, sc, s.xr, s.xi, nh);
        s.xr[nh] = (xr[half] * hr[half] - xi[half] * hi[half]) * sc;
        s.xi[nh] = 0;
    }

    /** X[k], k in [0, n/2], of the real block, into xr/xi. */
    @Override
    void forward(float[] x, int off) {
        if (half >= ROWS_FROM) {
            // the even samples as real parts, the odd as imaginary, in natural order; the first four passes as
            // 16-point DFTs across 16 rows, transposed into the groups the later passes expect; then those passes
            passes.dft16RowsFrom(x, off, tr, ti, half / 16);
            passes.rowsToGroups(tr, ti, zr, zi, half / 16, tileDst, tile);
            fft(zr, zi, 16);
        } else if (half < 4) {
            for (int j = 0; j < half; j++) {
                int b = bitReverse[j];
                zr[b] = x[off + 2 * j];
                zi[b] = x[off + 2 * j + 1];
            }
            fft(zr, zi, 1);
        } else {
            // the even samples as real parts, the odd as imaginary, read in bit-reversed order straight into the
            // length-4 butterflies (no separate permutation pass)
            for (int i = 0; i < half; i += 4) {
                int j0 = off + 2 * bitReverse[i];
                int j1 = off + 2 * bitReverse[i + 1];
                int j2 = off + 2 * bitReverse[i + 2];
                int j3 = off + 2 * bitReverse[i + 3];
                butterfly4(zr, zi, i, x[j0], x[j0 + 1], x[j1], x[j1 + 1], x[j2], x[j2 + 1], x[j3], x[j3 + 1]);
            }
            fft(zr, zi, 4);
        }
        // Z = FFT of the even (E) and odd (O) samples as one complex block; X[k] = E[k] + W^k O[k], W = exp(-2 pi i
        // / n), with E[k] = (Z[k] + conj Z[n/2 - k]) / 2, O[k] = (Z[k] - conj Z[n/2 - k]) / 2i; bin n/2 - k is
        // conj(E[k] - W^k O[k]), so each pass of the loop makes both (FftPasses.splitForward).
        xr[0] = zr[0] + zi[0];
        xi[0] = 0;
        xr[half] = zr[0] - zi[0];
        xi[half] = 0;
        passes.splitForward(zr, zi, wr, wi, xr, xi, half);
    }

    /** The real block whose spectrum is xr/xi, into x. */
    @Override
    void inverse(float[] x, int off) {
        inverseToZ(false);
        passes.interleave(zr, zi, 0, 1.0f / half, x, off, half);
    }

    /**
     * Samples {@code from, from + stride, ..} ({@code count} of them) of the real block whose spectrum is xr/xi, into
     * {@code out} from {@code outOff}: the wanted ones straight from the transform, not the whole block through a
     * scratch copy; the same values as {@link #inverse}.
     */
    @Override
    void inverseInto(float[] out, int outOff, int from, int count, int stride) {
        inverseToZ(false);
        pick(out, outOff, from, count, stride);
    }

    /** {@link #multiplyByFilter} then {@link #inverseInto}, the products formed by the inverse's first pass. */
    @Override
    void multiplyAndInverseInto(float[] out, int outOff, int from, int count, int stride) {
        inverseToZ(true);
        pick(out, outOff, from, count, stride);
    }

    /** Samples {@code from + i stride} of the inverse block left in zr/zi (as pairs), scaled, into out. */
    private void pick(float[] out, int outOff, int from, int count, int stride) {
        float scale = 1.0f / half;
        if (stride == 1) { // an odd first sample alone, then pairs (zr[j], zi[j]) on vectors, then an odd last one
            int k = outOff;
            int at = from;
            int stop = from + count;
            if ((at & 1) != 0 && at < stop) {
                out[k++] = zi[at >> 1] * scale;
                at++;
            }
            int pairs = (stop - at) >> 1;
            passes.interleave(zr, zi, at >> 1, scale, out, k, pairs);
            k += 2 * pairs;
            at += 2 * pairs;
            if (at < stop) {
                out[k] = zr[at >> 1] * scale;
            }
        } else {
            for (int i = 0, at = from; i < count; i++, at += stride) {
                out[outOff + i] = ((at & 1) == 0 ? zr[at >> 1] : zi[at >> 1]) * scale;
            }
        }
    }

    /**
     * The inverse transform of xr/xi (times the filter's spectrum, {@code timesFilter}), unscaled, as pairs: sample 2j
     * in zr[j], 2j + 1 in zi[j].
     */
    private void inverseToZ(boolean timesFilter) {
        // Z[k] = E[k] + i O[k] with E = (X[k] + conj X[n/2 - k]) / 2 and O = (X[k] - conj X[n/2 - k]) / 2 * W^-k;
        // Z[n/2 - k] = conj(E[k]) + i conj(O[k]); into tr/ti in natural order (FftPasses.splitInverse).
        float x0r = xr[0];
        float x0i = xi[0];
        float xhr = xr[half];
        float xhi = xi[half];
        if (timesFilter) { // FftPasses.multiply's products of bins 0 and n/2
            x0r = xr[0] * hr[0] - xi[0] * hi[0];
            x0i = xr[0] * hi[0] + xi[0] * hr[0];
            xhr = xr[half] * hr[half] - xi[half] * hi[half];
            xhi = xr[half] * hi[half] + xi[half] * hr[half];
        }
        float e0r = 0.5f * (x0r + xhr);
        float e0i = 0.5f * (x0i - xhi);
        float o0r = 0.5f * (x0r - xhr);
        float o0i = 0.5f * (x0i + xhi);
        tr[0] = e0r - o0i;
        ti[0] = e0i + o0r;
        if (timesFilter) {
            passes.splitInverseTimes(xr, xi, hr, hi, wr, wi, tr, ti, half);
        } else {
            passes.splitInverse(xr, xi, wr, wi, tr, ti, half);
        }
        // the inverse: the forward transform of swap(z) (real and imaginary arrays exchanged), swapped back
        if (half >= ROWS_FROM) {
            passes.dft16Rows(ti, tr, half / 16);
            passes.rowsToGroups(ti, tr, zi, zr, half / 16, tileDst, tile);
            fft(zi, zr, 16);
        } else if (half < 4) {
            for (int j = 0; j < half; j++) {
                int b = bitReverse[j];
                zi[b] = ti[j];
                zr[b] = tr[j];
            }
            fft(zi, zr, 1);
        } else {
            for (int i = 0; i < half; i += 4) {
                int j0 = bitReverse[i];
                int j1 = bitReverse[i + 1];
                int j2 = bitReverse[i + 2];
                int j3 = bitReverse[i + 3];
                butterfly4(zi, zr, i, ti[j0], tr[j0], ti[j1], tr[j1], ti[j2], tr[j2], ti[j3], tr[j3]);
            }
            fft(zi, zr, 4);
        }
    }

    /** The length-4 butterfly (twiddles 1 and -i) of the points {@code a, b, c, d} (bit-reversed order), into i.. */
    private static void butterfly4(float[] re, float[] im, int i, float ar, float ai, float br, float bi, float cr,
            float ci, float dr, float di) {
        float b0r = ar + br;
        float b0i = ai + bi;
        float b1r = ar - br;
        float b1i = ai - bi;
        float b2r = cr + dr;
        float b2i = ci + di;
        float b3r = cr - dr;
        float b3i = ci - di;
        re[i] = b0r + b2r;
        im[i] = b0i + b2i;
        re[i + 2] = b0r - b2r;
        im[i + 2] = b0i - b2i;
        re[i + 1] = b1r + b3i;
        im[i + 1] = b1i - b3r;
        re[i + 3] = b1r - b3i;
        im[i + 3] = b1i + b3r;
    }

    /**
     * In-place forward FFT ({@code exp(-2 pi i jk / N)}) of {@code re/im} (input in bit-reversed order). The inverse
     * transform is this one with the two arrays swapped ({@code swap(z) = i conj(z)}, so
     * {@code swap(FFT(swap(z))) = N IFFT(z)}). The trivial length-4 butterflies run first; then pairs of radix-2
     * passes (sub-transforms of h combine to 2h, then 4h) run fused as one radix-2^2 pass over four points, groups
     * outer and the twiddle index inner, so that every inner loop reads contiguous data and contiguous twiddles; an
     * odd pass count ends with one radix-2 pass. {@code done}: the sub-transform size already made (1: none; 4: the
     * length-4 butterflies; 16: the first four passes).
     */
    private void fft(float[] re, float[] im, int done) {
        if (half == 2) {
            float ur = re[1];
            float ui = im[1];
            re[1] = re[0] - ur;
            im[1] = im[0] - ui;
            re[0] += ur;
            im[0] += ui;
            return;
        }
        for (int i = 0; done == 1 && i < half; i += 4) { // length-4 butterflies, twiddles 1 and -i
            float b0r = re[i] + re[i + 1];
            float b0i = im[i] + im[i + 1];
            float b1r = re[i] - re[i + 1];
            float b1i = im[i] - im[i + 1];
            float b2r = re[i + 2] + re[i + 3];
            float b2i = im[i + 2] + im[i + 3];
            float b3r = re[i + 2] - re[i + 3];
            float b3i = im[i + 2] - im[i + 3];
            re[i] = b0r + b2r;
            im[i] = b0i + b2i;
            re[i + 2] = b0r - b2r;
            im[i + 2] = b0i - b2i;
            re[i + 1] = b1r + b3i;
            im[i + 1] = b1i - b3r;
            re[i + 3] = b1r - b3i;
            im[i + 3] = b1i + b3r;
        }
        int h = Math.max(4, done);
        for (; h * 4 <= half; h <<= 2) {
            passes.radix4(re, im, half, h, twAc, twAs, twBc, twBs, twOffset[Integer.numberOfTrailingZeros(h)]);
        }
        if (h < half) { // an odd number of radix-2 passes: the last one alone
            passes.radix2(re, im, h, twAc, twAs, twOffset[Integer.numberOfTrailingZeros(h)]);
        }
    }
}
