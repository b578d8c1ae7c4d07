package dev.audioml.features.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
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
 * blends) or through a scratch array. The mel projection runs eight filters as eight lanes ({@link #groupedRows}); a
 * dense SIMD product (3.0 us at 512/64) and a SIMD dot product per filter (no faster at 512/64, and another order of
 * summation) were slower. The logarithm ({@link #logScale}) is {@link TableLog}'s, its table values gathered.
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
    /** Lane {@code i} takes lane {@code 2 (i mod P)}: a vector's even lanes, packed into each half. */
    private static final VectorShuffle<Double> EVEN_LANES = VectorShuffle.fromOp(S, i -> 2 * (i % P));
    /** The lanes {@code i >= P}. */
    private static final VectorMask<Double> HIGH_HALF = VectorMask.fromLong(S, ((1L << L) - 1) & ~((1L << P) - 1));
    /** Floats as many as the doubles of a vector. */
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, VectorShape.forBitSize(32 * L));
    /** Ints as many as the doubles of a vector: the table indices of {@link #logScale}. */
    private static final VectorSpecies<Integer> INDEX_SPECIES =
            VectorSpecies.of(int.class, VectorShape.forBitSize(32 * L));
    /** Per thread, {@link #logScale}'s table indices for one vector. */
    private static final ThreadLocal<int[]> INDEX = ThreadLocal.withInitial(() -> new int[L]);
    /** The biased exponent or'ed into 2^52's bits is {@code 2^52 + e}: minus {@link #EXPONENT_BIAS}, the exponent. */
    private static final long EXPONENT_MAGIC = 0x4330000000000000L;
    private static final double EXPONENT_BIAS = 0x1p52 + 1023;

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

    /** Floats of half the vector's width, widened ({@code vcvtps2pd}): C2 leaves the scalar loop unvectorised. */
    @Override
    public void toDouble(float[] src, int srcPos, double[] dst, int dstPos, int n) {
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            FloatVector.fromArray(FLOATS, src, srcPos + j).convertShape(VectorOperators.F2D, S, 0)
                    .reinterpretAsDoubles().intoArray(dst, dstPos + j);
        }
        for (; j < n; j++) {
            dst[dstPos + j] = src[srcPos + j];
        }
    }

    /**
     * The scalar loop, which C2 vectorises itself (superword, unrolled): it measured faster than this class's
     * {@code DoubleVector} loop (69-92 against 102-105 ns at n = 512, {@code HopKernelsRun}, same JVM).
     */
    @Override
    public void multiply(double[] a, double[] b, double[] out, int n) {
        ScalarKernels.INSTANCE.multiply(a, b, out, n);
    }

    /**
     * {@code L} bins per step from two vectors of pairs: squares, each pair's {@code re^2 + im^2} (in that order: the
     * even lane of {@code sq + swap(sq)}), then the even lanes of both vectors packed into one by two one-vector
     * shuffles and a blend, all three intrinsified by JDK 17 on AVX-512 and AVX2 (the two-vector
     * {@code rearrange(shuffle, v)} tried before is not, and allocated 2.9 KB per hop). The tail, bin 0 and the
     * Nyquist bin run the scalar loop, and so does all of it with 4 lanes (AVX2), where the shuffles made it slower.
     * At n = 512, same JVM, thread CPU: 136 against the scalar loop's 223 ns with 8 lanes, 206 against 186 with 4.
     */
    @Override
    public void powerSpectrum(double[] b, int n, double[] out) {
        int maxK = (n - 1) / 2; // the last bin stored as a pair
        if (out.length < n / 2 + 1 || b.length < n) {
            throw new IllegalArgumentException("packed has " + b.length + " values, out " + out.length + " (n = " + n
                    + ")");
        }
        int k = 1;
        for (int end = L < GroupedRows.GROUP ? 0 : maxK - L + 1; k <= end; k += L) { // 4 lanes: scalar (faster)
            DoubleVector lo = DoubleVector.fromArray(S, b, 2 * k - 1); // bins k .. k + P - 1 as (re, im)
            DoubleVector hi = DoubleVector.fromArray(S, b, 2 * k - 1 + L); // bins k + P .. k + L - 1
            lo = lo.mul(lo);
            hi = hi.mul(hi);
            lo = lo.add(lo.rearrange(SWAP)); // even lanes: re^2 + im^2
            hi = hi.add(hi.rearrange(SWAP));
            lo.rearrange(EVEN_LANES).blend(hi.rearrange(EVEN_LANES), HIGH_HALF).intoArray(out, k);
        }
        ScalarKernels.powerSpectrumFrom(b, n, out, k);
    }

    /**
     * {@link TableLog#ln}'s operations on vectors: the exponent, table index and mantissa split with integer lane
     * operations, the two table values gathered ({@code 1 / c} and {@code ln c}; the lanes' indices go through a
     * per-thread scratch array, as JDK 17's gather takes its index map from an {@code int[]}), the same series; a
     * vector holding a value that is not a positive normal double (NaN, infinity, a subnormal {@code amin}) goes to
     * the scalar loop, which sends those to {@link Math#log}.
     */
    @Override
    public void logScale(double[] in, double[] out, int n, double lnScale, double amin, double offset) {
        int i = 0;
        int bound = S.loopBound(n);
        if (bound > 0) {
            int[] index = INDEX.get();
            for (; i < bound; i += L) {
                DoubleVector x = DoubleVector.fromArray(S, in, i).max(amin);
                LongVector bits = x.reinterpretAsLongs();
                if (bits.compare(VectorOperators.LT, TableLog.SMALLEST_NORMAL)
                        .or(bits.compare(VectorOperators.GE, TableLog.INFINITY)).anyTrue()) {
                    ScalarKernels.logScaleFrom(in, out, i, i + L, lnScale, amin, offset);
                    continue;
                }
                DoubleVector e = bits.lanewise(VectorOperators.LSHR, TableLog.FRACTION_BITS).or(EXPONENT_MAGIC)
                        .reinterpretAsDoubles().sub(EXPONENT_BIAS); // the unbiased exponent, exactly
                bits.lanewise(VectorOperators.LSHR, TableLog.FRACTION_BITS - TableLog.TABLE_BITS)
                        .and(TableLog.INVERSE.length - 1).convertShape(VectorOperators.L2I, INDEX_SPECIES, 0)
                        .reinterpretAsInts().intoArray(index, 0);
                DoubleVector m = bits.and(TableLog.FRACTION_MASK).or(TableLog.EXPONENT_ONE).reinterpretAsDoubles();
                DoubleVector r = m.mul(DoubleVector.fromArray(S, TableLog.INVERSE, 0, index, 0)).sub(1.0);
                DoubleVector series = r.mul(r.mul(r.mul(r.mul(r.mul(1.0 / 5).add(-1.0 / 4)).add(1.0 / 3))
                        .add(-1.0 / 2)).add(1.0));
                DoubleVector ln = e.mul(TableLog.LN2).add(DoubleVector.fromArray(S, TableLog.LOG_C, 0, index, 0))
                        .add(series);
                ln.mul(lnScale).sub(offset).intoArray(out, i);
            }
        }
        ScalarKernels.logScaleFrom(in, out, i, n, lnScale, amin, offset);
    }

    /**
     * A group's eight rows as lanes (one vector of 8, or two of 4): per step one load of the group's weights and one
     * gather of the eight rows' inputs ({@code in[j + first[r + lane]]}); the lane sums are the scalar kernel's
     * accumulators. The last group, where the rows are not a multiple of 8, runs on the scalar kernel.
     *
     * <p>Kept above C2's {@code FreqInlineSize} (325 bytes of bytecode: the two vector widths written out, the argument
     * check), so that
     * C2 compiles it as a unit of its own: inlined into the feature chain (a dozen calls deep from
     * {@code StreamingFeatures.push}), the gather's own calls ran past {@code MaxInlineLevel}, were not inlined, and
     * every vector was boxed (11-20 KB per hop in {@code AllocationTest}).
     */
    @Override
    public void groupedRows(GroupedRows rows, double[] in, double[] out) {
        if (in.length < rows.inputLength || out.length < rows.rows) {
            throw new IllegalArgumentException("in has " + in.length + " values (needs " + rows.inputLength
                    + "), out " + out.length + " (needs " + rows.rows + ")");
        }
        double[] w = rows.weights;
        int[] base = rows.base;
        int[] first = rows.first;
        int full = rows.rows / GroupedRows.GROUP;
        if (L == GroupedRows.GROUP) {
            for (int g = 0, r = 0; g < full; g++, r += GroupedRows.GROUP) {
                DoubleVector sum = DoubleVector.zero(S);
                for (int p = base[g], end = base[g + 1], j = 0; p < end; p += GroupedRows.GROUP, j++) {
                    sum = sum.add(DoubleVector.fromArray(S, w, p).mul(DoubleVector.fromArray(S, in, j, first, r)));
                }
                sum.intoArray(out, r);
            }
        } else { // 4 lanes (AVX2): the group as two vectors
            for (int g = 0, r = 0; g < full; g++, r += GroupedRows.GROUP) {
                DoubleVector low = DoubleVector.zero(S);
                DoubleVector high = DoubleVector.zero(S);
                for (int p = base[g], end = base[g + 1], j = 0; p < end; p += GroupedRows.GROUP, j++) {
                    low = low.add(DoubleVector.fromArray(S, w, p).mul(DoubleVector.fromArray(S, in, j, first, r)));
                    high = high.add(DoubleVector.fromArray(S, w, p + L)
                            .mul(DoubleVector.fromArray(S, in, j, first, r + L)));
                }
                low.intoArray(out, r);
                high.intoArray(out, r + L);
            }
        }
        if (full < base.length - 1) {
            ScalarKernels.groupedRowsFrom(rows, in, out, full);
        }
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
        // 2 i + 4 P - 4 < ido as a plain bound: a counted loop, whose range checks C2 hoists
        for (int end = (ido - 4 * P + 5) / 2; i < end; i += 2 * P) {
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
