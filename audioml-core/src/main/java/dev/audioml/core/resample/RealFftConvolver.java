package dev.audioml.core.resample;

/**
 * Circular convolution of a real block with a fixed real filter by a power-of-two real FFT (the real transform done
 * as a half-length complex radix-2 FFT, in double), for {@link SoxrResampler}'s DFT stages at {@code VHQ} (the
 * other qualities use its single-precision twin {@link FloatFftConvolver}), as libsoxr's
 * {@code dft_stage_fn} convolves with {@code rdft_forward}/{@code rdft_convolve}/{@code rdft_backward}. Tables are made
 * in the constructor; {@link #convolve} allocates nothing. The radix-2^2 passes run on SIMD vectors where the JVM has
 * {@code jdk.incubator.vector} ({@link FftPasses#best}), with the same sums in the same order as the scalar passes.
 *
 * <p>Not thread-safe: confine to one thread.
 */
final class RealFftConvolver extends DftConvolver {
    /** The FFT passes: on vectors where {@code jdk.incubator.vector} is present (see {@link FftPasses#best}). */
    private static final FftPasses PASSES = FftPasses.best();

    private final int n;
    private final int half;
    private final int[] bitReverse;
    /**
     * Per radix-2^2 pass with sub-transform size h (4, 16, 64, ..; A only for a last radix-2 pass), its twiddles for j < h, one pass
     * after the other: A = exp(-2 pi i j / 2h) and B = exp(-2 pi i j / 4h), as cos and (negative) sin.
     */
    private final double[] twAc;
    private final double[] twAs;
    private final double[] twBc;
    private final double[] twBs;
    /** Index of pass h's first twiddle in the tables, by log2(h). */
    private final int[] twOffset;
    /** cos and sin of 2 pi k / n, k in [0, n / 2]. */
    private final double[] wr;
    private final double[] wi;
    /** The filter's spectrum, bins 0 .. n/2. */
    final double[] hr;
    final double[] hi;
    private final double[] zr;
    private final double[] zi;
    /** {@link #inverseInto}'s scratch block. */
    private final float[] picked;
    /** The spectrum {@link #forward} writes and {@link #inverse} reads, bins 0 .. n/2. */
    final double[] xr;
    final double[] xi;

