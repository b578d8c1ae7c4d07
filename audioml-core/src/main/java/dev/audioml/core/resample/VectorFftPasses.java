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
 * whole transform twice as slow under JDK 17's C2, so there is one species). Loaded only by {@link FftPasses#best} when the module is present.
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

    /** Eight double lanes (AVX-512) for dot8; null where the preferred species is narrower (the scalar dot8 then). */
    private static final VectorSpecies<Double> D8 = S.length() == 8 ? S : null;
    private static final VectorShuffle<Double> X4 = D8 == null ? null : VectorShuffle.fromOp(D8, i -> i ^ 4);
    private static final VectorShuffle<Double> X2 = D8 == null ? null : VectorShuffle.fromOp(D8, i -> i ^ 2);
    private static final VectorShuffle<Double> X1 = D8 == null ? null : VectorShuffle.fromOp(D8, i -> i ^ 1);
    /** PAST[r]: the lanes from r on (a partial last group of r taps). */
    @SuppressWarnings("unchecked")
    private static final VectorMask<Double>[] PAST = new VectorMask[9];

    static {
        for (int r = 0; D8 != null && r <= 8; r++) {
            PAST[r] = VectorMask.fromLong(D8, 0xffL & ~((1L << r) - 1));
        }
    }

    @Override
    public double dot8(double[] c, int row, double[] z, int first, int nc) {
        if (D8 == null) {
            return scalar.dot8(c, row, z, first, nc);
        }
        DoubleVector acc = DoubleVector.zero(D8);
        int t = 0;
        for (; t + 8 <= nc; t += 8) {
            acc = acc.add(DoubleVector.fromArray(D8, c, row + t).mul(DoubleVector.fromArray(D8, z, first + t)));
        }
        if (t < nc) { // padded taps are +0.0 and the samples past nc are zeroed: +0.0 products
            DoubleVector zt = DoubleVector.fromArray(D8, z, first + t).blend(0.0, PAST[nc - t]);
            acc = acc.add(DoubleVector.fromArray(D8, c, row + t).mul(zt));
        }
        acc = acc.add(acc.rearrange(X4));
        acc = acc.add(acc.rearrange(X2));
        return acc.add(acc.rearrange(X1)).lane(0); // (reduceLanes(MIN) of the equal lanes: measured slower)
    }
}
