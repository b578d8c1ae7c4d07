package dev.audioml.features.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels} on {@code jdk.incubator.vector} (the preferred species: 8 doubles with AVX-512, 4 with AVX2), with
 * the scalar kernels' operations in the same order and no fused multiply-add, so every result equals
 * {@link ScalarKernels}'s bit for bit. Loaded only by {@link Kernels#best()} / {@link Kernels#vectorOrNull()} when the
 * module is present.
 *
 * <p>The FFT passes work on pocketfft's halfcomplex layout, where a complex value is a pair {@code (re, im)} of
 * adjacent doubles: a vector holds {@code L / 2} complex values. pocketfft's conjugate twiddle product
 * {@code (wr xr + wi xi, wr xi - wi xr)} is {@code R * x + I * swap(x)} with the twiddles stored as
 * {@code R = (wr, wr)} and {@code I = (wi, -wi)} per pair ({@link #prepareTwiddles}), written out at each use (no
 * helper method takes or returns a vector: where C2 did not inline one, every vector crossing it was boxed, and the
 * FFT allocated and ran slower for the rest of the run); outputs that pocketfft writes at
 * mirrored columns {@code ic = ido - i} are stored with the pair order reversed. Negating a lane ({@code * -1}) and
 * swapping the operands of {@code +} are exact, so the sums equal the scalar ones.
 *
 * <p>What stays scalar, and why (each measured in one JVM against the scalar kernels, thread CPU time, 2-core Xeon with
 * AVX-512, JDK 17.0.15): {@link RealFft}'s fused first two radix-4 passes, vectorised across {@code k} (its loads are
 * contiguous in {@code k}, its 16 outputs per {@code k} lie 16 apart), ran 10 times slower through JDK 17's scatter
 * (not intrinsified: it allocated), and no faster than the scalar code through a transpose in registers (shuffles and
 * blends) or through a scratch array. The mel projection ({@link #sparseRows}): the filters span 2-30 bins each (498
 * non-zero weights of 64 x 257 at 16 kHz 512/64), so the band-limited scalar loop (0.46 us) beats a dense SIMD product
 * (3.0 us) six-fold, and a SIMD dot product per filter was no faster at 512/64 (0.45 us), 1.2x at 2048/128, and would
 * sum in another order. The logarithm ({@link #logScale}): {@link dev.audioml.features.db.FastLog}'s table lookups would
 * need a gather, which JDK 17 does not intrinsify either.
 *
 * <p>Immutable and thread-safe.
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Complex values (pairs) per vector. */
    private static final int P = L / 2;
    /** {@code (re, im) -> (im, re)} in every pair. */
    private static final VectorShuffle<Double> SWAP = VectorShuffle.fromOp(S, i -> i ^ 1);
    /** The pairs in reverse order, each pair kept {@code (re, im)}. */
    private static final VectorShuffle<Double> REVERSE_PAIRS = VectorShuffle.fromOp(S, i -> L - 2 - (i & ~1) + (i & 1));
    private static final double[] SIGNS = new double[L];

    static {
        for (int i = 0; i < L; i++) {
            SIGNS[i] = (i & 1) == 0 ? 1.0 : -1.0;
        }
    }

    VectorKernels() {
        if (L < 4) {
            throw new UnsupportedOperationException("fewer than 4 double lanes on this CPU");
        }
    }

    @Override
    public boolean isVector() {
        return true;
    }

    @Override
    public void multiply(double[] a, double[] b, double[] out, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            DoubleVector.fromArray(S, a, i).mul(DoubleVector.fromArray(S, b, i)).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = a[i] * b[i];
        }
    }

    /**
     * The scalar loop: the SIMD version (squares, then even plus odd lanes through one-vector shuffles and a blend;
     * the two-vector {@code rearrange(shuffle, v)} is not intrinsified in JDK 17) was bit-identical and allocation-free
     * in isolation, but allocated 2.9 KB per hop inside the feature chain in the surefire JVM.
     */
    @Override
    public void powerSpectrum(double[] b, int n, double[] out) {
        ScalarKernels.powerSpectrumFrom(b, n, out, 1);
    }

    @Override
    public void logScale(double[] in, double[] out, int n, double lnScale, double amin, double offset) {
        ScalarKernels.logScaleFrom(in, out, 0, n, lnScale, amin, offset);
    }

    @Override
    public void sparseRows(double[] weights, int[] offset, int[] first, double[] in, double[] out, int rows) {
        ScalarKernels.INSTANCE.sparseRows(weights, offset, first, in, out, rows);
    }

    @Override
    public double[] prepareTwiddles(int ip, int ido, double[] wa) {
        if ((ip != 4 && (ip != 2 || (ido & 1) != 0)) || (ido - 1) / 2 < P) { // radix 2: only the last pass
            return null;
        }
        // per twiddle x (ip - 1 of them) two segments of ido - 1: R = (wr, wr) and I = (wi, -wi) per pair, at the
        // index pocketfft's WA(x, i - 2) has
        int m = ido - 1;
        double[] t = new double[2 * (ip - 1) * m];
        for (int x = 0; x < ip - 1; x++) {
            for (int i = 2; i < ido; i += 2) {
                double wr = wa[x * m + i - 2];
                double wi = wa[x * m + i - 1];
                t[2 * x * m + i - 2] = wr;
                t[2 * x * m + i - 1] = wr;
                t[(2 * x + 1) * m + i - 2] = wi;
                t[(2 * x + 1) * m + i - 1] = -wi;
            }
        }
        return t;
    }

    @Override
    public void radf4(int ido, int l1, double[] cc, double[] ch, double[] wa, double[] t) {
        if (t == null) {
            RealFft.radf4(ido, l1, cc, ch, wa);
            return;
        }
        DoubleVector sign = DoubleVector.fromArray(S, SIGNS, 0);
        int s = ido * l1;
        int m = ido - 1;
        boolean even = (ido & 1) == 0;
        int last = (ido - 1) / 2 * 2 - 2 * P + 2; // the last block's start: its pairs end at the last one
        for (int k = 0; k < l1; k++) {
            int c0 = ido * k;
            int h0 = 4 * ido * k;
            RealFft.radf4Edges(ido, even, cc, ch, c0, s, h0);
            for (int i = 2; i < ido; i = i < last ? Math.min(i + 2 * P, last) : ido) {
                // the last block may overlap the one before: out of place, a pair computed twice is written twice
                // with the same values (measured 1.3-1.5x faster over the whole FFT than a scalar tail)
                DoubleVector a = DoubleVector.fromArray(S, cc, c0 + i - 1);
                DoubleVector c2x = DoubleVector.fromArray(S, cc, c0 + s + i - 1);
                DoubleVector c2 = c2x.mul(DoubleVector.fromArray(S, t, i - 2))
                        .add(c2x.rearrange(SWAP).mul(DoubleVector.fromArray(S, t, i - 2 + m)));
                DoubleVector c3x = DoubleVector.fromArray(S, cc, c0 + 2 * s + i - 1);
                DoubleVector c3 = c3x.mul(DoubleVector.fromArray(S, t, 2 * m + i - 2))
                        .add(c3x.rearrange(SWAP).mul(DoubleVector.fromArray(S, t, 2 * m + i - 2 + m)));
                DoubleVector c4x = DoubleVector.fromArray(S, cc, c0 + 3 * s + i - 1);
                DoubleVector c4 = c4x.mul(DoubleVector.fromArray(S, t, 4 * m + i - 2))
                        .add(c4x.rearrange(SWAP).mul(DoubleVector.fromArray(S, t, 4 * m + i - 2 + m)));
                DoubleVector t1 = c2.add(c4); // (tr1, ti1)
                DoubleVector t4 = c4.sub(c2).mul(sign); // (tr4, ti4) = (cr4 - cr2, ci2 - ci4)
                DoubleVector t2 = a.add(c3);
                DoubleVector t3 = a.sub(c3);
                int rev = 2 * P - 1; // a reversed block's first index, from the mirrored column of pair i
                t2.add(t1).intoArray(ch, h0 + i - 1); // CH(i-1,0,k), CH(i,0,k)
                t2.sub(t1).mul(sign).rearrange(REVERSE_PAIRS).intoArray(ch, h0 + 4 * ido - i - rev); // CH(ic.,3,k)
                DoubleVector u = t4.rearrange(SWAP); // (ti4, tr4)
                t3.add(u).intoArray(ch, h0 + 2 * ido + i - 1); // (tr3 + ti4, tr4 + ti3): CH(i.,2,k)
                t3.sub(u).mul(sign).rearrange(REVERSE_PAIRS).intoArray(ch, h0 + 2 * ido - i - rev); // CH(ic.,1,k)
            }
        }
    }

    @Override
    public void radf2Last(int ido, double[] cc, double[] ch, double[] wa, double[] t) {
        if (t == null) {
            RealFft.radf2Last(ido, cc, ch, wa, 2);
            return;
        }
        DoubleVector sign = DoubleVector.fromArray(S, SIGNS, 0);
        int m = ido - 1;
        int i = 2;
        // block A holds pairs i .. i + 2P - 2, its mirror block B pairs j = ido - (i + 2P - 2) .. ido - i: both are read
        // before either is written, so ch may be cc; stop while the blocks are disjoint
        for (; 2 * i + 4 * P - 4 < ido; i += 2 * P) {
            int j = ido - i - 2 * P + 2;
            DoubleVector tax = DoubleVector.fromArray(S, cc, ido + i - 1);
            DoubleVector ta = tax.mul(DoubleVector.fromArray(S, t, i - 2))
                    .add(tax.rearrange(SWAP).mul(DoubleVector.fromArray(S, t, i - 2 + m)));
            DoubleVector aa = DoubleVector.fromArray(S, cc, i - 1);
            DoubleVector tbx = DoubleVector.fromArray(S, cc, ido + j - 1);
            DoubleVector tb = tbx.mul(DoubleVector.fromArray(S, t, j - 2))
                    .add(tbx.rearrange(SWAP).mul(DoubleVector.fromArray(S, t, j - 2 + m)));
            DoubleVector ab = DoubleVector.fromArray(S, cc, j - 1);
            aa.add(ta).intoArray(ch, i - 1); // (ar + tr2, ti2 + ai)
            ab.add(tb).intoArray(ch, j - 1);
            aa.sub(ta).mul(sign).rearrange(REVERSE_PAIRS).intoArray(ch, ido + j - 1); // (ar - tr2, ti2 - ai) at ic
            ab.sub(tb).mul(sign).rearrange(REVERSE_PAIRS).intoArray(ch, ido + i - 1);
        }
        RealFft.radf2Last(ido, cc, ch, wa, i);
    }
}