    /**
     * @param h the filter taps, at most {@code n}
     * @param n the block length, a power of two, at least 4
     */
    RealFftConvolver(double[] h, int n) {
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
        this.twAc = new double[Math.max(1, half)];
        this.twAs = new double[Math.max(1, half)];
        this.twBc = new double[Math.max(1, half)];
        this.twBs = new double[Math.max(1, half)];
        this.twOffset = new int[32];
        for (int sub = 4, at = 0; sub < half; sub <<= 2) { // the radix-2^2 passes, then a last radix-2 pass (A only)
            twOffset[Integer.numberOfTrailingZeros(sub)] = at;
            for (int j = 0; j < sub; j++, at++) {
                twAc[at] = Math.cos(Math.PI * j / sub);
                twAs[at] = -Math.sin(Math.PI * j / sub);
                twBc[at] = Math.cos(Math.PI * j / (2 * sub));
                twBs[at] = -Math.sin(Math.PI * j / (2 * sub));
            }
        }
        this.wr = new double[half + 1];
        this.wi = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            wr[k] = Math.cos(2 * Math.PI * k / n);
            wi[k] = Math.sin(2 * Math.PI * k / n);
        }
        this.zr = new double[half];
        this.zi = new double[half];
        this.picked = new float[n];
        this.xr = new double[half + 1];
        this.xi = new double[half + 1];
        this.hr = new double[half + 1];
        this.hi = new double[half + 1];
        this.block = new double[n];
        double[] padded = new double[n];
        System.arraycopy(h, 0, padded, 0, h.length);
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
        for (int k = 0; k <= half; k++) {
            double r = xr[k] * hr[k] - xi[k] * hi[k];
            double i = xr[k] * hi[k] + xi[k] * hr[k];
            xr[k] = r;
            xi[k] = i;
        }
    }

    @Override
    void repeatSpectrumOf(DftConvolver small) {
        RealFftConvolver s = (RealFftConvolver) small;
        int nf = s.n;
        int nh = nf / 2;
        for (int b = 0, kk = 0; b <= half; b++, kk = kk + 1 == nf ? 0 : kk + 1) {
            if (kk <= nh) {
                xr[b] = s.xr[kk];
                xi[b] = s.xi[kk];
            } else {
                xr[b] = s.xr[nf - kk];
                xi[b] = -s.xi[nf - kk];
            }
        }
    }

    @Override
    void lowBinsInto(DftConvolver small, double scale) {
        RealFftConvolver s = (RealFftConvolver) small;
        int nh = s.n / 2;
        for (int b = 0; b < nh; b++) {
            s.xr[b] = xr[b] * scale;
            s.xi[b] = xi[b] * scale;
        }
        s.xr[nh] = xr[half] * scale;
        s.xi[nh] = 0;
    }

    /** The whole block through a scratch copy ({@code VHQ} only: not on the speed path). */
    @Override
    void inverseInto(float[] out, int outOff, int from, int count, int stride) {
        inverse(picked, 0);
        for (int i = 0; i < count; i++) {
            out[outOff + i] = picked[from + i * stride];
        }
    }

    /** Double scratch for the float blocks the stages stream. */
    private final double[] block;

    @Override
    void forward(float[] x, int off) {
        for (int i = 0; i < n; i++) {
            block[i] = x[off + i];
        }
        forward(block, 0);
    }

    @Override
    void inverse(float[] x, int off) {
        inverse(block, 0);
        for (int i = 0; i < n; i++) {
            x[off + i] = (float) block[i];
        }
    }

    /** Replaces {@code data[offset, offset + n)} by its circular convolution with the filter, in double. */
    void convolve(double[] data, int offset) {
        forward(data, offset);
        multiplyByFilter();
        inverse(data, offset);
    }

    /** X[k], k in [0, n/2], of the real block, into xr/xi. */
    void forward(double[] x, int off) {
        for (int j = 0; j < half; j++) {
            int b = bitReverse[j];
            zr[b] = x[off + 2 * j];
            zi[b] = x[off + 2 * j + 1];
        }
        fft(zr, zi);
        // Z = FFT of the even (E) and odd (O) samples as one complex block; X[k] = E[k] + W^k O[k], W = exp(-2 pi i
        // / n), with E[k] = (Z[k] + conj Z[n/2 - k]) / 2, O[k] = (Z[k] - conj Z[n/2 - k]) / 2i; bin n/2 - k is
        // conj(E[k] - W^k O[k]), so each pass of the loop makes both.
        xr[0] = zr[0] + zi[0];
        xi[0] = 0;
        xr[half] = zr[0] - zi[0];
        xi[half] = 0;
        for (int k = 1, b = half - 1; k <= b; k++, b--) {
            double er = 0.5 * (zr[k] + zr[b]);
            double ei = 0.5 * (zi[k] - zi[b]);
            double or = 0.5 * (zi[k] + zi[b]);
            double oi = -0.5 * (zr[k] - zr[b]);
            double c = wr[k];
            double s = -wi[k];
            double tr = c * or - s * oi;
            double ti = c * oi + s * or;
            xr[k] = er + tr;
            xi[k] = ei + ti;
            xr[b] = er - tr;
            xi[b] = ti - ei;
        }
    }

    /** The real block whose spectrum is xr/xi, into x. */
    void inverse(double[] x, int off) {
        // Z[k] = E[k] + i O[k] with E = (X[k] + conj X[n/2 - k]) / 2 and O = (X[k] - conj X[n/2 - k]) / 2 * W^-k;
        // Z[n/2 - k] = conj(E[k]) + i conj(O[k]).
        double e0r = 0.5 * (xr[0] + xr[half]);
        double e0i = 0.5 * (xi[0] - xi[half]);
        double o0r = 0.5 * (xr[0] - xr[half]);
        double o0i = 0.5 * (xi[0] + xi[half]);
        zr[0] = e0r - o0i;
        zi[0] = e0i + o0r;
        for (int k = 1, b = half - 1; k <= b; k++, b--) {
            double er = 0.5 * (xr[k] + xr[b]);
            double ei = 0.5 * (xi[k] - xi[b]);
            double dr = 0.5 * (xr[k] - xr[b]);
            double di = 0.5 * (xi[k] + xi[b]);
            double c = wr[k];
            double s = wi[k];
            double or = dr * c - di * s;
            double oi = dr * s + di * c;
            int bk = bitReverse[k];
            zr[bk] = er - oi;
            zi[bk] = ei + or;
            int bb = bitReverse[b];
            zr[bb] = er + oi;
            zi[bb] = or - ei;
        }
        fft(zi, zr); // the inverse: the forward transform of swap(z), swapped back
        double scale = 1.0 / half;
        for (int j = 0; j < half; j++) {
            x[off + 2 * j] = zr[j] * scale;
            x[off + 2 * j + 1] = zi[j] * scale;
        }
    }

    /**
     * In-place forward FFT ({@code exp(-2 pi i jk / N)}) of {@code re/im} (input in bit-reversed order). The inverse
     * transform is this one with the two arrays swapped ({@code swap(z) = i conj(z)}, so
     * {@code swap(FFT(swap(z))) = N IFFT(z)}). The trivial length-4 butterflies run first; then pairs of radix-2
     * passes (sub-transforms of h combine to 2h, then 4h) run fused as one radix-2^2 pass over four points, groups
     * outer and the twiddle index inner, so that every inner loop reads contiguous data and contiguous twiddles; an
     * odd pass count ends with one radix-2 pass.
     */
    private void fft(double[] re, double[] im) {
        if (half == 2) {
            double ur = re[1];
            double ui = im[1];
            re[1] = re[0] - ur;
            im[1] = im[0] - ui;
            re[0] += ur;
            im[0] += ui;
            return;
        }
        for (int i = 0; i < half; i += 4) { // length-4 butterflies, twiddles 1 and -i
            double b0r = re[i] + re[i + 1];
            double b0i = im[i] + im[i + 1];
            double b1r = re[i] - re[i + 1];
            double b1i = im[i] - im[i + 1];
            double b2r = re[i + 2] + re[i + 3];
            double b2i = im[i + 2] + im[i + 3];
            double b3r = re[i + 2] - re[i + 3];
            double b3i = im[i + 2] - im[i + 3];
            re[i] = b0r + b2r;
            im[i] = b0i + b2i;
            re[i + 2] = b0r - b2r;
            im[i + 2] = b0i - b2i;
            re[i + 1] = b1r + b3i;
            im[i + 1] = b1i - b3r;
            re[i + 3] = b1r - b3i;
            im[i + 3] = b1i + b3r;
        }
        int h = 4;
        for (; h * 4 <= half; h <<= 2) {
            PASSES.radix4(re, im, half, h, twAc, twAs, twBc, twBs, twOffset[Integer.numberOfTrailingZeros(h)]);
        }
        if (h < half) { // an odd number of radix-2 passes: the last one alone
            PASSES.radix2(re, im, h, twAc, twAs, twOffset[Integer.numberOfTrailingZeros(h)]);
        }
    }
}
