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
    public void splitInverseTimes(float[] xr, float[] xi, float[] hr, float[] hi, float[] wr, float[] wi, float[] zr,
            float[] zi, int half) {
        splitInverseTimes(xr, xi, hr, hi, wr, wi, zr, zi, half, 1);
    }

    /**
     * {@link #splitInverseTimes} from {@code k0} on (the vector passes' tail): the products of bins {@code k0} to
     * {@code half - k0} formed in place, then the split step.
     */
    static void splitInverseTimes(float[] xr, float[] xi, float[] hr, float[] hi, float[] wr, float[] wi, float[] zr,
            float[] zi, int half, int k0) {
        multiply(xr, xi, hr, hi, k0, half - k0 + 1);
        splitInverse(xr, xi, wr, wi, zr, zi, half, k0);
    }

    /** cos and -sin of 2 pi e / 16, e in [0, 9] (the twiddles of {@link #dft16Rows}), exact where they are 0 or 1. */
    static final float[] W16C = new float[10];
    static final float[] W16S = new float[10];

    static {
        for (int e = 0; e < 10; e++) {
            W16C[e] = e % 4 == 0 ? (e % 8 == 0 ? 1f : -1f) : (float) Math.cos(Math.PI * e / 8);
            W16S[e] = e % 4 == 0 ? 0f : -(float) Math.sin(Math.PI * e / 8);
            if (e == 4) {
                W16C[e] = 0f;
                W16S[e] = -1f;
            }
        }
    }

    /** Row of bin {@code k} after {@link #dft16Rows} (an involution: also the bin in row {@code k}). */
    static int rowOfBin(int k) {
        return 4 * (k & 3) + (k >> 2);
    }

    @Override
    public void dft16Rows(float[] re, float[] im, int cols) {
        for (int t1 = 0; t1 < 4; t1++) {
            int a = t1 * cols;
            int b = a + 4 * cols;
            int c = b + 4 * cols;
            int d = c + 4 * cols;
            float w1c = W16C[t1];
            float w1s = W16S[t1];
            float w2c = W16C[2 * t1];
            float w2s = W16S[2 * t1];
            float w3c = W16C[3 * t1];
            float w3s = W16S[3 * t1];
            for (int j = 0; j < cols; j++) {
                float s0r = re[a + j] + re[c + j];
                float s0i = im[a + j] + im[c + j];
                float d0r = re[a + j] - re[c + j];
                float d0i = im[a + j] - im[c + j];
                float s1r = re[b + j] + re[d + j];
                float s1i = im[b + j] + im[d + j];
                float d1r = re[b + j] - re[d + j];
                float d1i = im[b + j] - im[d + j];
                float u1r = d0r + d1i;
                float u1i = d0i - d1r;
                float u2r = s0r - s1r;
                float u2i = s0i - s1i;
                float u3r = d0r - d1i;
                float u3i = d0i + d1r;
                re[a + j] = s0r + s1r;
                im[a + j] = s0i + s1i;
                if (t1 == 0) { // twiddles 1 (C2 unswitches the loop on t1)
                    re[b + j] = u1r;
                    im[b + j] = u1i;
                    re[c + j] = u2r;
                    im[c + j] = u2i;
                    re[d + j] = u3r;
                    im[d + j] = u3i;
                } else {
                    re[b + j] = u1r * w1c - u1i * w1s;
                    im[b + j] = u1r * w1s + u1i * w1c;
                    re[c + j] = u2r * w2c - u2i * w2s;
                    im[c + j] = u2r * w2s + u2i * w2c;
                    re[d + j] = u3r * w3c - u3i * w3s;
                    im[d + j] = u3r * w3s + u3i * w3c;
                }
            }
        }
        for (int k2 = 0; k2 < 4; k2++) {
            int a = 4 * k2 * cols;
            int b = a + cols;
            int c = b + cols;
            int d = c + cols;
            for (int j = 0; j < cols; j++) {
                float s0r = re[a + j] + re[c + j];
                float s0i = im[a + j] + im[c + j];
                float d0r = re[a + j] - re[c + j];
                float d0i = im[a + j] - im[c + j];
                float s1r = re[b + j] + re[d + j];
                float s1i = im[b + j] + im[d + j];
                float d1r = re[b + j] - re[d + j];
                float d1i = im[b + j] - im[d + j];
                re[a + j] = s0r + s1r;
                im[a + j] = s0i + s1i;
                re[b + j] = d0r + d1i;
                im[b + j] = d0i - d1r;
                re[c + j] = s0r - s1r;
                im[c + j] = s0i - s1i;
                re[d + j] = d0r - d1i;
                im[d + j] = d0i + d1r;
            }
        }
    }

    @Override
    public void rowsToGroups(float[] sr, float[] si, float[] dr, float[] di, int cols, int[] tileDst,
            float[] tile) {
        for (int t = 0; t < cols / 16; t++) {
            for (int l = 0; l < 16; l++) {
                int src = 16 * t + l;
                int dst = tileDst[t] + (Integer.reverse(l) >>> 28) * cols;
                for (int k = 0; k < 16; k++) {
                    dr[dst + k] = sr[rowOfBin(k) * cols + src];
                    di[dst + k] = si[rowOfBin(k) * cols + src];
                }
            }
        }
    }

    @Override
    public void mirrorConjugate(float[] sr, float[] si, int from, float[] dr, float[] di, int to, int n) {
        mirrorConjugate(sr, si, from, dr, di, to, 0, n);
    }

    /** {@link #mirrorConjugate} from {@code m0} on (the vector passes' tail). */
    static void mirrorConjugate(float[] sr, float[] si, int from, float[] dr, float[] di, int to, int m0, int n) {
        for (int m = m0; m < n; m++) {
            dr[to + m] = sr[from - m];
            di[to + m] = -si[from - m];
        }
    }

    @Override
    public void multiplyScaled(float[] xr, float[] xi, float[] hr, float[] hi, float scale, float[] dr, float[] di,
            int n) {
        multiplyScaled(xr, xi, hr, hi, scale, dr, di, 0, n);
    }

    /** {@link #multiplyScaled} from bin {@code k0} on (the vector passes' tail). */
    static void multiplyScaled(float[] xr, float[] xi, float[] hr, float[] hi, float scale, float[] dr, float[] di,
            int k0, int n) {
        for (int k = k0; k < n; k++) {
            float r = xr[k] * hr[k] - xi[k] * hi[k];
            float i = xr[k] * hi[k] + xi[k] * hr[k];
            dr[k] = r * scale;
            di[k] = i * scale;
        }
    }

    @Override
    public void multiply(float[] xr, float[] xi, float[] hr, float[] hi, int n) {
        multiply(xr, xi, hr, hi, 0, n);
    }

    /** {@link #multiply} from bin {@code k0} on (the vector passes' tail). */
    static void multiply(float[] xr, float[] xi, float[] hr, float[] hi, int k0, int n) {
        for (int k = k0; k < n; k++) {
            float r = xr[k] * hr[k] - xi[k] * hi[k];
            float i = xr[k] * hi[k] + xi[k] * hr[k];
            xr[k] = r;
            xi[k] = i;
        }
    }

    @Override
    public void deinterleave(float[] x, int off, float[] re, float[] im, int n) {
        for (int j = 0; j < n; j++) {
            re[j] = x[off + 2 * j];
            im[j] = x[off + 2 * j + 1];
        }
    }

    @Override
    public void interleave(float[] re, float[] im, int from, float scale, float[] x, int off, int n) {
        interleave(re, im, from, scale, x, off, 0, n);
    }

    /** {@link #interleave} from {@code j0} on (the vector passes' tail). */
    static void interleave(float[] re, float[] im, int from, float scale, float[] x, int off, int j0, int n) {
        for (int j = j0; j < n; j++) {
            x[off + 2 * j] = re[from + j] * scale;
            x[off + 2 * j + 1] = im[from + j] * scale;
        }
    }

    @Override
    public float dot16(float[] c, int row, float[] z, int first, int nc) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        float a4 = 0;
        float a5 = 0;
        float a6 = 0;
        float a7 = 0;
        float a8 = 0;
        float a9 = 0;
        float a10 = 0;
        float a11 = 0;
        float a12 = 0;
        float a13 = 0;
        float a14 = 0;
        float a15 = 0;
        int t = 0;
        for (; t + 16 <= nc; t += 16) {
            a0 += c[row + t] * z[first + t];
            a1 += c[row + t + 1] * z[first + t + 1];
            a2 += c[row + t + 2] * z[first + t + 2];
            a3 += c[row + t + 3] * z[first + t + 3];
            a4 += c[row + t + 4] * z[first + t + 4];
            a5 += c[row + t + 5] * z[first + t + 5];
            a6 += c[row + t + 6] * z[first + t + 6];
            a7 += c[row + t + 7] * z[first + t + 7];
            a8 += c[row + t + 8] * z[first + t + 8];
            a9 += c[row + t + 9] * z[first + t + 9];
            a10 += c[row + t + 10] * z[first + t + 10];
            a11 += c[row + t + 11] * z[first + t + 11];
            a12 += c[row + t + 12] * z[first + t + 12];
            a13 += c[row + t + 13] * z[first + t + 13];
            a14 += c[row + t + 14] * z[first + t + 14];
            a15 += c[row + t + 15] * z[first + t + 15];
        }
        if (t < nc) { // the last, partial group: lanes past nc add +0.0, as the vector code's zeroed lanes do
            a0 += c[row + t] * z[first + t];
            a1 += t + 1 < nc ? c[row + t + 1] * z[first + t + 1] : 0f;
            a2 += t + 2 < nc ? c[row + t + 2] * z[first + t + 2] : 0f;
            a3 += t + 3 < nc ? c[row + t + 3] * z[first + t + 3] : 0f;
            a4 += t + 4 < nc ? c[row + t + 4] * z[first + t + 4] : 0f;
            a5 += t + 5 < nc ? c[row + t + 5] * z[first + t + 5] : 0f;
            a6 += t + 6 < nc ? c[row + t + 6] * z[first + t + 6] : 0f;
            a7 += t + 7 < nc ? c[row + t + 7] * z[first + t + 7] : 0f;
            a8 += t + 8 < nc ? c[row + t + 8] * z[first + t + 8] : 0f;
            a9 += t + 9 < nc ? c[row + t + 9] * z[first + t + 9] : 0f;
            a10 += t + 10 < nc ? c[row + t + 10] * z[first + t + 10] : 0f;
            a11 += t + 11 < nc ? c[row + t + 11] * z[first + t + 11] : 0f;
            a12 += t + 12 < nc ? c[row + t + 12] * z[first + t + 12] : 0f;
            a13 += t + 13 < nc ? c[row + t + 13] * z[first + t + 13] : 0f;
            a14 += t + 14 < nc ? c[row + t + 14] * z[first + t + 14] : 0f;
            a15 += t + 15 < nc ? c[row + t + 15] * z[first + t + 15] : 0f;
        }
        // the vector tree: lanes l and l + 8, then 4 apart, 2 apart, 1 apart, lane 0 first
        float b0 = a0 + a8;
        float b1 = a1 + a9;
        float b2 = a2 + a10;
        float b3 = a3 + a11;
        float b4 = a4 + a12;
        float b5 = a5 + a13;
        float b6 = a6 + a14;
        float b7 = a7 + a15;
        return ((b0 + b4) + (b2 + b6)) + ((b1 + b5) + (b3 + b7));
    }
}
