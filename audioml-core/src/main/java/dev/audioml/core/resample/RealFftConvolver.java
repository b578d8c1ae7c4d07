package dev.audioml.core.resample;

/**
 * Circular convolution of a real block with a fixed real filter by a power-of-two real FFT (the real transform done
 * as a half-length complex radix-2 FFT, in double), for {@link SoxrResampler}'s DFT stages, as libsoxr's
 * {@code dft_stage_fn} convolves with {@code rdft_forward}/{@code rdft_convolve}/{@code rdft_backward}. Tables are made
 * in the constructor; {@link #convolve} allocates nothing.
 *
 * <p>Not thread-safe: confine to one thread.
 */
final class RealFftConvolver {
    private final int n;
    private final int half;
    private final int[] bitReverse;
    /** Per pass (len = 4, 8, ..), its twiddles cos/sin(2 pi j / len), j < len / 2, one after the other. */
    private final double[] twCos;
    private final double[] twSin;
    /** Index of pass len's first twiddle in twCos/twSin, by log2(len). */
    private final int[] twOffset;
    /** cos and sin of 2 pi k / n, k in [0, n / 2]. */
    private final double[] wr;
    private final double[] wi;
    /** The filter's spectrum, bins 0 .. n/2. */
    final double[] hr;
    final double[] hi;
    private final double[] zr;
    private final double[] zi;
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
        this.twCos = new double[Math.max(1, half)];
        this.twSin = new double[Math.max(1, half)];
        this.twOffset = new int[32];
        for (int len = 4, at = 0; len <= half; len <<= 1) {
            twOffset[Integer.numberOfTrailingZeros(len)] = at;
            for (int j = 0; j < len / 2; j++, at++) {
                twCos[at] = Math.cos(2 * Math.PI * j / len);
                twSin[at] = Math.sin(2 * Math.PI * j / len);
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
        this.xr = new double[half + 1];
        this.xi = new double[half + 1];
        this.hr = new double[half + 1];
        this.hi = new double[half + 1];
        double[] padded = new double[n];
        System.arraycopy(h, 0, padded, 0, h.length);
        forward(padded, 0);
        System.arraycopy(xr, 0, hr, 0, half + 1);
        System.arraycopy(xi, 0, hi, 0, half + 1);
    }

    /** @return the block length */
    int size() {
        return n;
    }

    /**
     * Replaces {@code data[offset, offset + n)} by its circular convolution with the filter.
     */
    void convolve(double[] data, int offset) {
        forward(data, offset);
        for (int k = 0; k <= half; k++) {
            double r = xr[k] * hr[k] - xi[k] * hi[k];
            double i = xr[k] * hi[k] + xi[k] * hr[k];
            xr[k] = r;
            xi[k] = i;
        }
        inverse(data, offset);
    }

    /** X[k], k in [0, n/2], of the real block, into xr/xi. */
    void forward(double[] x, int off) {
        for (int j = 0; j < half; j++) {
            int b = bitReverse[j];
            zr[b] = x[off + 2 * j];
            zi[b] = x[off + 2 * j + 1];
        }
        fft(-1);
        for (int k = 0; k <= half; k++) {
            int a = k == half ? 0 : k;
            int b = k == 0 ? 0 : half - k;
            double er = 0.5 * (zr[a] + zr[b]);
            double ei = 0.5 * (zi[a] - zi[b]);
            double or = 0.5 * (zi[a] + zi[b]);
            double oi = -0.5 * (zr[a] - zr[b]);
            // X[k] = E + W^k O with W = exp(-2 pi i / n)
            double c = wr[k];
            double s = -wi[k];
            xr[k] = er + c * or - s * oi;
            xi[k] = ei + c * oi + s * or;
        }
    }

    /** The real block whose spectrum is xr/xi, into x. */
    void inverse(double[] x, int off) {
        for (int k = 0; k < half; k++) {
            // X[k + n/2] = conj(X[n/2 - k])
            double ar = xr[half - k];
            double ai = -xi[half - k];
            double er = 0.5 * (xr[k] + ar);
            double ei = 0.5 * (xi[k] + ai);
            double dr = 0.5 * (xr[k] - ar);
            double di = 0.5 * (xi[k] - ai);
            // O = D / W^k = D * exp(+2 pi i k / n)
            double c = wr[k];
            double s = wi[k];
            double or = dr * c - di * s;
            double oi = dr * s + di * c;
            int b = bitReverse[k];
            zr[b] = er - oi; // Z = E + i O
            zi[b] = ei + or;
        }
        fft(1);
        double scale = 1.0 / half;
        for (int j = 0; j < half; j++) {
            x[off + 2 * j] = zr[j] * scale;
            x[off + 2 * j + 1] = zi[j] * scale;
        }
    }

    /**
     * In-place iterative FFT of zr/zi (input in bit-reversed order); sign -1 forward, +1 inverse. After the length-2
     * butterflies, pairs of radix-2 passes (lengths 2h and 4h) run fused as one radix-4 pass over four points (one
     * radix-2 pass first when their number is odd): half the sweeps over memory, the same sums.
     */
    private void fft(int sign) {
        double[] re = zr;
        double[] im = zi;
        for (int i = 0; i < half; i += 2) { // length-2 butterflies, twiddle 1
            double ur = re[i + 1];
            double ui = im[i + 1];
            re[i + 1] = re[i] - ur;
            im[i + 1] = im[i] - ui;
            re[i] += ur;
            im[i] += ui;
        }
        int len = 4;
        int passes = Integer.numberOfTrailingZeros(half) - 1;
        if ((passes & 1) == 1) {
            radix2(len, sign);
            len <<= 1;
        }
        for (; len * 2 <= half; len <<= 2) {
            int h = len >> 1; // sub-transforms of size h combine to 2h (pass A), then 4h (pass B)
            int offA = twOffset[Integer.numberOfTrailingZeros(len)];
            int offB = twOffset[Integer.numberOfTrailingZeros(len << 1)];
            int quad = len << 1;
            for (int j = 0; j < h; j++) {
                double ac = twCos[offA + j];
                double as = sign * twSin[offA + j];
                double bc = twCos[offB + j];
                double bs = sign * twSin[offB + j];
                for (int p0 = j; p0 < half; p0 += quad) {
                    int p1 = p0 + h;
                    int p2 = p1 + h;
                    int p3 = p2 + h;
                    double tr = re[p1] * ac - im[p1] * as;
                    double ti = re[p1] * as + im[p1] * ac;
                    double b0r = re[p0] + tr;
                    double b0i = im[p0] + ti;
                    double b1r = re[p0] - tr;
                    double b1i = im[p0] - ti;
                    tr = re[p3] * ac - im[p3] * as;
                    ti = re[p3] * as + im[p3] * ac;
                    double b2r = re[p2] + tr;
                    double b2i = im[p2] + ti;
                    double b3r = re[p2] - tr;
                    double b3i = im[p2] - ti;
                    tr = b2r * bc - b2i * bs;
                    ti = b2r * bs + b2i * bc;
                    re[p0] = b0r + tr;
                    im[p0] = b0i + ti;
                    re[p2] = b0r - tr;
                    im[p2] = b0i - ti;
                    // twiddle of (p1, p3) in pass B: W^(j + h) = W^j * (sign * i)
                    double ur = b3r * bc - b3i * bs;
                    double ui = b3r * bs + b3i * bc;
                    tr = -sign * ui;
                    ti = sign * ur;
                    re[p1] = b1r + tr;
                    im[p1] = b1i + ti;
                    re[p3] = b1r - tr;
                    im[p3] = b1i - ti;
                }
            }
        }
    }

    /** One radix-2 pass of length {@code len}. */
    private void radix2(int len, int sign) {
        double[] re = zr;
        double[] im = zi;
        int h = len >> 1;
        int off = twOffset[Integer.numberOfTrailingZeros(len)];
        for (int j = 0; j < h; j++) {
            double c = twCos[off + j];
            double s = sign * twSin[off + j];
            for (int p = j; p < half; p += len) {
                int q = p + h;
                double ur = re[q] * c - im[q] * s;
                double ui = re[q] * s + im[q] * c;
                re[q] = re[p] - ur;
                im[q] = im[p] - ui;
                re[p] += ur;
                im[p] += ui;
            }
        }
    }
}
