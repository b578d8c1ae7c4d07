package dev.audioml.core.resample;

import jdk.incubator.vector.DoubleVector;
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
}
