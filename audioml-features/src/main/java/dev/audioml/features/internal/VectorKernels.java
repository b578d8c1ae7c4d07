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
 * AVX-512, JDK 17.0.15): {@link RealFft}'s fused first two radix-4 passes now run on vectors across {@code k}, their
 * transpose through a small buffer read back by gathers ({@link #radf4Twice}); through JDK 17's scatter they ran 10
 * times slower (not intrinsified: it allocated), through a transpose in registers no faster than the scalar code.
 * The mel projection runs eight filters as eight lanes ({@link #groupedRows}); a
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
    /**
     * {@code lane * L}: the gather map that reads a column of {@link #radf4Twice}'s {@code 16 x L} buffer. An instance
     * field on purpose: from a {@code static final} array, JDK 17.0.15's C2 gathered from the wrong addresses.
     */
    private final int[] column = new int[L];
    private static final double HSQT2 = 0.70710678118654752440;

    static {
        for (int i = 0; i < L; i++) {
            SIGNS[i] = (i & 1) == 0 ? 1.0 : -1.0;
        }
    }

    VectorKernels() {
        if (L < 4) {
            throw new UnsupportedOperationException("fewer than 4 double lanes on this CPU");
        }
        for (int i = 0; i < L; i++) {
            column[i] = i * L;
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

    /**
     * {@link RealFft#radf4Twice} on vectors across {@code k}: lane {@code r} computes {@code k + r} with the scalar
     * code's operations in its order; the loads are contiguous in {@code k}. The 16 outputs of one {@code k} lie next
     * to each other, i.e. the {@code 16 x L} block of results must be transposed: the 16 vectors go to {@code temp}
     * as they are, and each output row comes back as gathers (the {@link #column} map; gathers are intrinsified by
     * JDK 17 on AVX-512 and AVX2, its scatter is not and allocated). At n = 512 (AVX-512, same JVM, thread CPU time)
     * the pass took 232-252 ns against the scalar code's 361-379; a transpose in registers (three stages of one-vector
     * rearranges and blends per 8 x 8 block) took 390-412 ns, a scatter 13 us. With 4 lanes
     * ({@code -XX:MaxVectorSize=32}) the whole FFT was no faster (0.84-1.08 against 1.04-1.17 times the scalar
     * one), so 4 lanes and lengths with {@code l1} not a multiple of 8 (n below 128) run the scalar code.
     */
    @Override
    public void radf4Twice(int l1, double[] cc, double[] ch, double[] wa, double[] temp) {
        if (L < GroupedRows.GROUP || l1 % L != 0 || temp.length < 16 * L || cc.length < 16 * l1
                || ch.length < 16 * l1) { // 4 lanes (AVX2): scalar, no faster on vectors
            RealFft.radf4Twice(l1, cc, ch, wa);
            return;
        }
        radf4TwiceColumns(l1, cc, ch, wa, temp, 0);
    }

    /**
     * {@link #radf4Twice} and then {@code radf4} with {@code ido = 16} (the third pass), all on vectors across
     * {@code k}, without a transpose in between: the 16 outputs of the first two passes are stored column by column
     * ({@code ch[m * (n / 16 + COLUMN_PAD) + k]}, contiguous in {@code k}), which is the layout the third pass,
     * vectorised across its own {@code k}, loads from; only its 64 outputs per {@code k} are transposed (through {@code temp} and gathers, as
     * in {@link #radf4Twice}). Each lane runs the scalar code's operations for its {@code k}, so the result equals
     * {@link RealFft#radf4Twice} followed by {@link RealFft#radf4} bit for bit.
     */
    @Override
    public boolean radf4Thrice(int l1, double[] cc, double[] ch, double[] wa4, double[] wa16, double[] temp) {
        int stride = 4 * l1 + COLUMN_PAD; // padded: at n = 4096 the unpadded 2 KB stride measured slower (cache sets)
        if (L < GroupedRows.GROUP || l1 % L != 0 || temp.length < 64 * L || cc.length < 64 * l1
                || ch.length < 16 * stride || wa16.length < 45) {
            return false;
        }
        radf4TwiceColumns(4 * l1, cc, ch, wa4, temp, stride);
        radf4Sixteen(l1, stride, ch, cc, wa16, temp);
        return true;
    }

    /**
     * The first two passes: with {@code columns > 0} stores output {@code m} of {@code k} at
     * {@code ch[m * columns + k]} (for {@link #radf4Thrice}), else at {@code ch[16 k + m]} (pocketfft's layout) through
     * {@code temp} and gathers.
     */
    private void radf4TwiceColumns(int l1, double[] cc, double[] ch, double[] wa, double[] temp, int columns) {
        final double hsqt2 = HSQT2;
        double wr1 = wa[0];
        double wi1 = wa[1];
        double wr2 = wa[3];
        double wi2 = wa[4];
        double wr3 = wa[6];
        double wi3 = wa[7];
        int q = 4 * l1;
        boolean toColumns = columns > 0;
        double[] dst = toColumns ? ch : temp;
        int stride = toColumns ? columns : L; // output m of lane r at dst[m stride + at + r]
        for (int k = 0; k < l1; k += L) {
            int at = toColumns ? k : 0;
            // first pass at k + j l1 (j = 0..3) as in RealFft.radf4Twice, L values of k per vector
            DoubleVector a0 = DoubleVector.fromArray(S, cc, k);
            DoubleVector a1 = DoubleVector.fromArray(S, cc, k + q);
            DoubleVector a2 = DoubleVector.fromArray(S, cc, k + 2 * q);
            DoubleVector a3 = DoubleVector.fromArray(S, cc, k + 3 * q);
            DoubleVector s1 = a3.add(a1);
            DoubleVector s2 = a0.add(a2);
            DoubleVector x00 = s2.add(s1);
            DoubleVector x01 = a0.sub(a2);
            DoubleVector x02 = a3.sub(a1);
            DoubleVector x03 = s2.sub(s1);
            a0 = DoubleVector.fromArray(S, cc, k + l1);
            a1 = DoubleVector.fromArray(S, cc, k + l1 + q);
            a2 = DoubleVector.fromArray(S, cc, k + l1 + 2 * q);
            a3 = DoubleVector.fromArray(S, cc, k + l1 + 3 * q);
            s1 = a3.add(a1);
            s2 = a0.add(a2);
            DoubleVector x10 = s2.add(s1);
            DoubleVector x11 = a0.sub(a2);
            DoubleVector x12 = a3.sub(a1);
            DoubleVector x13 = s2.sub(s1);
            a0 = DoubleVector.fromArray(S, cc, k + 2 * l1);
            a1 = DoubleVector.fromArray(S, cc, k + 2 * l1 + q);
            a2 = DoubleVector.fromArray(S, cc, k + 2 * l1 + 2 * q);
            a3 = DoubleVector.fromArray(S, cc, k + 2 * l1 + 3 * q);
            s1 = a3.add(a1);
            s2 = a0.add(a2);
            DoubleVector x20 = s2.add(s1);
            DoubleVector x21 = a0.sub(a2);
            DoubleVector x22 = a3.sub(a1);
            DoubleVector x23 = s2.sub(s1);
            a0 = DoubleVector.fromArray(S, cc, k + 3 * l1);
            a1 = DoubleVector.fromArray(S, cc, k + 3 * l1 + q);
            a2 = DoubleVector.fromArray(S, cc, k + 3 * l1 + 2 * q);
            a3 = DoubleVector.fromArray(S, cc, k + 3 * l1 + 3 * q);
            s1 = a3.add(a1);
            s2 = a0.add(a2);
            DoubleVector x30 = s2.add(s1);
            DoubleVector x31 = a0.sub(a2);
            DoubleVector x32 = a3.sub(a1);
            DoubleVector x33 = s2.sub(s1);
            // second pass
            DoubleVector tr1 = x30.add(x10);
            DoubleVector tr2 = x00.add(x20);
            tr2.add(tr1).intoArray(dst, at);
            x00.sub(x20).intoArray(dst, 7 * stride + at);
            x30.sub(x10).intoArray(dst, 8 * stride + at);
            tr2.sub(tr1).intoArray(dst, 15 * stride + at);
            DoubleVector ti1 = x13.add(x33).mul(-hsqt2);
            DoubleVector tq1 = x13.sub(x33).mul(hsqt2);
            x03.add(tq1).intoArray(dst, 3 * stride + at);
            x03.sub(tq1).intoArray(dst, 11 * stride + at);
            ti1.add(x23).intoArray(dst, 12 * stride + at);
            ti1.sub(x23).intoArray(dst, 4 * stride + at);
            DoubleVector cr2 = x11.mul(wr1).add(x12.mul(wi1));
            DoubleVector ci2 = x12.mul(wr1).sub(x11.mul(wi1));
            DoubleVector cr3 = x21.mul(wr2).add(x22.mul(wi2));
            DoubleVector ci3 = x22.mul(wr2).sub(x21.mul(wi2));
            DoubleVector cr4 = x31.mul(wr3).add(x32.mul(wi3));
            DoubleVector ci4 = x32.mul(wr3).sub(x31.mul(wi3));
            DoubleVector ur1 = cr4.add(cr2);
            DoubleVector ur4 = cr4.sub(cr2);
            DoubleVector ui1 = ci2.add(ci4);
            DoubleVector ui4 = ci2.sub(ci4);
            DoubleVector ur2 = x01.add(cr3);
            DoubleVector ur3 = x01.sub(cr3);
            DoubleVector ui2 = x02.add(ci3);
            DoubleVector ui3 = x02.sub(ci3);
            ur2.add(ur1).intoArray(dst, stride + at);
            ur2.sub(ur1).intoArray(dst, 13 * stride + at);
            ui1.add(ui2).intoArray(dst, 2 * stride + at);
            ui1.sub(ui2).intoArray(dst, 14 * stride + at);
            ur3.add(ui4).intoArray(dst, 9 * stride + at);
            ur3.sub(ui4).intoArray(dst, 5 * stride + at);
            ur4.add(ui3).intoArray(dst, 10 * stride + at);
            ur4.sub(ui3).intoArray(dst, 6 * stride + at);
            if (toColumns) {
                continue;
            }
            // the transpose: row r (k + r), outputs c L .. c L + L - 1, gathered from temp[(c L + lane) L + r]
            int h = 16 * k;
            for (int r = 0; r < L; r++) {
                for (int c = 0; c < 16; c += L) {
                    DoubleVector.fromArray(S, temp, c * L + r, column, 0).intoArray(ch, h + 16 * r + c);
                }
            }
        }
    }

    /**
     * {@code radf4} with {@code ido = 16} on vectors across {@code k}, reading {@code CC(i, k, j)} from the column
     * layout of {@link #radf4TwiceColumns} ({@code cc[i * stride + k + j l1]}) and writing pocketfft's layout
     * ({@code CH(i, m, k) = ch[i + 16 (m + 4 k)]}) through {@code temp} and gathers; the operations of
     * {@link RealFft#radf4Edges} and {@code radf4Butterfly} in their order, per lane.
     */
    private void radf4Sixteen(int l1, int stride, double[] cc, double[] ch, double[] wa, double[] temp) {
        final double hsqt2 = HSQT2;
        for (int k = 0; k < l1; k += L) {
            // column i = 0: CH(0,0,k), CH(ido-1,1,k), CH(0,2,k), CH(ido-1,3,k) at 0, 31, 32, 63
            DoubleVector a0 = DoubleVector.fromArray(S, cc, k);
            DoubleVector a1 = DoubleVector.fromArray(S, cc, k + l1);
            DoubleVector a2 = DoubleVector.fromArray(S, cc, k + 2 * l1);
            DoubleVector a3 = DoubleVector.fromArray(S, cc, k + 3 * l1);
            DoubleVector sr1 = a3.add(a1);
            DoubleVector sr2 = a0.add(a2);
            sr2.add(sr1).intoArray(temp, 0);
            a0.sub(a2).intoArray(temp, 31 * L);
            a3.sub(a1).intoArray(temp, 32 * L);
            sr2.sub(sr1).intoArray(temp, 63 * L);
            // column i = ido - 1 = 15: CH(ido-1,0,k), CH(ido-1,2,k), CH(0,3,k), CH(0,1,k) at 15, 47, 48, 16
            int c15 = 15 * stride + k;
            DoubleVector b0 = DoubleVector.fromArray(S, cc, c15);
            DoubleVector b1 = DoubleVector.fromArray(S, cc, c15 + l1);
            DoubleVector b2 = DoubleVector.fromArray(S, cc, c15 + 2 * l1);
            DoubleVector b3 = DoubleVector.fromArray(S, cc, c15 + 3 * l1);
            DoubleVector ti1 = b1.add(b3).mul(-hsqt2);
            DoubleVector tr1 = b1.sub(b3).mul(hsqt2);
            b0.add(tr1).intoArray(temp, 15 * L);
            b0.sub(tr1).intoArray(temp, 47 * L);
            ti1.add(b2).intoArray(temp, 48 * L);
            ti1.sub(b2).intoArray(temp, 16 * L);
            for (int i = 2; i < 16; i += 2) { // the twiddled butterflies; output offsets as in radf4Butterfly
                int cr = (i - 1) * stride + k;
                int ci = i * stride + k;
                DoubleVector xr1 = DoubleVector.fromArray(S, cc, cr + l1);
                DoubleVector xi1 = DoubleVector.fromArray(S, cc, ci + l1);
                DoubleVector xr2 = DoubleVector.fromArray(S, cc, cr + 2 * l1);
                DoubleVector xi2 = DoubleVector.fromArray(S, cc, ci + 2 * l1);
                DoubleVector xr3 = DoubleVector.fromArray(S, cc, cr + 3 * l1);
                DoubleVector xi3 = DoubleVector.fromArray(S, cc, ci + 3 * l1);
                double wr1 = wa[i - 2];
                double wi1 = wa[i - 1];
                double wr2 = wa[13 + i];
                double wi2 = wa[14 + i];
                double wr3 = wa[28 + i];
                double wi3 = wa[29 + i];
                DoubleVector cr2 = xr1.mul(wr1).add(xi1.mul(wi1));
                DoubleVector ci2 = xi1.mul(wr1).sub(xr1.mul(wi1));
                DoubleVector cr3 = xr2.mul(wr2).add(xi2.mul(wi2));
                DoubleVector ci3 = xi2.mul(wr2).sub(xr2.mul(wi2));
                DoubleVector cr4 = xr3.mul(wr3).add(xi3.mul(wi3));
                DoubleVector ci4 = xi3.mul(wr3).sub(xr3.mul(wi3));
                DoubleVector ur1 = cr4.add(cr2);
                DoubleVector ur4 = cr4.sub(cr2);
                DoubleVector ui1 = ci2.add(ci4);
                DoubleVector ui4 = ci2.sub(ci4);
                DoubleVector ar = DoubleVector.fromArray(S, cc, cr);
                DoubleVector ai = DoubleVector.fromArray(S, cc, ci);
                DoubleVector ur2 = ar.add(cr3);
                DoubleVector ur3 = ar.sub(cr3);
                DoubleVector ui2 = ai.add(ci3);
                DoubleVector ui3 = ai.sub(ci3);
                ur2.add(ur1).intoArray(temp, (i - 1) * L);
                ur2.sub(ur1).intoArray(temp, (63 - i) * L);
                ui1.add(ui2).intoArray(temp, i * L);
                ui1.sub(ui2).intoArray(temp, (64 - i) * L);
                ur3.add(ui4).intoArray(temp, (31 + i) * L);
                ur3.sub(ui4).intoArray(temp, (31 - i) * L);
                ur4.add(ui3).intoArray(temp, (32 + i) * L);
                ur4.sub(ui3).intoArray(temp, (32 - i) * L);
            }
            // the transpose: row r (k + r), outputs c .. c + L - 1, gathered from temp[(c + lane) L + r]
            int h = 64 * k;
            for (int r = 0; r < L; r++) {
                for (int c = 0; c < 64; c += L) {
                    DoubleVector.fromArray(S, temp, c * L + r, column, 0).intoArray(ch, h + 64 * r + c);
                }
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
