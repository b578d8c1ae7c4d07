package dev.audioml.core.resample;

/**
 * The FFT passes of {@link RealFftConvolver} on scalars: the reference the vector passes ({@code VectorFftPasses})
 * are tested equal to, and the passes used where {@code jdk.incubator.vector} is absent.
 *
 * <p>Immutable and thread-safe.
 */
final class ScalarFftPasses implements FftPasses {
    /**
     * One fused radix-2^2 pass: sub-transforms of size {@code h} combine to {@code 4h}, with twiddles
     * {@code W_2h^j} (A) and {@code W_4h^j} (B), {@code j < h}, from {@code off} in the tables.
     */
    @Override
    public void radix4(double[] re, double[] im, int n, int h, double[] tac, double[] tas, double[] tbc, double[] tbs,
            int off) {
        if (h == 4) { // the first pass after the length-4 butterflies: twiddles loaded once, the j loop unrolled
            double ac1 = tac[off + 1];
            double as1 = tas[off + 1];
            double bc1 = tbc[off + 1];
            double bs1 = tbs[off + 1];
            double ac2 = tac[off + 2];
            double as2 = tas[off + 2];
            double bc2 = tbc[off + 2];
            double bs2 = tbs[off + 2];
            double ac3 = tac[off + 3];
            double as3 = tas[off + 3];
            double bc3 = tbc[off + 3];
            double bs3 = tbs[off + 3];
            double ac0 = tac[off];
            double as0 = tas[off];
            double bc0 = tbc[off];
            double bs0 = tbs[off];
            for (int g = 0; g < n; g += 16) {
                butterfly(re, im, g, 4, ac0, as0, bc0, bs0);
                butterfly(re, im, g + 1, 4, ac1, as1, bc1, bs1);
                butterfly(re, im, g + 2, 4, ac2, as2, bc2, bs2);
                butterfly(re, im, g + 3, 4, ac3, as3, bc3, bs3);
            }
            return;
        }
        for (int g = 0; g < n; g += 4 * h) {
            for (int j = 0; j < h; j++) {
                butterfly(re, im, g + j, h, tac[off + j], tas[off + j], tbc[off + j], tbs[off + j]);
            }
        }
    }

    /** The four points {@code p0 + {0, 1, 2, 3} h} of a radix-2^2 pass, twiddles A = ac + i as, B = bc + i bs. */
    private static void butterfly(double[] re, double[] im, int p0, int h, double ac, double as, double bc, double bs) {
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
        // twiddle of (p1, p3) in pass B: W_4h^(j + h) = W_4h^j * (-i)
        double ur = b3r * bc - b3i * bs;
        double ui = b3r * bs + b3i * bc;
        re[p1] = b1r + ui;
        im[p1] = b1i - ur;
        re[p3] = b1r - ui;
        im[p3] = b1i + ur;
    }

    @Override
    public void radix2(double[] re, double[] im, int h, double[] tac, double[] tas, int off) {
        for (int j = 0; j < h; j++) {
            int q = j + h;
            double c = tac[off + j];
            double s = tas[off + j];
            double ur = re[q] * c - im[q] * s;
            double ui = re[q] * s + im[q] * c;
            re[q] = re[j] - ur;
            im[q] = im[j] - ui;
            re[j] += ur;
            im[j] += ui;
        }
    }

    // The same passes in single precision (FloatFftConvolver): the same operations in the same order.

    /**
     * One fused radix-2^2 pass: sub-transforms of size {@code h} combine to {@code 4h}, with twiddles
     * {@code W_2h^j} (A) and {@code W_4h^j} (B), {@code j < h}, from {@code off} in the tables.
     */
    @Override
    public void radix4(float[] re, float[] im, int n, int h, float[] tac, float[] tas, float[] tbc, float[] tbs,
            int off) {
        if (h == 4) { // the first pass after the length-4 butterflies: twiddles loaded once, the j loop unrolled
            float ac1 = tac[off + 1];
            float as1 = tas[off + 1];
            float bc1 = tbc[off + 1];
            float bs1 = tbs[off + 1];
            float ac2 = tac[off + 2];
            float as2 = tas[off + 2];
            float bc2 = tbc[off + 2];
            float bs2 = tbs[off + 2];
            float ac3 = tac[off + 3];
            float as3 = tas[off + 3];
            float bc3 = tbc[off + 3];
            float bs3 = tbs[off + 3];
            float ac0 = tac[off];
            float as0 = tas[off];
            float bc0 = tbc[off];
            float bs0 = tbs[off];
            for (int g = 0; g < n; g += 16) {
                butterfly(re, im, g, 4, ac0, as0, bc0, bs0);
                butterfly(re, im, g + 1, 4, ac1, as1, bc1, bs1);
                butterfly(re, im, g + 2, 4, ac2, as2, bc2, bs2);
                butterfly(re, im, g + 3, 4, ac3, as3, bc3, bs3);
            }
            return;
        }
        for (int g = 0; g < n; g += 4 * h) {
            for (int j = 0; j < h; j++) {
                butterfly(re, im, g + j, h, tac[off + j], tas[off + j], tbc[off + j], tbs[off + j]);
            }
        }
    }

