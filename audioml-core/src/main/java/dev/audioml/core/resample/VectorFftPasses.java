package dev.audioml.core.resample;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FftPasses} on {@code jdk.incubator.vector}: the inner loop over the twiddle index {@code j} runs a vector of
 * {@code j}s at a time (8 doubles with AVX-512, 4 with AVX2), with the scalar passes' operations in the same order
 * (no fused multiply-add), so the results equal {@link ScalarFftPasses}'s bit for bit. Passes whose {@code h} is
 * below the vector length run on scalars (a 4-lane species for {@code h = 4} beside the preferred 8-lane one made the
 * whole transform twice as slow under JDK 17's C2, so there is one species); the single-precision transform avoids
 * them from 256 points on ({@link #dft16Rows} works across rows, {@link #rowsToGroups} transposes 16 x 16 tiles by
 * shuffles). Shuffles are one-vector {@code rearrange}s and blends (JDK 17 does not intrinsify the two-vector
 * {@code rearrange}). Loaded only by {@link FftPasses#best} when the module is present.
 *
 * <p>Immutable and thread-safe.
 */
final class VectorFftPasses implements FftPasses {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private final ScalarFftPasses scalar = new ScalarFftPasses();

    VectorFftPasses() {
        if (S.length() < 2) {
            throw new UnsupportedOperationException("no double vectors on this CPU");
        }
    }

    @Override
    public void radix4(double[] re, double[] im, int n, int h, double[] tac, double[] tas, double[] tbc, double[] tbs,
            int off) {
        if (h >= S.length()) {
            radixPreferred(re, im, n, h, tac, tas, tbc, tbs, off);
        } else {
            scalar.radix4(re, im, n, h, tac, tas, tbc, tbs, off);
        }
    }

    /** The pass on vectors of the preferred species, {@code h} a multiple of its length. */
    private static void radixPreferred(double[] re, double[] im, int n, int h, double[] tac,
            double[] tas, double[] tbc, double[] tbs, int off) {
        int lanes = S.length();
        for (int g = 0; g < n; g += 4 * h) {
            for (int j = 0; j < h; j += lanes) { // h and lanes are powers of two
                int p0 = g + j;
                int p1 = p0 + h;
                int p2 = p1 + h;
                int p3 = p2 + h;
                DoubleVector ac = DoubleVector.fromArray(S, tac, off + j);
                DoubleVector as = DoubleVector.fromArray(S, tas, off + j);
                DoubleVector bc = DoubleVector.fromArray(S, tbc, off + j);
                DoubleVector bs = DoubleVector.fromArray(S, tbs, off + j);
                DoubleVector r0 = DoubleVector.fromArray(S, re, p0);
                DoubleVector i0 = DoubleVector.fromArray(S, im, p0);
                DoubleVector r1 = DoubleVector.fromArray(S, re, p1);
                DoubleVector i1 = DoubleVector.fromArray(S, im, p1);
                DoubleVector r2 = DoubleVector.fromArray(S, re, p2);
                DoubleVector i2 = DoubleVector.fromArray(S, im, p2);
                DoubleVector r3 = DoubleVector.fromArray(S, re, p3);
                DoubleVector i3 = DoubleVector.fromArray(S, im, p3);
                DoubleVector tr = r1.mul(ac).sub(i1.mul(as));
                DoubleVector ti = r1.mul(as).add(i1.mul(ac));
                DoubleVector b0r = r0.add(tr);
                DoubleVector b0i = i0.add(ti);
                DoubleVector b1r = r0.sub(tr);
                DoubleVector b1i = i0.sub(ti);
                tr = r3.mul(ac).sub(i3.mul(as));
                ti = r3.mul(as).add(i3.mul(ac));
                DoubleVector b2r = r2.add(tr);
                DoubleVector b2i = i2.add(ti);
                DoubleVector b3r = r2.sub(tr);
                DoubleVector b3i = i2.sub(ti);
                tr = b2r.mul(bc).sub(b2i.mul(bs));
                ti = b2r.mul(bs).add(b2i.mul(bc));
                b0r.add(tr).intoArray(re, p0);
                b0i.add(ti).intoArray(im, p0);
                b0r.sub(tr).intoArray(re, p2);
                b0i.sub(ti).intoArray(im, p2);
                DoubleVector ur = b3r.mul(bc).sub(b3i.mul(bs));
                DoubleVector ui = b3r.mul(bs).add(b3i.mul(bc));
                b1r.add(ui).intoArray(re, p1);
                b1i.sub(ur).intoArray(im, p1);
                b1r.sub(ui).intoArray(re, p3);
                b1i.add(ur).intoArray(im, p3);
            }
        }
    }

    @Override
    public void radix2(double[] re, double[] im, int h, double[] tac, double[] tas, int off) {
        int lanes = S.length();
        if (h < lanes) {
            scalar.radix2(re, im, h, tac, tas, off);
            return;
        }
        for (int j = 0; j < h; j += lanes) {
            int q = j + h;
            DoubleVector c = DoubleVector.fromArray(S, tac, off + j);
            DoubleVector sn = DoubleVector.fromArray(S, tas, off + j);
            DoubleVector rq = DoubleVector.fromArray(S, re, q);
            DoubleVector iq = DoubleVector.fromArray(S, im, q);
            DoubleVector rj = DoubleVector.fromArray(S, re, j);
            DoubleVector ij = DoubleVector.fromArray(S, im, j);
            DoubleVector ur = rq.mul(c).sub(iq.mul(sn));
            DoubleVector ui = rq.mul(sn).add(iq.mul(c));
            rj.sub(ur).intoArray(re, q);
            ij.sub(ui).intoArray(im, q);
            rj.add(ur).intoArray(re, j);
            ij.add(ui).intoArray(im, j);
        }
    }

    // Single precision (FloatFftConvolver): twice the lanes of the double passes, the same operation order.

    @Override
    public void radix4(float[] re, float[] im, int n, int h, float[] tac, float[] tas, float[] tbc, float[] tbs,
            int off) {
        if (h >= F.length()) {
            radixPreferredF(re, im, n, h, tac, tas, tbc, tbs, off);
        } else {
            scalar.radix4(re, im, n, h, tac, tas, tbc, tbs, off);
        }
    }

    /** The single-precision pass on vectors of the preferred float species, {@code h} a multiple of its length. */
    private static void radixPreferredF(float[] re, float[] im, int n, int h, float[] tac,
            float[] tas, float[] tbc, float[] tbs, int off) {
        int lanes = F.length();
        for (int g = 0; g < n; g += 4 * h) {
            for (int j = 0; j < h; j += lanes) { // h and lanes are powers of two
                int p0 = g + j;
                int p1 = p0 + h;
                int p2 = p1 + h;
                int p3 = p2 + h;
                FloatVector ac = FloatVector.fromArray(F, tac, off + j);
                FloatVector as = FloatVector.fromArray(F, tas, off + j);
                FloatVector bc = FloatVector.fromArray(F, tbc, off + j);
                FloatVector bs = FloatVector.fromArray(F, tbs, off + j);
                FloatVector r0 = FloatVector.fromArray(F, re, p0);
                FloatVector i0 = FloatVector.fromArray(F, im, p0);
                FloatVector r1 = FloatVector.fromArray(F, re, p1);
                FloatVector i1 = FloatVector.fromArray(F, im, p1);
                FloatVector r2 = FloatVector.fromArray(F, re, p2);
                FloatVector i2 = FloatVector.fromArray(F, im, p2);
                FloatVector r3 = FloatVector.fromArray(F, re, p3);
                FloatVector i3 = FloatVector.fromArray(F, im, p3);
                FloatVector tr = r1.mul(ac).sub(i1.mul(as));
                FloatVector ti = r1.mul(as).add(i1.mul(ac));
                FloatVector b0r = r0.add(tr);
                FloatVector b0i = i0.add(ti);
                FloatVector b1r = r0.sub(tr);
                FloatVector b1i = i0.sub(ti);
                tr = r3.mul(ac).sub(i3.mul(as));
                ti = r3.mul(as).add(i3.mul(ac));
                FloatVector b2r = r2.add(tr);
                FloatVector b2i = i2.add(ti);
                FloatVector b3r = r2.sub(tr);
                FloatVector b3i = i2.sub(ti);
                tr = b2r.mul(bc).sub(b2i.mul(bs));
                ti = b2r.mul(bs).add(b2i.mul(bc));
                b0r.add(tr).intoArray(re, p0);
                b0i.add(ti).intoArray(im, p0);
                b0r.sub(tr).intoArray(re, p2);
                b0i.sub(ti).intoArray(im, p2);
                FloatVector ur = b3r.mul(bc).sub(b3i.mul(bs));
                FloatVector ui = b3r.mul(bs).add(b3i.mul(bc));
                b1r.add(ui).intoArray(re, p1);
                b1i.sub(ur).intoArray(im, p1);
                b1r.sub(ui).intoArray(re, p3);
                b1i.add(ur).intoArray(im, p3);
            }
        }
    }

    @Override
    public void radix2(float[] re, float[] im, int h, float[] tac, float[] tas, int off) {
        int lanes = F.length();
        if (h < lanes) {
            scalar.radix2(re, im, h, tac, tas, off);
            return;
        }
        for (int j = 0; j < h; j += lanes) {
            int q = j + h;
            FloatVector c = FloatVector.fromArray(F, tac, off + j);
            FloatVector sn = FloatVector.fromArray(F, tas, off + j);
            FloatVector rq = FloatVector.fromArray(F, re, q);
            FloatVector iq = FloatVector.fromArray(F, im, q);
            FloatVector rj = FloatVector.fromArray(F, re, j);
            FloatVector ij = FloatVector.fromArray(F, im, j);
            FloatVector ur = rq.mul(c).sub(iq.mul(sn));
            FloatVector ui = rq.mul(sn).add(iq.mul(c));
            rj.sub(ur).intoArray(re, q);
            ij.sub(ui).intoArray(im, q);
            rj.add(ur).intoArray(re, j);
            ij.add(ui).intoArray(im, j);
        }
    }

    /** Lane order reversed: the points {@code half - k} run down while {@code k} runs up. */
    private static final VectorShuffle<Float> REVERSE = VectorShuffle.fromOp(F, i -> F.length() - 1 - i);

    @Override
    public void splitForward(float[] zr, float[] zi, float[] wr, float[] wi, float[] xr, float[] xi, int half) {
        int lanes = F.length();
        int k = 1;
        // whole vectors while the k block [k, k + lanes) ends at or before half / 2 (the b block then starts above it)
        for (; k + lanes - 1 <= half / 2; k += lanes) {
            int b = half - k - lanes + 1; // the b block [b, b + lanes) holds half - k .. half - k - lanes + 1, reversed
            FloatVector zrk = FloatVector.fromArray(F, zr, k);
            FloatVector zik = FloatVector.fromArray(F, zi, k);
            FloatVector zrb = FloatVector.fromArray(F, zr, b).rearrange(REVERSE);
            FloatVector zib = FloatVector.fromArray(F, zi, b).rearrange(REVERSE);
            FloatVector er = zrk.add(zrb).mul(0.5f);
            FloatVector ei = zik.sub(zib).mul(0.5f);
            FloatVector or = zik.add(zib).mul(0.5f);
            FloatVector oi = zrk.sub(zrb).mul(-0.5f);
            FloatVector c = FloatVector.fromArray(F, wr, k);
            FloatVector sn = FloatVector.fromArray(F, wi, k).neg();
            FloatVector tr = c.mul(or).sub(sn.mul(oi));
            FloatVector ti = c.mul(oi).add(sn.mul(or));
            er.add(tr).intoArray(xr, k);
            ei.add(ti).intoArray(xi, k);
            er.sub(tr).rearrange(REVERSE).intoArray(xr, b);
            ti.sub(ei).rearrange(REVERSE).intoArray(xi, b);
        }
        ScalarFftPasses.splitForward(zr, zi, wr, wi, xr, xi, half, k);
    }

    @Override
    public void splitInverse(float[] xr, float[] xi, float[] wr, float[] wi, float[] zr, float[] zi, int half) {
        int lanes = F.length();
        int k = 1;
        for (; k + lanes - 1 <= half / 2; k += lanes) {
            int b = half - k - lanes + 1;
            FloatVector xrk = FloatVector.fromArray(F, xr, k);
            FloatVector xik = FloatVector.fromArray(F, xi, k);
            FloatVector xrb = FloatVector.fromArray(F, xr, b).rearrange(REVERSE);
            FloatVector xib = FloatVector.fromArray(F, xi, b).rearrange(REVERSE);
            FloatVector er = xrk.add(xrb).mul(0.5f);
            FloatVector ei = xik.sub(xib).mul(0.5f);
            FloatVector dr = xrk.sub(xrb).mul(0.5f);
            FloatVector di = xik.add(xib).mul(0.5f);
            FloatVector c = FloatVector.fromArray(F, wr, k);
            FloatVector sn = FloatVector.fromArray(F, wi, k);
            FloatVector or = dr.mul(c).sub(di.mul(sn));
            FloatVector oi = dr.mul(sn).add(di.mul(c));
            er.sub(oi).intoArray(zr, k);
            ei.add(or).intoArray(zi, k);
            er.add(oi).rearrange(REVERSE).intoArray(zr, b);
            or.sub(ei).rearrange(REVERSE).intoArray(zi, b);
        }
        ScalarFftPasses.splitInverse(xr, xi, wr, wi, zr, zi, half, k);
    }

    @Override
    public void splitInverseTimes(float[] xr, float[] xi, float[] hr, float[] hi, float[] wr, float[] wi, float[] zr,
            float[] zi, int half) {
        int lanes = F.length();
        int k = 1;
        for (; k + lanes - 1 <= half / 2; k += lanes) {
            int b = half - k - lanes + 1;
            FloatVector ar = FloatVector.fromArray(F, xr, k);
            FloatVector ai = FloatVector.fromArray(F, xi, k);
            FloatVector br = FloatVector.fromArray(F, hr, k);
            FloatVector bi = FloatVector.fromArray(F, hi, k);
            FloatVector xrk = ar.mul(br).sub(ai.mul(bi));
            FloatVector xik = ar.mul(bi).add(ai.mul(br));
            ar = FloatVector.fromArray(F, xr, b);
            ai = FloatVector.fromArray(F, xi, b);
            br = FloatVector.fromArray(F, hr, b);
            bi = FloatVector.fromArray(F, hi, b);
            FloatVector xrb = ar.mul(br).sub(ai.mul(bi)).rearrange(REVERSE);
            FloatVector xib = ar.mul(bi).add(ai.mul(br)).rearrange(REVERSE);
            FloatVector er = xrk.add(xrb).mul(0.5f);
            FloatVector ei = xik.sub(xib).mul(0.5f);
            FloatVector dr = xrk.sub(xrb).mul(0.5f);
            FloatVector di = xik.add(xib).mul(0.5f);
            FloatVector c = FloatVector.fromArray(F, wr, k);
            FloatVector sn = FloatVector.fromArray(F, wi, k);
            FloatVector or = dr.mul(c).sub(di.mul(sn));
            FloatVector oi = dr.mul(sn).add(di.mul(c));
            er.sub(oi).intoArray(zr, k);
            ei.add(or).intoArray(zi, k);
            er.add(oi).rearrange(REVERSE).intoArray(zr, b);
            or.sub(ei).rearrange(REVERSE).intoArray(zi, b);
        }
        ScalarFftPasses.splitInverseTimes(xr, xi, hr, hi, wr, wi, zr, zi, half, k);
    }

    @Override
    public void dft16Rows(float[] re, float[] im, int cols) {
        firstRadix4(null, 0, false, re, im, cols);
        secondRadix4(re, im, cols);
    }

    @Override
    public void dft16RowsFrom(float[] x, int off, float[] re, float[] im, int cols) {
        firstRadix4(x, off, true, re, im, cols);
        secondRadix4(re, im, cols);
    }

    /**
     * {@link #dft16Rows}'s first radix-4 step (rows t1 + 4 t2 into t1 + 4 k2, twiddled), reading rows from
     * {@code re/im} or, {@code interleaved}, from the samples {@code x[off..]} (real/imaginary pairs) deinterleaved in
     * registers, so that {@link #dft16RowsFrom} never stores and loads the deinterleaved rows.
     */
    private static void firstRadix4(float[] x, int off, boolean interleaved, float[] re, float[] im, int cols) {
        int lanes = F.length();
        for (int t1 = 0; t1 < 4; t1++) {
            int a = t1 * cols;
            int b = a + 4 * cols;
            int c = b + 4 * cols;
            int d = c + 4 * cols;
            float w1c = ScalarFftPasses.W16C[t1];
            float w1s = ScalarFftPasses.W16S[t1];
            float w2c = ScalarFftPasses.W16C[2 * t1];
            float w2s = ScalarFftPasses.W16S[2 * t1];
            float w3c = ScalarFftPasses.W16C[3 * t1];
            float w3s = ScalarFftPasses.W16S[3 * t1];
            for (int j = 0; j < cols; j += lanes) {
                FloatVector ar;
                FloatVector ai;
                if (interleaved) {
                    FloatVector a0 = FloatVector.fromArray(F, x, off + 2 * (a + j));
                    FloatVector a1 = FloatVector.fromArray(F, x, off + 2 * (a + j) + lanes);
                    ar = a0.rearrange(EVEN).blend(a1.rearrange(EVEN), UPPER);
                    ai = a0.rearrange(ODD).blend(a1.rearrange(ODD), UPPER);
                } else {
                    ar = FloatVector.fromArray(F, re, a + j);
                    ai = FloatVector.fromArray(F, im, a + j);
                }
                FloatVector br;
                FloatVector bi;
                if (interleaved) {
                    FloatVector b0 = FloatVector.fromArray(F, x, off + 2 * (b + j));
                    FloatVector b1 = FloatVector.fromArray(F, x, off + 2 * (b + j) + lanes);
                    br = b0.rearrange(EVEN).blend(b1.rearrange(EVEN), UPPER);
                    bi = b0.rearrange(ODD).blend(b1.rearrange(ODD), UPPER);
                } else {
                    br = FloatVector.fromArray(F, re, b + j);
                    bi = FloatVector.fromArray(F, im, b + j);
                }
                FloatVector cr;
                FloatVector ci;
                if (interleaved) {
                    FloatVector c0 = FloatVector.fromArray(F, x, off + 2 * (c + j));
                    FloatVector c1 = FloatVector.fromArray(F, x, off + 2 * (c + j) + lanes);
                    cr = c0.rearrange(EVEN).blend(c1.rearrange(EVEN), UPPER);
                    ci = c0.rearrange(ODD).blend(c1.rearrange(ODD), UPPER);
                } else {
                    cr = FloatVector.fromArray(F, re, c + j);
                    ci = FloatVector.fromArray(F, im, c + j);
                }
                FloatVector dr;
                FloatVector di;
                if (interleaved) {
                    FloatVector d0 = FloatVector.fromArray(F, x, off + 2 * (d + j));
                    FloatVector d1 = FloatVector.fromArray(F, x, off + 2 * (d + j) + lanes);
                    dr = d0.rearrange(EVEN).blend(d1.rearrange(EVEN), UPPER);
                    di = d0.rearrange(ODD).blend(d1.rearrange(ODD), UPPER);
                } else {
                    dr = FloatVector.fromArray(F, re, d + j);
                    di = FloatVector.fromArray(F, im, d + j);
                }
                FloatVector s0r = ar.add(cr);
                FloatVector s0i = ai.add(ci);
                FloatVector d0r = ar.sub(cr);
                FloatVector d0i = ai.sub(ci);
                FloatVector s1r = br.add(dr);
                FloatVector s1i = bi.add(di);
                FloatVector d1r = br.sub(dr);
                FloatVector d1i = bi.sub(di);
                FloatVector u1r = d0r.add(d1i);
                FloatVector u1i = d0i.sub(d1r);
                FloatVector u2r = s0r.sub(s1r);
                FloatVector u2i = s0i.sub(s1i);
                FloatVector u3r = d0r.sub(d1i);
                FloatVector u3i = d0i.add(d1r);
                s0r.add(s1r).intoArray(re, a + j);
                s0i.add(s1i).intoArray(im, a + j);
                if (t1 == 0) {
                    u1r.intoArray(re, b + j);
                    u1i.intoArray(im, b + j);
                    u2r.intoArray(re, c + j);
                    u2i.intoArray(im, c + j);
                    u3r.intoArray(re, d + j);
                    u3i.intoArray(im, d + j);
                } else {
                    u1r.mul(w1c).sub(u1i.mul(w1s)).intoArray(re, b + j);
                    u1r.mul(w1s).add(u1i.mul(w1c)).intoArray(im, b + j);
                    u2r.mul(w2c).sub(u2i.mul(w2s)).intoArray(re, c + j);
                    u2r.mul(w2s).add(u2i.mul(w2c)).intoArray(im, c + j);
                    u3r.mul(w3c).sub(u3i.mul(w3s)).intoArray(re, d + j);
                    u3r.mul(w3s).add(u3i.mul(w3c)).intoArray(im, d + j);
                }
            }
        }
    }

    /** {@link #dft16Rows}'s second radix-4 step (rows 4 k2 + t1 into 4 k2 + k1). */
    private static void secondRadix4(float[] re, float[] im, int cols) {
        int lanes = F.length();
        for (int k2 = 0; k2 < 4; k2++) {
            int a = 4 * k2 * cols;
            int b = a + cols;
            int c = b + cols;
            int d = c + cols;
            for (int j = 0; j < cols; j += lanes) {
                FloatVector ar = FloatVector.fromArray(F, re, a + j);
                FloatVector ai = FloatVector.fromArray(F, im, a + j);
                FloatVector br = FloatVector.fromArray(F, re, b + j);
                FloatVector bi = FloatVector.fromArray(F, im, b + j);
                FloatVector cr = FloatVector.fromArray(F, re, c + j);
                FloatVector ci = FloatVector.fromArray(F, im, c + j);
                FloatVector dr = FloatVector.fromArray(F, re, d + j);
                FloatVector di = FloatVector.fromArray(F, im, d + j);
                FloatVector s0r = ar.add(cr);
                FloatVector s0i = ai.add(ci);
                FloatVector d0r = ar.sub(cr);
                FloatVector d0i = ai.sub(ci);
                FloatVector s1r = br.add(dr);
                FloatVector s1i = bi.add(di);
                FloatVector d1r = br.sub(dr);
                FloatVector d1i = bi.sub(di);
                s0r.add(s1r).intoArray(re, a + j);
                s0i.add(s1i).intoArray(im, a + j);
                d0r.add(d1i).intoArray(re, b + j);
                d0i.sub(d1r).intoArray(im, b + j);
                s0r.sub(s1r).intoArray(re, c + j);
                s0i.sub(s1i).intoArray(im, c + j);
                d0r.sub(d1i).intoArray(re, d + j);
                d0i.add(d1r).intoArray(im, d + j);
            }
        }
    }

    @Override
    public void rowsToGroups(float[] sr, float[] si, float[] dr, float[] di, int cols, int[] tileDst,
            float[] tile) {
        if (F.length() != 16) {
            scalar.rowsToGroups(sr, si, dr, di, cols, tileDst, tile);
            return;
        }
        for (int t = 0; t < cols / 16; t++) {
            transposeTile(sr, cols, 16 * t, dr, tileDst[t]);
            transposeTile(si, cols, 16 * t, di, tileDst[t]);
        }
    }

    /**
     * Lane i from lane i ^ s, and the lanes with bit s set, s = 8, 4, 2, 1: the transposition's steps (constants in
     * fields of their own: a shuffle read from an array is not a constant to C2, which then checks its indexes on every
     * use).
     */
    private static final VectorShuffle<Float> SWAP8 = VectorShuffle.fromOp(F, i -> i ^ (8 % F.length()));
    private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromOp(F, i -> i ^ 4);
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(F, i -> i ^ 2);
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(F, i -> i ^ 1);
    private static final VectorMask<Float> HIGH8 = lanesWith(8);
    private static final VectorMask<Float> HIGH4 = lanesWith(4);
    private static final VectorMask<Float> HIGH2 = lanesWith(2);
    private static final VectorMask<Float> HIGH1 = lanesWith(1);
    private static final VectorMask<Float> LOW8 = HIGH8.not();
    private static final VectorMask<Float> LOW4 = HIGH4.not();
    private static final VectorMask<Float> LOW2 = HIGH2.not();
    private static final VectorMask<Float> LOW1 = HIGH1.not();

    private static VectorMask<Float> lanesWith(int bit) {
        long bits = 0;
        for (int i = 0; i < F.length(); i++) {
            bits |= (i & bit) != 0 ? 1L << i : 0;
        }
        return VectorMask.fromLong(F, bits);
    }

    /**
     * Tile {@code col0} of the rows, in bin order ({@code rowOfBin}), transposed (a gather is not intrinsified in JDK
     * 17): four swap steps, blocks of 8, 4, 2, 1 lanes between rows {@code r} and {@code r + s}, on sixteen vectors
     * held in registers from the loads to the stores (AVX-512 has 32; the earlier version through a 256-float scratch
     * tile between the steps took twice as long), row {@code l} to {@code dst[at + bitrev4(l) cols]}. Written out
     * row by row: a loop over the rows would need the vectors in an array, which C2 keeps in memory.
     */
    private static void transposeTile(float[] src, int cols, int col0, float[] dst, int at) {
        FloatVector t;
        FloatVector v0 = FloatVector.fromArray(F, src, 0 * cols + col0);
        FloatVector v1 = FloatVector.fromArray(F, src, 4 * cols + col0);
        FloatVector v2 = FloatVector.fromArray(F, src, 8 * cols + col0);
        FloatVector v3 = FloatVector.fromArray(F, src, 12 * cols + col0);
        FloatVector v4 = FloatVector.fromArray(F, src, 1 * cols + col0);
        FloatVector v5 = FloatVector.fromArray(F, src, 5 * cols + col0);
        FloatVector v6 = FloatVector.fromArray(F, src, 9 * cols + col0);
        FloatVector v7 = FloatVector.fromArray(F, src, 13 * cols + col0);
        FloatVector v8 = FloatVector.fromArray(F, src, 2 * cols + col0);
        FloatVector v9 = FloatVector.fromArray(F, src, 6 * cols + col0);
        FloatVector v10 = FloatVector.fromArray(F, src, 10 * cols + col0);
        FloatVector v11 = FloatVector.fromArray(F, src, 14 * cols + col0);
        FloatVector v12 = FloatVector.fromArray(F, src, 3 * cols + col0);
        FloatVector v13 = FloatVector.fromArray(F, src, 7 * cols + col0);
        FloatVector v14 = FloatVector.fromArray(F, src, 11 * cols + col0);
        FloatVector v15 = FloatVector.fromArray(F, src, 15 * cols + col0);
        t = v0.blend(v8.rearrange(SWAP8), HIGH8);
        v8 = v8.blend(v0.rearrange(SWAP8), LOW8);
        v0 = t;
        t = v1.blend(v9.rearrange(SWAP8), HIGH8);
        v9 = v9.blend(v1.rearrange(SWAP8), LOW8);
        v1 = t;
        t = v2.blend(v10.rearrange(SWAP8), HIGH8);
        v10 = v10.blend(v2.rearrange(SWAP8), LOW8);
        v2 = t;
        t = v3.blend(v11.rearrange(SWAP8), HIGH8);
        v11 = v11.blend(v3.rearrange(SWAP8), LOW8);
        v3 = t;
        t = v4.blend(v12.rearrange(SWAP8), HIGH8);
        v12 = v12.blend(v4.rearrange(SWAP8), LOW8);
        v4 = t;
        t = v5.blend(v13.rearrange(SWAP8), HIGH8);
        v13 = v13.blend(v5.rearrange(SWAP8), LOW8);
        v5 = t;
        t = v6.blend(v14.rearrange(SWAP8), HIGH8);
        v14 = v14.blend(v6.rearrange(SWAP8), LOW8);
        v6 = t;
        t = v7.blend(v15.rearrange(SWAP8), HIGH8);
        v15 = v15.blend(v7.rearrange(SWAP8), LOW8);
        v7 = t;
        t = v0.blend(v4.rearrange(SWAP4), HIGH4);
        v4 = v4.blend(v0.rearrange(SWAP4), LOW4);
        v0 = t;
        t = v1.blend(v5.rearrange(SWAP4), HIGH4);
        v5 = v5.blend(v1.rearrange(SWAP4), LOW4);
        v1 = t;
        t = v2.blend(v6.rearrange(SWAP4), HIGH4);
        v6 = v6.blend(v2.rearrange(SWAP4), LOW4);
        v2 = t;
        t = v3.blend(v7.rearrange(SWAP4), HIGH4);
        v7 = v7.blend(v3.rearrange(SWAP4), LOW4);
        v3 = t;
        t = v8.blend(v12.rearrange(SWAP4), HIGH4);
        v12 = v12.blend(v8.rearrange(SWAP4), LOW4);
        v8 = t;
        t = v9.blend(v13.rearrange(SWAP4), HIGH4);
        v13 = v13.blend(v9.rearrange(SWAP4), LOW4);
        v9 = t;
        t = v10.blend(v14.rearrange(SWAP4), HIGH4);
        v14 = v14.blend(v10.rearrange(SWAP4), LOW4);
        v10 = t;
        t = v11.blend(v15.rearrange(SWAP4), HIGH4);
        v15 = v15.blend(v11.rearrange(SWAP4), LOW4);
        v11 = t;
        t = v0.blend(v2.rearrange(SWAP2), HIGH2);
        v2 = v2.blend(v0.rearrange(SWAP2), LOW2);
        v0 = t;
        t = v1.blend(v3.rearrange(SWAP2), HIGH2);
        v3 = v3.blend(v1.rearrange(SWAP2), LOW2);
        v1 = t;
        t = v4.blend(v6.rearrange(SWAP2), HIGH2);
        v6 = v6.blend(v4.rearrange(SWAP2), LOW2);
        v4 = t;
        t = v5.blend(v7.rearrange(SWAP2), HIGH2);
        v7 = v7.blend(v5.rearrange(SWAP2), LOW2);
        v5 = t;
        t = v8.blend(v10.rearrange(SWAP2), HIGH2);
        v10 = v10.blend(v8.rearrange(SWAP2), LOW2);
        v8 = t;
        t = v9.blend(v11.rearrange(SWAP2), HIGH2);
        v11 = v11.blend(v9.rearrange(SWAP2), LOW2);
        v9 = t;
        t = v12.blend(v14.rearrange(SWAP2), HIGH2);
        v14 = v14.blend(v12.rearrange(SWAP2), LOW2);
        v12 = t;
        t = v13.blend(v15.rearrange(SWAP2), HIGH2);
        v15 = v15.blend(v13.rearrange(SWAP2), LOW2);
        v13 = t;
        t = v0.blend(v1.rearrange(SWAP1), HIGH1);
        v1 = v1.blend(v0.rearrange(SWAP1), LOW1);
        v0 = t;
        t = v2.blend(v3.rearrange(SWAP1), HIGH1);
        v3 = v3.blend(v2.rearrange(SWAP1), LOW1);
        v2 = t;
        t = v4.blend(v5.rearrange(SWAP1), HIGH1);
        v5 = v5.blend(v4.rearrange(SWAP1), LOW1);
        v4 = t;
        t = v6.blend(v7.rearrange(SWAP1), HIGH1);
        v7 = v7.blend(v6.rearrange(SWAP1), LOW1);
        v6 = t;
        t = v8.blend(v9.rearrange(SWAP1), HIGH1);
        v9 = v9.blend(v8.rearrange(SWAP1), LOW1);
        v8 = t;
        t = v10.blend(v11.rearrange(SWAP1), HIGH1);
        v11 = v11.blend(v10.rearrange(SWAP1), LOW1);
        v10 = t;
        t = v12.blend(v13.rearrange(SWAP1), HIGH1);
        v13 = v13.blend(v12.rearrange(SWAP1), LOW1);
        v12 = t;
        t = v14.blend(v15.rearrange(SWAP1), HIGH1);
        v15 = v15.blend(v14.rearrange(SWAP1), LOW1);
        v14 = t;
        v0.intoArray(dst, at + 0 * cols);
        v1.intoArray(dst, at + 8 * cols);
        v2.intoArray(dst, at + 4 * cols);
        v3.intoArray(dst, at + 12 * cols);
        v4.intoArray(dst, at + 2 * cols);
        v5.intoArray(dst, at + 10 * cols);
        v6.intoArray(dst, at + 6 * cols);
        v7.intoArray(dst, at + 14 * cols);
        v8.intoArray(dst, at + 1 * cols);
        v9.intoArray(dst, at + 9 * cols);
        v10.intoArray(dst, at + 5 * cols);
        v11.intoArray(dst, at + 13 * cols);
        v12.intoArray(dst, at + 3 * cols);
        v13.intoArray(dst, at + 11 * cols);
        v14.intoArray(dst, at + 7 * cols);
        v15.intoArray(dst, at + 15 * cols);
    }

    /** Lane i from lane 2 (i mod 8) (EVEN) or 2 (i mod 8) + 1 (ODD); DUP_LO/HI: lane i from i / 2 (+ 8). */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(F, i -> (2 * i) % F.length());
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(F, i -> (2 * i + 1) % F.length());
    private static final VectorShuffle<Float> DUP_LO = VectorShuffle.fromOp(F, i -> i / 2);
    private static final VectorShuffle<Float> DUP_HI = VectorShuffle.fromOp(F, i -> F.length() / 2 + i / 2);
    private static final VectorMask<Float> UPPER =
            VectorMask.fromLong(F, ((1L << F.length()) - 1) & ~((1L << (F.length() / 2)) - 1));
    private static final VectorMask<Float> ODD_LANES =
            VectorMask.fromLong(F, 0xAAAAAAAAAAAAAAAAL & ((1L << F.length()) - 1));

    @Override
    public void multiplyScaled(float[] xr, float[] xi, float[] hr, float[] hi, float scale, float[] dr, float[] di,
            int n) {
        int k = 0;
        for (int bound = F.loopBound(n); k < bound; k += F.length()) {
            FloatVector ar = FloatVector.fromArray(F, xr, k);
            FloatVector ai = FloatVector.fromArray(F, xi, k);
            FloatVector br = FloatVector.fromArray(F, hr, k);
            FloatVector bi = FloatVector.fromArray(F, hi, k);
            ar.mul(br).sub(ai.mul(bi)).mul(scale).intoArray(dr, k);
            ar.mul(bi).add(ai.mul(br)).mul(scale).intoArray(di, k);
        }
        ScalarFftPasses.multiplyScaled(xr, xi, hr, hi, scale, dr, di, k, n);
    }

    @Override
    public void multiply(float[] xr, float[] xi, float[] hr, float[] hi, int n) {
        int k = 0;
        for (int bound = F.loopBound(n); k < bound; k += F.length()) {
            FloatVector ar = FloatVector.fromArray(F, xr, k);
            FloatVector ai = FloatVector.fromArray(F, xi, k);
            FloatVector br = FloatVector.fromArray(F, hr, k);
            FloatVector bi = FloatVector.fromArray(F, hi, k);
            ar.mul(br).sub(ai.mul(bi)).intoArray(xr, k);
            ar.mul(bi).add(ai.mul(br)).intoArray(xi, k);
        }
        ScalarFftPasses.multiply(xr, xi, hr, hi, k, n);
    }

    @Override
    public void mirrorConjugate(float[] sr, float[] si, int from, float[] dr, float[] di, int to, int n) {
        int lanes = F.length();
        int m = 0;
        for (; m + lanes <= n; m += lanes) { // source [from - m - lanes + 1, from - m], reversed
            int at = from - m - lanes + 1;
            FloatVector.fromArray(F, sr, at).rearrange(REVERSE).intoArray(dr, to + m);
            FloatVector.fromArray(F, si, at).rearrange(REVERSE).neg().intoArray(di, to + m);
        }
        ScalarFftPasses.mirrorConjugate(sr, si, from, dr, di, to, m, n);
    }

    @Override
    public void deinterleave(float[] x, int off, float[] re, float[] im, int n) {
        int lanes = F.length();
        for (int j = 0; j < n; j += lanes) {
            FloatVector a = FloatVector.fromArray(F, x, off + 2 * j);
            FloatVector b = FloatVector.fromArray(F, x, off + 2 * j + lanes);
            a.rearrange(EVEN).blend(b.rearrange(EVEN), UPPER).intoArray(re, j);
            a.rearrange(ODD).blend(b.rearrange(ODD), UPPER).intoArray(im, j);
        }
    }

    @Override
    public void interleave(float[] re, float[] im, int from, float scale, float[] x, int off, int n) {
        int lanes = F.length();
        int j = 0;
        for (; j + lanes <= n; j += lanes) {
            FloatVector r = FloatVector.fromArray(F, re, from + j).mul(scale);
            FloatVector i = FloatVector.fromArray(F, im, from + j).mul(scale);
            r.rearrange(DUP_LO).blend(i.rearrange(DUP_LO), ODD_LANES).intoArray(x, off + 2 * j);
            r.rearrange(DUP_HI).blend(i.rearrange(DUP_HI), ODD_LANES).intoArray(x, off + 2 * j + lanes);
        }
        ScalarFftPasses.interleave(re, im, from, scale, x, off, j, n);
    }

    /** Sixteen float lanes (AVX-512) for dot16; null where the preferred species differs (the scalar dot16 then). */
    private static final VectorSpecies<Float> F16 = F.length() == 16 ? F : null;
    private static final VectorShuffle<Float> Y8 = F16 == null ? null : VectorShuffle.fromOp(F16, i -> i ^ 8);
    private static final VectorShuffle<Float> Y4 = F16 == null ? null : VectorShuffle.fromOp(F16, i -> i ^ 4);
    private static final VectorShuffle<Float> Y2 = F16 == null ? null : VectorShuffle.fromOp(F16, i -> i ^ 2);
    private static final VectorShuffle<Float> Y1 = F16 == null ? null : VectorShuffle.fromOp(F16, i -> i ^ 1);
    /** FROM[r]: the lanes from r on (a partial last group of r taps). */
    @SuppressWarnings("unchecked")
    private static final VectorMask<Float>[] FROM = new VectorMask[17];

    static {
        for (int r = 0; F16 != null && r <= 16; r++) {
            FROM[r] = VectorMask.fromLong(F16, 0xffffL & ~((1L << r) - 1));
        }
    }

    @Override
    public float dot16(float[] c, int row, float[] z, int first, int nc) {
        if (F16 == null) {
            return scalar.dot16(c, row, z, first, nc);
        }
        FloatVector acc = FloatVector.zero(F16);
        int t = 0;
        for (; t + 16 <= nc; t += 16) {
            acc = acc.add(FloatVector.fromArray(F16, c, row + t).mul(FloatVector.fromArray(F16, z, first + t)));
        }
        if (t < nc) { // padded taps are +0.0 and the samples past nc are zeroed: +0.0 products
            FloatVector zt = FloatVector.fromArray(F16, z, first + t).blend(0f, FROM[nc - t]);
            acc = acc.add(FloatVector.fromArray(F16, c, row + t).mul(zt));
        }
        acc = acc.add(acc.rearrange(Y8));
        acc = acc.add(acc.rearrange(Y4));
        acc = acc.add(acc.rearrange(Y2));
        return acc.add(acc.rearrange(Y1)).lane(0);
    }

    @Override
    public int polyRational(float[] c, int padded, float[] z, int first, int last, int rem, int stepInputs,
            int stepRem, int arbL, int nc, float[] out, int k, float[] tile) {
        if (F16 == null || nc > 16) {
            return FftPasses.super.polyRational(c, padded, z, first, last, rem, stepInputs, stepRem, arbL, nc, out,
                    k, tile);
        }
        VectorMask<Float> past = FROM[nc]; // taps from nc on: samples zeroed (the padded taps are +0.0)
        int k0 = k;
        long span15 = 15L * stepInputs;
        long rem15 = 15L * stepRem;
        // o steps of the clock: q_o whole inputs and r_o (< arbL) in units of 1 / arbL
        int q1 = (int) ((long) 1 * stepInputs + (long) 1 * stepRem / arbL);
        int r1 = (int) ((long) 1 * stepRem % arbL);
        int q2 = (int) ((long) 2 * stepInputs + (long) 2 * stepRem / arbL);
        int r2 = (int) ((long) 2 * stepRem % arbL);
        int q3 = (int) ((long) 3 * stepInputs + (long) 3 * stepRem / arbL);
        int r3 = (int) ((long) 3 * stepRem % arbL);
        int q4 = (int) ((long) 4 * stepInputs + (long) 4 * stepRem / arbL);
        int r4 = (int) ((long) 4 * stepRem % arbL);
        int q5 = (int) ((long) 5 * stepInputs + (long) 5 * stepRem / arbL);
        int r5 = (int) ((long) 5 * stepRem % arbL);
        int q6 = (int) ((long) 6 * stepInputs + (long) 6 * stepRem / arbL);
        int r6 = (int) ((long) 6 * stepRem % arbL);
        int q7 = (int) ((long) 7 * stepInputs + (long) 7 * stepRem / arbL);
        int r7 = (int) ((long) 7 * stepRem % arbL);
        int q8 = (int) ((long) 8 * stepInputs + (long) 8 * stepRem / arbL);
        int r8 = (int) ((long) 8 * stepRem % arbL);
        int q9 = (int) ((long) 9 * stepInputs + (long) 9 * stepRem / arbL);
        int r9 = (int) ((long) 9 * stepRem % arbL);
        int q10 = (int) ((long) 10 * stepInputs + (long) 10 * stepRem / arbL);
        int r10 = (int) ((long) 10 * stepRem % arbL);
        int q11 = (int) ((long) 11 * stepInputs + (long) 11 * stepRem / arbL);
        int r11 = (int) ((long) 11 * stepRem % arbL);
        int q12 = (int) ((long) 12 * stepInputs + (long) 12 * stepRem / arbL);
        int r12 = (int) ((long) 12 * stepRem % arbL);
        int q13 = (int) ((long) 13 * stepInputs + (long) 13 * stepRem / arbL);
        int r13 = (int) ((long) 13 * stepRem % arbL);
        int q14 = (int) ((long) 14 * stepInputs + (long) 14 * stepRem / arbL);
        int r14 = (int) ((long) 14 * stepRem % arbL);
        int q15 = (int) ((long) 15 * stepInputs + (long) 15 * stepRem / arbL);
        int r15 = (int) ((long) 15 * stepRem % arbL);
        int q16 = (int) ((long) 16 * stepInputs + (long) 16 * stepRem / arbL);
        int r16 = (int) ((long) 16 * stepRem % arbL);
        while (first <= last) {
            if (first + span15 + (rem + rem15) / arbL <= last) {
                // 16 outputs: each one's lane products in a register of its own (the sums start from +0.0), then
                // reduced together by reduce16's tree without leaving the registers. Output o's clock is the group's
                // plus o steps (q_o inputs, r_o remainder; one more input where the remainders reach arbL), so the
                // outputs do not wait on each other's clock.
                int rr;
                int w;
                FloatVector a0 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rem * padded)
                        .mul(FloatVector.fromArray(F16, z, first).blend(0f, past)));
                rr = rem + r1;
                w = ~(rr - arbL) >>> 31;
                FloatVector a1 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q1 + w).blend(0f, past)));
                rr = rem + r2;
                w = ~(rr - arbL) >>> 31;
                FloatVector a2 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q2 + w).blend(0f, past)));
                rr = rem + r3;
                w = ~(rr - arbL) >>> 31;
                FloatVector a3 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q3 + w).blend(0f, past)));
                rr = rem + r4;
                w = ~(rr - arbL) >>> 31;
                FloatVector a4 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q4 + w).blend(0f, past)));
                rr = rem + r5;
                w = ~(rr - arbL) >>> 31;
                FloatVector a5 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q5 + w).blend(0f, past)));
                rr = rem + r6;
                w = ~(rr - arbL) >>> 31;
                FloatVector a6 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q6 + w).blend(0f, past)));
                rr = rem + r7;
                w = ~(rr - arbL) >>> 31;
                FloatVector a7 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q7 + w).blend(0f, past)));
                rr = rem + r8;
                w = ~(rr - arbL) >>> 31;
                FloatVector a8 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q8 + w).blend(0f, past)));
                rr = rem + r9;
                w = ~(rr - arbL) >>> 31;
                FloatVector a9 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q9 + w).blend(0f, past)));
                rr = rem + r10;
                w = ~(rr - arbL) >>> 31;
                FloatVector a10 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q10 + w).blend(0f, past)));
                rr = rem + r11;
                w = ~(rr - arbL) >>> 31;
                FloatVector a11 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q11 + w).blend(0f, past)));
                rr = rem + r12;
                w = ~(rr - arbL) >>> 31;
                FloatVector a12 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q12 + w).blend(0f, past)));
                rr = rem + r13;
                w = ~(rr - arbL) >>> 31;
                FloatVector a13 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q13 + w).blend(0f, past)));
                rr = rem + r14;
                w = ~(rr - arbL) >>> 31;
                FloatVector a14 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q14 + w).blend(0f, past)));
                rr = rem + r15;
                w = ~(rr - arbL) >>> 31;
                FloatVector a15 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, (rr - (arbL & -w)) * padded)
                        .mul(FloatVector.fromArray(F16, z, first + q15 + w).blend(0f, past)));
                rr = rem + r16;
                w = ~(rr - arbL) >>> 31;
                first += q16 + w;
                rem = rr - (arbL & -w);
                a0 = a0.blend(a8, HIGH8).add(a8.blend(a0, HIGH8).rearrange(SWAP8));
                a1 = a1.blend(a9, HIGH8).add(a9.blend(a1, HIGH8).rearrange(SWAP8));
                a2 = a2.blend(a10, HIGH8).add(a10.blend(a2, HIGH8).rearrange(SWAP8));
                a3 = a3.blend(a11, HIGH8).add(a11.blend(a3, HIGH8).rearrange(SWAP8));
                a4 = a4.blend(a12, HIGH8).add(a12.blend(a4, HIGH8).rearrange(SWAP8));
                a5 = a5.blend(a13, HIGH8).add(a13.blend(a5, HIGH8).rearrange(SWAP8));
                a6 = a6.blend(a14, HIGH8).add(a14.blend(a6, HIGH8).rearrange(SWAP8));
                a7 = a7.blend(a15, HIGH8).add(a15.blend(a7, HIGH8).rearrange(SWAP8));
                a0 = a0.blend(a4, HIGH4).add(a4.blend(a0, HIGH4).rearrange(SWAP4));
                a1 = a1.blend(a5, HIGH4).add(a5.blend(a1, HIGH4).rearrange(SWAP4));
                a2 = a2.blend(a6, HIGH4).add(a6.blend(a2, HIGH4).rearrange(SWAP4));
                a3 = a3.blend(a7, HIGH4).add(a7.blend(a3, HIGH4).rearrange(SWAP4));
                a0 = a0.blend(a2, HIGH2).add(a2.blend(a0, HIGH2).rearrange(SWAP2));
                a1 = a1.blend(a3, HIGH2).add(a3.blend(a1, HIGH2).rearrange(SWAP2));
                a0.blend(a1, HIGH1).add(a1.blend(a0, HIGH1).rearrange(SWAP1)).intoArray(out, k);
                k += 16;
            } else {
                // fewer than 16 outputs left (first only grows): the stepped clock finishes them
                return k - k0 + FftPasses.super.polyRational(c, padded, z, first, last, rem, stepInputs, stepRem, arbL,
                        nc, out, k, tile);
            }
        }
        return k - k0;
    }

    /**
     * Each output's lane products in a register of its own (the sums start from +0.0, lanes past {@code nc} are
     * zeroed), the 16 reduced together by {@link #reduce16}'s tree without leaving the registers. The clock comes from
     * the tables, so no output waits on the one before (the stepped clock's carry chain cost a third of the time).
     */
    @Override
    public int polyRationalGroups(float[] c, float[] z, int first, int last, int rem, int[] rowOffset,
            int[] firstOffset, int[] groupInputs, int[] groupRem, int nc, float[] out, int k) {
        if (F16 == null || nc > 16) {
            return FftPasses.super.polyRationalGroups(c, z, first, last, rem, rowOffset, firstOffset, groupInputs,
                    groupRem, nc, out, k);
        }
        VectorMask<Float> past = FROM[nc];
        int k0 = k;
        while (first + firstOffset[16 * rem + 15] <= last) {
            int b = 16 * rem;
            FloatVector a0 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 0])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 0]).blend(0f, past)));
            FloatVector a1 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 1])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 1]).blend(0f, past)));
            FloatVector a2 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 2])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 2]).blend(0f, past)));
            FloatVector a3 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 3])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 3]).blend(0f, past)));
            FloatVector a4 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 4])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 4]).blend(0f, past)));
            FloatVector a5 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 5])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 5]).blend(0f, past)));
            FloatVector a6 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 6])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 6]).blend(0f, past)));
            FloatVector a7 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 7])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 7]).blend(0f, past)));
            FloatVector a8 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 8])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 8]).blend(0f, past)));
            FloatVector a9 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 9])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 9]).blend(0f, past)));
            FloatVector a10 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 10])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 10]).blend(0f, past)));
            FloatVector a11 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 11])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 11]).blend(0f, past)));
            FloatVector a12 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 12])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 12]).blend(0f, past)));
            FloatVector a13 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 13])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 13]).blend(0f, past)));
            FloatVector a14 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 14])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 14]).blend(0f, past)));
            FloatVector a15 = FloatVector.zero(F16).add(FloatVector.fromArray(F16, c, rowOffset[b + 15])
                    .mul(FloatVector.fromArray(F16, z, first + firstOffset[b + 15]).blend(0f, past)));
            first += groupInputs[rem];
            rem = groupRem[rem];
            a0 = a0.blend(a8, HIGH8).add(a8.blend(a0, HIGH8).rearrange(SWAP8));
            a1 = a1.blend(a9, HIGH8).add(a9.blend(a1, HIGH8).rearrange(SWAP8));
            a2 = a2.blend(a10, HIGH8).add(a10.blend(a2, HIGH8).rearrange(SWAP8));
            a3 = a3.blend(a11, HIGH8).add(a11.blend(a3, HIGH8).rearrange(SWAP8));
            a4 = a4.blend(a12, HIGH8).add(a12.blend(a4, HIGH8).rearrange(SWAP8));
            a5 = a5.blend(a13, HIGH8).add(a13.blend(a5, HIGH8).rearrange(SWAP8));
            a6 = a6.blend(a14, HIGH8).add(a14.blend(a6, HIGH8).rearrange(SWAP8));
            a7 = a7.blend(a15, HIGH8).add(a15.blend(a7, HIGH8).rearrange(SWAP8));
            a0 = a0.blend(a4, HIGH4).add(a4.blend(a0, HIGH4).rearrange(SWAP4));
            a1 = a1.blend(a5, HIGH4).add(a5.blend(a1, HIGH4).rearrange(SWAP4));
            a2 = a2.blend(a6, HIGH4).add(a6.blend(a2, HIGH4).rearrange(SWAP4));
            a3 = a3.blend(a7, HIGH4).add(a7.blend(a3, HIGH4).rearrange(SWAP4));
            a0 = a0.blend(a2, HIGH2).add(a2.blend(a0, HIGH2).rearrange(SWAP2));
            a1 = a1.blend(a3, HIGH2).add(a3.blend(a1, HIGH2).rearrange(SWAP2));
            a0.blend(a1, HIGH1).add(a1.blend(a0, HIGH1).rearrange(SWAP1)).intoArray(out, k);
            k += 16;
        }
        return k - k0;
    }

    /**
     * The lane sums of 16 outputs (tile row o: output o's 16 lanes) reduced together into {@code out[k, k + 16)}: rows
     * o and o + 8 exchange halves and add (a_l + a_(l+8)), then rows 4 apart, 2 apart, 1 apart; output o ends in lane
     * o, with dot16's tree (float addition commutes, so each output's sums are dot16's, bit for bit).
     */
    private static void reduce16(float[] tile, float[] out, int k) {
        for (int o = 0; o < 8; o++) {
            halves(tile, o, 8, SWAP8, HIGH8);
        }
        for (int o = 0; o < 4; o++) {
            halves(tile, o, 4, SWAP4, HIGH4);
        }
        for (int o = 0; o < 2; o++) {
            halves(tile, o, 2, SWAP2, HIGH2);
        }
        FloatVector a = FloatVector.fromArray(F, tile, 0);
        FloatVector b = FloatVector.fromArray(F, tile, 16);
        a.blend(b, HIGH1).add(b.blend(a, HIGH1).rearrange(SWAP1)).intoArray(out, k);
    }

    /** Rows o and o + s: lanes with bit s clear from row o, set from row o + s, plus the other lanes swapped. */
    private static void halves(float[] tile, int o, int s, VectorShuffle<Float> swap, VectorMask<Float> high) {
        FloatVector a = FloatVector.fromArray(F, tile, 16 * o);
        FloatVector b = FloatVector.fromArray(F, tile, 16 * (o + s));
        a.blend(b, high).add(b.blend(a, high).rearrange(swap)).intoArray(tile, 16 * o);
    }
}