    /** The four points (single precision) {@code p0 + {0, 1, 2, 3} h} of a radix-2^2 pass, twiddles A = ac + i as, B = bc + i bs. */
    private static void butterfly(float[] re, float[] im, int p0, int h, float ac, float as, float bc, float bs) {
        int p1 = p0 + h;
        int p2 = p1 + h;
        int p3 = p2 + h;
        float tr = re[p1] * ac - im[p1] * as;
        float ti = re[p1] * as + im[p1] * ac;
        float b0r = re[p0] + tr;
        float b0i = im[p0] + ti;
        float b1r = re[p0] - tr;
        float b1i = im[p0] - ti;
        tr = re[p3] * ac - im[p3] * as;
        ti = re[p3] * as + im[p3] * ac;
        float b2r = re[p2] + tr;
        float b2i = im[p2] + ti;
        float b3r = re[p2] - tr;
        float b3i = im[p2] - ti;
        tr = b2r * bc - b2i * bs;
        ti = b2r * bs + b2i * bc;
        re[p0] = b0r + tr;
        im[p0] = b0i + ti;
        re[p2] = b0r - tr;
        im[p2] = b0i - ti;
        // twiddle of (p1, p3) in pass B: W_4h^(j + h) = W_4h^j * (-i)
        float ur = b3r * bc - b3i * bs;
        float ui = b3r * bs + b3i * bc;
        re[p1] = b1r + ui;
        im[p1] = b1i - ur;
        re[p3] = b1r - ui;
        im[p3] = b1i + ur;
    }

    @Override
    public void radix2(float[] re, float[] im, int h, float[] tac, float[] tas, int off) {
        for (int j = 0; j < h; j++) {
            int q = j + h;
            float c = tac[off + j];
            float s = tas[off + j];
            float ur = re[q] * c - im[q] * s;
            float ui = re[q] * s + im[q] * c;
            re[q] = re[j] - ur;
            im[q] = im[j] - ui;
            re[j] += ur;
            im[j] += ui;
        }
    }

    @Override
    public void splitForward(float[] zr, float[] zi, float[] wr, float[] wi, float[] xr, float[] xi, int half) {
        splitForward(zr, zi, wr, wi, xr, xi, half, 1);
    }

    /** {@link #splitForward} from bin {@code k0} on (the vector passes' tail). */
    static void splitForward(float[] zr, float[] zi, float[] wr, float[] wi, float[] xr, float[] xi, int half, int k0) {
        for (int k = k0, b = half - k0; k <= b; k++, b--) {
            float er = 0.5f * (zr[k] + zr[b]);
            float ei = 0.5f * (zi[k] - zi[b]);
            float or = 0.5f * (zi[k] + zi[b]);
            float oi = -0.5f * (zr[k] - zr[b]);
            float c = wr[k];
            float s = -wi[k];
            float tr = c * or - s * oi;
            float ti = c * oi + s * or;
            xr[k] = er + tr;
            xi[k] = ei + ti;
            xr[b] = er - tr;
            xi[b] = ti - ei;
        }
    }

    @Override
    public void splitInverse(float[] xr, float[] xi, float[] wr, float[] wi, float[] zr, float[] zi, int half) {
        splitInverse(xr, xi, wr, wi, zr, zi, half, 1);
    }

    /** {@link #splitInverse} from point {@code k0} on (the vector passes' tail). */
    static void splitInverse(float[] xr, float[] xi, float[] wr, float[] wi, float[] zr, float[] zi, int half, int k0) {
        for (int k = k0, b = half - k0; k <= b; k++, b--) {
            float er = 0.5f * (xr[k] + xr[b]);
            float ei = 0.5f * (xi[k] - xi[b]);
            float dr = 0.5f * (xr[k] - xr[b]);
            float di = 0.5f * (xi[k] + xi[b]);
            float c = wr[k];
            float s = wi[k];
            float or = dr * c - di * s;
            float oi = dr * s + di * c;
            zr[k] = er - oi;
            zi[k] = ei + or;
            zr[b] = er + oi;
            zi[b] = or - ei;
        }
    }

    @Override
    public double dot8(double[] c, int row, double[] z, int first, int nc) {
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        double a4 = 0;
        double a5 = 0;
        double a6 = 0;
        double a7 = 0;
        int t = 0;
        for (; t + 8 <= nc; t += 8) {
            a0 += c[row + t] * z[first + t];
            a1 += c[row + t + 1] * z[first + t + 1];
            a2 += c[row + t + 2] * z[first + t + 2];
            a3 += c[row + t + 3] * z[first + t + 3];
            a4 += c[row + t + 4] * z[first + t + 4];
            a5 += c[row + t + 5] * z[first + t + 5];
            a6 += c[row + t + 6] * z[first + t + 6];
            a7 += c[row + t + 7] * z[first + t + 7];
        }
        if (t < nc) { // the last, partial group: lanes past nc add +0.0, as the vector code's zeroed lanes do
            a0 += c[row + t] * z[first + t];
            a1 += t + 1 < nc ? c[row + t + 1] * z[first + t + 1] : 0.0;
            a2 += t + 2 < nc ? c[row + t + 2] * z[first + t + 2] : 0.0;
            a3 += t + 3 < nc ? c[row + t + 3] * z[first + t + 3] : 0.0;
            a4 += t + 4 < nc ? c[row + t + 4] * z[first + t + 4] : 0.0;
            a5 += t + 5 < nc ? c[row + t + 5] * z[first + t + 5] : 0.0;
            a6 += t + 6 < nc ? c[row + t + 6] * z[first + t + 6] : 0.0;
            a7 += t + 7 < nc ? c[row + t + 7] * z[first + t + 7] : 0.0;
        }
        return ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7));
    }
}
