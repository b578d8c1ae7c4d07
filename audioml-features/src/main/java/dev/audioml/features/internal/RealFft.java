package dev.audioml.features.internal;

/**
 * The forward DFT of real input of any length {@code n >= 1}, {@code X[k] = sum_j x[j] exp(-2 pi i j k / n)}, without
 * scaling: a port of numpy 1.2x's pocketfft ({@code numpy/fft/_pocketfft.c}), the FFT behind {@code numpy.fft.rfft}
 * and therefore behind {@code librosa.stft}.
 *
 * <p>Algorithm, as {@code make_rfft_plan}: lengths whose largest prime factor is at most {@code sqrt(n)} (and all
 * lengths below 50) use the FFTPACK-style real plan ({@code rfftp}: passes of radix 4, 2, 3, 5 and a generic odd
 * radix); other lengths use whichever of that plan and a Bluestein transform pocketfft's cost model guesses cheaper
 * (AudioML's {@code BluesteinFft}, whose inner FFTs are power-of-two). Twiddle factors and scratch space are made in
 * the constructor: {@link #forward} allocates nothing. Departures from the C code, for speed under the JIT: the first
 * two radix-4 passes of powers of two run as one 16-point pass (on vectors across {@code k} where the kernels have
 * them), the three loops of {@code radf2} and {@code radf4} are fused into one per {@code k}, the last {@code radf2}
 * pass pairs butterflies {@code i} and {@code ido - i} (in place where an odd pass count would leave the result in
 * scratch), and {@code radfg} is not hand-unrolled;
 * results equal {@code numpy.fft.rfft}'s to a few 1e-16 of the largest bin.
 *
 * <p>Output layout (FFTPACK "halfcomplex", the array is overwritten in place):
 * {@code [Re X0, Re X1, Im X1, Re X2, Im X2, ..., Re X(n/2)]}, the last entry only for even {@code n}; that is, for
 * {@code 1 <= k <= (n-1)/2}, {@code Re Xk = data[2k-1]} and {@code Im Xk = data[2k]}; {@code Im X0} (and
 * {@code Im X(n/2)} for even {@code n}) are zero and not stored. {@code numpy.fft.rfft(x)[k]} equals bin {@code k}.
 *
 * <p>Not thread-safe: confine to one pipeline thread (one instance per thread; instances share nothing).
 *
 * @since 0.1
 */
public final class RealFft {
    /** Below this length pocketfft always uses the real plan ({@code make_rfft_plan}). */
    private static final int MIN_BLUESTEIN_LENGTH = 50;
    /** pocketfft's {@code radf3} constants {@code taur, taui}: cos and sin of 2 pi / 3. */
    private static final double TAUR = -0.5;
    private static final double TAUI = 0.86602540378443864676;
    /** pocketfft's {@code radf5} constants: cos and sin of 2 pi / 5 and 4 pi / 5. */
    private static final double TR11 = 0.3090169943749474241;
    private static final double TI11 = 0.95105651629515357212;
    private static final double TR12 = -0.8090169943749474241;
    private static final double TI12 = 0.58778525229247312917;
    /** {@code sqrt(1/2)}, pocketfft's {@code hsqt2}. */
    private static final double HSQT2 = 0.70710678118654752440;

    private final int n;
    /** Radices in pocketfft's plan order ({@code rfftp_factorize}); {@link #forward} applies them last to first. */
    private final int[] factors;
    /** Per factor, the twiddles {@code WA(x, i)} of {@code rfftp_comp_twiddle} (null for the last factor). */
    private final double[][] twiddles;
    /** Per factor with radix above 5, the {@code ip}-th roots of unity for {@code radfg} (else null). */
    private final double[][] roots;
    private final double[] scratch;
    private final BluesteinFft bluestein;
    private final double[] bluesteinRe;
    private final double[] bluesteinIm;
    /** The radix-4 and last radix-2 passes: scalar, or on SIMD vectors (the same results bit for bit). */
    private final Kernels kernels;
    /** Per factor, {@link Kernels#prepareTwiddles} (null where the kernels need none). */
    private final double[][] prepared;
    /** {@link Kernels#radf4Twice}'s buffer ({@link Kernels#FIRST_PASSES_TEMP} values; null without the fused pass). */
    private final double[] twiceTemp;

    /**
     * Plans a transform with {@link Kernels#best()}.
     *
     * @param n transform length in samples, at least 1
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public RealFft(int n) {
        this(n, Kernels.best());
    }

    /**
     * Plans a transform on the given kernels (tests and benchmarks compare the scalar and the vector ones).
     *
     * @param n transform length in samples, at least 1
     * @param kernels the passes' implementation
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public RealFft(int n, Kernels kernels) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT length must be >= 1, got " + n);
        }
        this.n = n;
        this.kernels = java.util.Objects.requireNonNull(kernels, "kernels");
        if (useBluestein(n)) {
            this.factors = new int[0];
            this.twiddles = new double[0][];
            this.roots = new double[0][];
            this.scratch = null;
            this.bluestein = new BluesteinFft(n);
            this.bluesteinRe = new double[n / 2 + 1];
            this.bluesteinIm = new double[n / 2 + 1];
            this.prepared = new double[0][];
            this.twiceTemp = null;
        } else {
            this.factors = factorize(n);
            this.twiddles = new double[factors.length][];
            this.roots = new double[factors.length][];
            computeTwiddles();
            this.bluestein = null;
            this.bluesteinRe = null;
            this.bluesteinIm = null;
            this.prepared = new double[factors.length][];
            int f = factors.length;
            boolean twice = f >= 2 && factors[f - 1] == 4 && factors[f - 2] == 4;
            this.twiceTemp = twice ? new double[Kernels.FIRST_PASSES_TEMP] : null;
            this.scratch = new double[twice ? n + 16 * Kernels.COLUMN_PAD : n]; // the padding: Kernels#radf4Thrice
            int l1 = 1;
            for (int k = 0; k < factors.length; k++) {
                int ido = n / (l1 * factors[k]);
                if (twiddles[k] != null) {
                    prepared[k] = kernels.prepareTwiddles(factors[k], ido, twiddles[k]);
                }
                l1 *= factors[k];
            }
        }
    }

    /** @return whether the passes run on SIMD vectors */
    public boolean isVector() {
        return kernels.isVector();
    }

    /** @return the transform length in samples */
    public int size() {
        return n;
    }

    /** @return whether this length is computed by Bluestein's algorithm rather than the mixed-radix real plan */
    boolean isBluestein() {
        return bluestein != null;
    }

    /**
     * Transforms {@code data[0..n)} in place into the halfcomplex layout described in the class comment.
     *
     * @param data at least {@link #size()} real samples; the first {@code n} are replaced by the packed spectrum
     */
    public void forward(double[] data) {
        if (data.length < n) {
            throw new IllegalArgumentException("data has " + data.length + " samples, FFT length is " + n);
        }
        double[] result = transform(data);
        if (result != data) {
            System.arraycopy(result, 0, data, 0, n);
        }
    }

    /**
     * {@link #forward} without its last copy: transforms {@code data[0..n)} (overwriting it) and returns the array
     * that holds the packed spectrum, {@code data} itself or this instance's scratch array (valid until the next
     * call). The caller guarantees {@code data.length >= n}.
     */
    public double[] transform(double[] data) {
        if (bluestein != null) {
            forwardBluestein(data);
            return data;
        }
        return forwardPlan(data);
    }

    /** {@code rfftp_forward} with {@code fct = 1} less its final {@code copy_and_norm}: returns where the result is. */
    private double[] forwardPlan(double[] c) {
        double[] p1 = c;
        double[] p2 = scratch;
        int l1 = n;
        int last = factors.length - 1;
        if (last >= 2 && factors[last] == 4 && factors[last - 1] == 4 && factors[last - 2] == 4
                && kernels.radf4Thrice(n / 64, c, scratch, twiddles[last - 1], twiddles[last - 2], twiceTemp)) {
            l1 = n / 64; // the radix-4 passes with ido 1, 4 and 16, the result in c
            last -= 3;
        } else if (last >= 1 && factors[last] == 4 && factors[last - 1] == 4) {
            l1 = n / 16; // the radix-4 passes with ido 1 and ido 4, fused
            kernels.radf4Twice(l1, c, scratch, twiddles[last - 1], twiceTemp);
            p1 = scratch;
            p2 = c;
            last -= 2;
        }
        for (int k = last; k >= 0; k--) {
            int ip = factors[k];
            int ido = n / l1;
            l1 /= ip;
            double[] wa = twiddles[k];
            if (ip == 4) {
                kernels.radf4(ido, l1, p1, p2, wa, prepared[k]);
            } else if (ip == 2 && l1 == 1 && (ido & 1) == 0) { // the last pass (k == 0)
                if (p1 == c) { // an odd number of passes: out of place, the result would land in scratch
                    kernels.radf2Last(ido, c, c, wa, prepared[k]);
                    break;
                }
                kernels.radf2Last(ido, p1, p2, wa, prepared[k]);
            } else if (ip == 2) {
                radf2(ido, l1, p1, p2, wa);
            } else if (ip == 3) {
                radf3(ido, l1, p1, p2, wa);
            } else if (ip == 5) {
                radf5(ido, l1, p1, p2, wa);
            } else {
                radfg(ido, ip, l1, p1, p2, wa, roots[k]);
                double[] t = p1; // radfg leaves its result in its input: undo the swap below
                p1 = p2;
                p2 = t;
            }
            double[] t = p1;
            p1 = p2;
            p2 = t;
        }
        return p1;
    }

    private void forwardBluestein(double[] data) {
        bluestein.forward(data, bluesteinRe, bluesteinIm); // reads all of data before writing the bins
        data[0] = bluesteinRe[0];
        for (int k = 1; 2 * k < n; k++) {
            data[2 * k - 1] = bluesteinRe[k];
            data[2 * k] = bluesteinIm[k];
        }
        if ((n & 1) == 0) {
            data[n - 1] = bluesteinRe[n / 2];
        }
    }

    // ---- plan (make_rfft_plan, rfftp_factorize, rfftp_comp_twiddle) ----

    /** {@code make_rfft_plan}: Bluestein only where pocketfft's cost model prefers it. */
    static boolean useBluestein(int n) {
        if (n < MIN_BLUESTEIN_LENGTH || largestPrimeFactor(n) <= Math.sqrt(n)) {
            return false;
        }
        double comp1 = 0.5 * costGuess(n);
        double comp2 = 2 * costGuess(goodSize(2L * n - 1));
        comp2 *= 1.5; // pocketfft: "fudge factor that appears to give good overall performance"
        return comp2 < comp1;
    }

    /** {@code largest_prime_factor}. */
    static long largestPrimeFactor(long n) {
        long res = 1;
        while ((n & 1) == 0) {
            res = 2;
            n >>= 1;
        }
        long limit = (long) Math.sqrt(n + 0.01);
        for (long x = 3; x <= limit; x += 2) {
            while (n % x == 0) {
                res = x;
                n /= x;
                limit = (long) Math.sqrt(n + 0.01);
            }
        }
        return n > 1 ? n : res;
    }

    /** {@code cost_guess}: the sum of the prime factors (those above 5 weighted 1.1) times the length. */
    static double costGuess(long n) {
        final double lfp = 1.1; // penalty for non-hardcoded larger factors
        long ni = n;
        double result = 0;
        while ((n & 1) == 0) {
            result += 2;
            n >>= 1;
        }
        long limit = (long) Math.sqrt(n + 0.01);
        for (long x = 3; x <= limit; x += 2) {
            while (n % x == 0) {
                result += x <= 5 ? x : lfp * x;
                n /= x;
                limit = (long) Math.sqrt(n + 0.01);
            }
        }
        if (n > 1) {
            result += n <= 5 ? n : lfp * n;
        }
        return result * ni;
    }

    /** {@code good_size}: the smallest product of 2, 3, 5, 7 and 11 that is at least {@code n}. */
    static long goodSize(long n) {
        if (n <= 6) {
            return n;
        }
        long best = 2 * n;
        for (long f2 = 1; f2 < best; f2 *= 2) {
            for (long f23 = f2; f23 < best; f23 *= 3) {
                for (long f235 = f23; f235 < best; f235 *= 5) {
                    for (long f2357 = f235; f2357 < best; f2357 *= 7) {
                        for (long f235711 = f2357; f235711 < best; f235711 *= 11) {
                            if (f235711 >= n) {
                                best = f235711;
                            }
                        }
                    }
                }
            }
        }
        return best;
    }

    /** {@code rfftp_factorize}: fours first, then one two (moved to the front), then odd factors ascending. */
    private static int[] factorize(int n) {
        int[] f = new int[32];
        int count = 0;
        int length = n;
        while (length % 4 == 0) {
            f[count++] = 4;
            length >>= 2;
        }
        if (length % 2 == 0) {
            length >>= 1;
            f[count++] = 2;
            int t = f[0];
            f[0] = f[count - 1];
            f[count - 1] = t;
        }
        int maxl = (int) Math.sqrt(length) + 1;
        for (int divisor = 3; length > 1 && divisor < maxl; divisor += 2) {
            if (length % divisor == 0) {
                while (length % divisor == 0) {
                    f[count++] = divisor;
                    length /= divisor;
                }
                maxl = (int) Math.sqrt(length) + 1;
            }
        }
        if (length > 1) {
            f[count++] = length;
        }
        return java.util.Arrays.copyOf(f, count);
    }

    /** {@code rfftp_comp_twiddle}, with {@code cos/sin(2 pi m / n)} from {@link #cosSin2Pi}. */
    private void computeTwiddles() {
        double[] cs = new double[2];
        int l1 = 1;
        for (int k = 0; k < factors.length; k++) {
            int ip = factors[k];
            int ido = n / (l1 * ip);
            if (k < factors.length - 1) { // the last factor (first pass, ido 1) needs none
                double[] tw = new double[(ip - 1) * (ido - 1)];
                for (int j = 1; j < ip; j++) {
                    for (int i = 1; i <= (ido - 1) / 2; i++) {
                        cosSin2Pi((long) j * l1 * i, n, cs);
                        tw[(j - 1) * (ido - 1) + 2 * i - 2] = cs[0];
                        tw[(j - 1) * (ido - 1) + 2 * i - 1] = cs[1];
                    }
                }
                twiddles[k] = tw;
            }
            if (ip > 5) { // the roots radfg needs
                double[] tws = new double[2 * ip];
                tws[0] = 1;
                tws[1] = 0;
                for (int i = 1; i <= ip >> 1; i++) {
                    cosSin2Pi(i, ip, cs);
                    tws[2 * i] = cs[0];
                    tws[2 * i + 1] = cs[1];
                    tws[2 * (ip - i)] = cs[0];
                    tws[2 * (ip - i) + 1] = -cs[1];
                }
                roots[k] = tws;
            }
            l1 *= ip;
        }
    }

    /**
     * {@code cos(2 pi m / den)} and {@code sin(2 pi m / den)} into {@code out[0..1]}, the angle first reduced by
     * symmetry to {@code [0, pi/4]} in integer arithmetic so that both are accurate to about an ulp (the role of
     * pocketfft's {@code sincos_2pibyn}).
     */
    static void cosSin2Pi(long m, long den, double[] out) {
        // angle = pi * num / d with num = 2 m mod 2 den, d = den; work with a = 8 m mod 8 den over 8 den (eighths)
        long d8 = 8 * den;
        long a = Math.floorMod(8 * m, d8); // angle = 2 pi a / d8, a in [0, d8)
        boolean negSin = false;
        if (2 * a > d8) { // angle > pi: reflect about pi
            a = d8 - a;
            negSin = true;
        }
        boolean negCos = false;
        if (4 * a > d8) { // angle > pi/2: reflect about pi/2
            a = d8 / 2 - a;
            negCos = true;
        }
        double c;
        double s;
        if (8 * a > d8) { // angle > pi/4: swap with the complement
            double x = 2 * Math.PI * (d8 / 4 - a) / d8;
            c = Math.sin(x);
            s = Math.cos(x);
        } else {
            double x = 2 * Math.PI * a / d8;
            c = Math.cos(x);
            s = Math.sin(x);
        }
        out[0] = negCos ? -c : c;
        out[1] = negSin ? -s : s;
    }

    // ---- passes: radf2, radf3, radf4, radf5, radfg of _pocketfft.c ----
    // Index macros of the C source: CC(a,b,c) = cc[a + ido*(b + l1*c)], CH(a,b,c) = ch[a + ido*(b + ip*c)],
    // WA(x,i) = wa[i + x*(ido-1)]; MULPM(a,b,c,d,e,f): a = c*e + d*f, b = c*f - d*e; PM(a,b,c,d): a = c+d, b = c-d.

    /** {@code radf2}, its three loops ({@code i = 0}, twiddled, {@code i = ido - 1}) fused into one over k. */
    private static void radf2(int ido, int l1, double[] cc, double[] ch, double[] wa) {
        boolean even = (ido & 1) == 0;
        for (int k = 0; k < l1; k++) {
            int c0 = ido * k;
            int c1 = ido * (k + l1);
            int h0 = 2 * ido * k;
            int h1 = h0 + ido;
            double a = cc[c0];
            double b = cc[c1];
            ch[h0] = a + b; // CH(0,0,k)
            ch[h1 + ido - 1] = a - b; // CH(ido-1,1,k)
            for (int i = 2; i < ido; i += 2) {
                int ic = ido - i;
                double wr = wa[i - 2];
                double wi = wa[i - 1];
                double xr = cc[c1 + i - 1];
                double xi = cc[c1 + i];
                double tr2 = wr * xr + wi * xi;
                double ti2 = wr * xi - wi * xr;
                double ar = cc[c0 + i - 1];
                double ai = cc[c0 + i];
                ch[h0 + i - 1] = ar + tr2;
                ch[h1 + ic - 1] = ar - tr2;
                ch[h0 + i] = ti2 + ai;
                ch[h1 + ic] = ti2 - ai;
            }
            if (even) {
                ch[h1] = -cc[c1 + ido - 1]; // CH(0,1,k) = -CC(ido-1,k,1)
                ch[h1 - 1] = cc[c0 + ido - 1]; // CH(ido-1,0,k) = CC(ido-1,k,0)
            }
        }
    }

    /**
     * {@code radf2} for the last pass ({@code l1 = 1}) with even {@code ido}, butterflies {@code i} and
     * {@code ic = ido - i} together: butterfly {@code i} reads column {@code i} of both halves and writes column
     * {@code i} of the first and {@code ic} of the second, so the pair reads and writes the same four columns and
     * {@code ch} may be {@code cc}. In place it serves plans with an odd number of passes (2048 = 2 4^5: five), whose
     * result would otherwise land in the scratch array and be copied back by {@link #forward}: measured 4-6 % faster
     * at n = 2048 (A/B in one JVM, thread CPU time, best of 41 batches, three runs); out of place (n = 512) no slower
     * than {@link #radf2}. The butterflies below {@code from} (even, at least 2) are left to the caller: the vector
     * kernels do them first (the pairs {@code (i, ido - i)} are independent, so the order does not change a result).
     */
    static void radf2Last(int ido, double[] cc, double[] ch, double[] wa, int from) {
        double a = cc[0];
        double b = cc[ido];
        double e0 = cc[ido - 1];
        double e1 = cc[2 * ido - 1];
        ch[0] = a + b; // CH(0,0,0)
        ch[2 * ido - 1] = a - b; // CH(ido-1,1,0)
        ch[ido] = -e1; // CH(0,1,0) = -CC(ido-1,0,1)
        ch[ido - 1] = e0; // CH(ido-1,0,0) = CC(ido-1,0,0)
        for (int i = from, ic = ido - from; i <= ic; i += 2, ic -= 2) {
            double wr = wa[i - 2];
            double wi = wa[i - 1];
            double xr = cc[ido + i - 1];
            double xi = cc[ido + i];
            double tr2 = wr * xr + wi * xi;
            double ti2 = wr * xi - wi * xr;
            wr = wa[ic - 2];
            wi = wa[ic - 1];
            xr = cc[ido + ic - 1];
            xi = cc[ido + ic];
            double ur2 = wr * xr + wi * xi;
            double ui2 = wr * xi - wi * xr;
            double ar = cc[i - 1];
            double ai = cc[i];
            double br = cc[ic - 1];
            double bi = cc[ic];
            ch[i - 1] = ar + tr2;
            ch[ido + ic - 1] = ar - tr2;
            ch[i] = ti2 + ai;
            ch[ido + ic] = ti2 - ai;
            ch[ic - 1] = br + ur2;
            ch[ido + i - 1] = br - ur2;
            ch[ic] = ui2 + bi;
            ch[ido + i] = ui2 - bi;
        }
    }

    /** {@code radf3}. */
    private static void radf3(int ido, int l1, double[] cc, double[] ch, double[] wa) {
        final double taur = TAUR;
        final double taui = TAUI;
        if (ido == 1) { // the first pass: a constant ido lets the JIT drop the bounds checks of the inlined loop
            radf3Column0(1, l1, cc, ch);
            return;
        }
        radf3Column0(ido, l1, cc, ch);
        int w1 = ido - 1;
        for (int k = 0; k < l1; k++) {
            int c0 = ido * k;
            int c1 = ido * (k + l1);
            int c2 = ido * (k + 2 * l1);
            int h0 = 3 * ido * k;
            int h1 = h0 + ido;
            int h2 = h1 + ido;
            for (int i = 2; i < ido; i += 2) {
                int ic = ido - i;
                double wr1 = wa[i - 2];
                double wi1 = wa[i - 1];
                double wr2 = wa[w1 + i - 2];
                double wi2 = wa[w1 + i - 1];
                double dr2 = wr1 * cc[c1 + i - 1] + wi1 * cc[c1 + i];
                double di2 = wr1 * cc[c1 + i] - wi1 * cc[c1 + i - 1];
                double dr3 = wr2 * cc[c2 + i - 1] + wi2 * cc[c2 + i];
                double di3 = wr2 * cc[c2 + i] - wi2 * cc[c2 + i - 1];
                double cr2 = dr2 + dr3;
                double ci2 = di2 + di3;
                double ar = cc[c0 + i - 1];
                double ai = cc[c0 + i];
                ch[h0 + i - 1] = ar + cr2;
                ch[h0 + i] = ai + ci2;
                double tr2 = ar + taur * cr2;
                double ti2 = ai + taur * ci2;
                double tr3 = taui * (di2 - di3);
                double ti3 = taui * (dr3 - dr2);
                ch[h2 + i - 1] = tr2 + tr3;
                ch[h1 + ic - 1] = tr2 - tr3;
                ch[h2 + i] = ti3 + ti2;
                ch[h1 + ic] = ti3 - ti2;
            }
        }
    }

    /** The {@code i = 0} loop of {@code radf3}. */
    private static void radf3Column0(int ido, int l1, double[] cc, double[] ch) {
        for (int k = 0; k < l1; k++) {
            double c0 = cc[ido * k];
            double c1 = cc[ido * (k + l1)];
            double c2 = cc[ido * (k + 2 * l1)];
            double cr2 = c1 + c2;
            ch[3 * ido * k] = c0 + cr2; // CH(0,0,k)
            ch[ido * (2 + 3 * k)] = TAUI * (c2 - c1); // CH(0,2,k)
            ch[ido - 1 + ido * (1 + 3 * k)] = c0 + TAUR * cr2; // CH(ido-1,1,k)
        }
    }

    /**
     * {@code radf4}, its three loops ({@code i = 0}, the twiddled {@code i = 2..ido-2}, {@code i = ido - 1}) fused into
     * one over {@code k}. The butterflies live in two small methods that C2 inlines (each under its 325-byte
     * {@code FreqInlineSize}; a butterfly of 341 bytes was not inlined and ran 8-20 % slower): measured 4-7 % faster at
     * n = 512 and 1024 than the same code written out in this loop (A/B in one JVM, thread CPU time).
     */
    static void radf4(int ido, int l1, double[] cc, double[] ch, double[] wa) {
        int s = ido * l1; // CC stride between the four inputs
        int w1 = ido - 1;
        int w2 = 2 * w1;
        boolean even = (ido & 1) == 0;
        for (int k = 0; k < l1; k++) {
            int c0 = ido * k;
            int h0 = 4 * ido * k;
            radf4Edges(ido, even, cc, ch, c0, s, h0);
            for (int i = 2; i < ido; i += 2) {
                radf4Butterfly(ido, cc, ch, c0 + i, s, h0 + i, h0 + ido - i, wa[i - 2], wa[i - 1], wa[w1 + i - 2],
                        wa[w1 + i - 1], wa[w2 + i - 2], wa[w2 + i - 1]);
            }
        }
    }

    /** {@code radf4}'s columns {@code i = 0} and (for even {@code ido}) {@code i = ido - 1} at one {@code k}. */
    static void radf4Edges(int ido, boolean even, double[] cc, double[] ch, int c0, int s, int h0) {
        final double hsqt2 = HSQT2;
        int c1 = c0 + s;
        int c2 = c1 + s;
        int c3 = c2 + s;
        int h1 = h0 + ido;
        int h2 = h1 + ido;
        int h3 = h2 + ido;
        double a0 = cc[c0];
        double a1 = cc[c1];
        double a2 = cc[c2];
        double a3 = cc[c3];
        double sr1 = a3 + a1;
        double sr2 = a0 + a2;
        ch[h0] = sr2 + sr1; // CH(0,0,k)
        ch[h2 - 1] = a0 - a2; // CH(ido-1,1,k)
        ch[h2] = a3 - a1; // CH(0,2,k)
        ch[h3 + ido - 1] = sr2 - sr1; // CH(ido-1,3,k)
        if (even) {
            double b0 = cc[c0 + ido - 1];
            double b1 = cc[c1 + ido - 1];
            double b2 = cc[c2 + ido - 1];
            double b3 = cc[c3 + ido - 1];
            double ti1 = -hsqt2 * (b1 + b3);
            double tr1 = hsqt2 * (b1 - b3);
            ch[h1 - 1] = b0 + tr1; // CH(ido-1,0,k)
            ch[h3 - 1] = b0 - tr1; // CH(ido-1,2,k)
            ch[h3] = ti1 + b2; // CH(0,3,k)
            ch[h1] = ti1 - b2; // CH(0,1,k)
        }
    }

    /**
     * {@code radf4}'s twiddled butterfly at one {@code (i, k)}: {@code c = CC(i,k,0)}, {@code h = CH(i,0,k)},
     * {@code hc = CH(ic,0,k)}. Kept under C2's 325-byte inlining limit ({@code FreqInlineSize}).
     */
    private static void radf4Butterfly(int ido, double[] cc, double[] ch, int c, int s, int h, int hc, double wr1,
            double wi1, double wr2, double wi2, double wr3, double wi3) {
        double xr1 = cc[c + s - 1];
        double xi1 = cc[c + s];
        double xr2 = cc[c + 2 * s - 1];
        double xi2 = cc[c + 2 * s];
        double xr3 = cc[c + 3 * s - 1];
        double xi3 = cc[c + 3 * s];
        double cr2 = wr1 * xr1 + wi1 * xi1;
        double ci2 = wr1 * xi1 - wi1 * xr1;
        double cr3 = wr2 * xr2 + wi2 * xi2;
        double ci3 = wr2 * xi2 - wi2 * xr2;
        double cr4 = wr3 * xr3 + wi3 * xi3;
        double ci4 = wr3 * xi3 - wi3 * xr3;
        double tr1 = cr4 + cr2;
        double tr4 = cr4 - cr2;
        double ti1 = ci2 + ci4;
        double ti4 = ci2 - ci4;
        double ar = cc[c - 1];
        double ai = cc[c];
        double tr2 = ar + cr3;
        double tr3 = ar - cr3;
        double ti2 = ai + ci3;
        double ti3 = ai - ci3;
        ch[h - 1] = tr2 + tr1; // CH(i-1,0,k)
        ch[hc + 3 * ido - 1] = tr2 - tr1; // CH(ic-1,3,k)
        ch[h] = ti1 + ti2;
        ch[hc + 3 * ido] = ti1 - ti2;
        ch[h + 2 * ido - 1] = tr3 + ti4; // CH(i-1,2,k)
        ch[hc + ido - 1] = tr3 - ti4; // CH(ic-1,1,k)
        ch[h + 2 * ido] = tr4 + ti3;
        ch[hc + ido] = tr4 - ti3;
    }

    /**
     * The first two passes of lengths divisible by 16 whose plan starts with two fours (all powers of two from 16):
     * {@code radf4} with {@code ido = 1, l1 = 4 l1} then {@code radf4} with {@code ido = 4, l1}, fused so that the
     * intermediate 16 values per {@code k} stay in registers (one pass over memory instead of two). The second pass's
     * three loops ({@code i = 0}, the one twiddled butterfly {@code i = 2}, {@code i = ido - 1 = 3}) become straight
     * code; all indices have constant scales, so the JIT drops the bounds checks.
     *
     * @param l1 {@code n / 16}
     * @param wa the twiddles of the second pass
     */
    static void radf4Twice(int l1, double[] cc, double[] ch, double[] wa) {
        final double hsqt2 = HSQT2;
        double wr1 = wa[0];
        double wi1 = wa[1];
        double wr2 = wa[3];
        double wi2 = wa[4];
        double wr3 = wa[6];
        double wi3 = wa[7];
        int q = 4 * l1; // the first pass's l1
        for (int k = 0; k < l1; k++) {
            // first pass at k + j l1 (j = 0..3): xJA = its output CH(0, A, k + j l1), the second pass's CC(A, k, j).
            // The four butterflies are written out on purpose: a loop over j through a 16-value scratch array was
            // measured 5-15 % slower (n = 512..2048), the values no longer staying in registers.
            double a0 = cc[k];
            double a1 = cc[k + q];
            double a2 = cc[k + 2 * q];
            double a3 = cc[k + 3 * q];
            double s1 = a3 + a1;
            double s2 = a0 + a2;
            final double x00 = s2 + s1;
            final double x01 = a0 - a2;
            final double x02 = a3 - a1;
            final double x03 = s2 - s1;
            a0 = cc[k + l1];
            a1 = cc[k + l1 + q];
            a2 = cc[k + l1 + 2 * q];
            a3 = cc[k + l1 + 3 * q];
            s1 = a3 + a1;
            s2 = a0 + a2;
            final double x10 = s2 + s1;
            final double x11 = a0 - a2;
            final double x12 = a3 - a1;
            final double x13 = s2 - s1;
            a0 = cc[k + 2 * l1];
            a1 = cc[k + 2 * l1 + q];
            a2 = cc[k + 2 * l1 + 2 * q];
            a3 = cc[k + 2 * l1 + 3 * q];
            s1 = a3 + a1;
            s2 = a0 + a2;
            final double x20 = s2 + s1;
            final double x21 = a0 - a2;
            final double x22 = a3 - a1;
            final double x23 = s2 - s1;
            a0 = cc[k + 3 * l1];
            a1 = cc[k + 3 * l1 + q];
            a2 = cc[k + 3 * l1 + 2 * q];
            a3 = cc[k + 3 * l1 + 3 * q];
            s1 = a3 + a1;
            s2 = a0 + a2;
            final double x30 = s2 + s1;
            final double x31 = a0 - a2;
            final double x32 = a3 - a1;
            final double x33 = s2 - s1;
            int h = 16 * k;
            // second pass, i = 0
            double tr1 = x30 + x10;
            double tr2 = x00 + x20;
            ch[h] = tr2 + tr1;
            ch[h + 7] = x00 - x20;
            ch[h + 8] = x30 - x10;
            ch[h + 15] = tr2 - tr1;
            // i = ido - 1 = 3
            double ti1 = -hsqt2 * (x13 + x33);
            double tq1 = hsqt2 * (x13 - x33);
            ch[h + 3] = x03 + tq1;
            ch[h + 11] = x03 - tq1;
            ch[h + 12] = ti1 + x23;
            ch[h + 4] = ti1 - x23;
            // i = 2, ic = 2: the twiddled butterfly
            double cr2 = wr1 * x11 + wi1 * x12;
            double ci2 = wr1 * x12 - wi1 * x11;
            double cr3 = wr2 * x21 + wi2 * x22;
            double ci3 = wr2 * x22 - wi2 * x21;
            double cr4 = wr3 * x31 + wi3 * x32;
            double ci4 = wr3 * x32 - wi3 * x31;
            double ur1 = cr4 + cr2;
            double ur4 = cr4 - cr2;
            double ui1 = ci2 + ci4;
            double ui4 = ci2 - ci4;
            double ur2 = x01 + cr3;
            double ur3 = x01 - cr3;
            double ui2 = x02 + ci3;
            double ui3 = x02 - ci3;
            ch[h + 1] = ur2 + ur1;
            ch[h + 13] = ur2 - ur1;
            ch[h + 2] = ui1 + ui2;
            ch[h + 14] = ui1 - ui2;
            ch[h + 9] = ur3 + ui4;
            ch[h + 5] = ur3 - ui4;
            ch[h + 10] = ur4 + ui3;
            ch[h + 6] = ur4 - ui3;
        }
    }

    /** {@code radf5}. */
    private static void radf5(int ido, int l1, double[] cc, double[] ch, double[] wa) {
        final double tr11 = TR11;
        final double ti11 = TI11;
        final double tr12 = TR12;
        final double ti12 = TI12;
        if (ido == 1) { // the first pass: a constant ido lets the JIT drop the bounds checks of the inlined loop
            radf5Column0(1, l1, cc, ch);
            return;
        }
        radf5Column0(ido, l1, cc, ch);
        int s = ido * l1;
        int w1 = ido - 1;
        int w2 = 2 * w1;
        int w3 = 3 * w1;
        for (int k = 0; k < l1; k++) {
            int c0 = ido * k;
            int c1 = c0 + s;
            int c2 = c1 + s;
            int c3 = c2 + s;
            int c4 = c3 + s;
            int h0 = 5 * ido * k;
            int h1 = h0 + ido;
            int h2 = h1 + ido;
            int h3 = h2 + ido;
            int h4 = h3 + ido;
            for (int i = 2; i < ido; i += 2) {
                int ic = ido - i;
                double dr2 = wa[i - 2] * cc[c1 + i - 1] + wa[i - 1] * cc[c1 + i];
                double di2 = wa[i - 2] * cc[c1 + i] - wa[i - 1] * cc[c1 + i - 1];
                double dr3 = wa[w1 + i - 2] * cc[c2 + i - 1] + wa[w1 + i - 1] * cc[c2 + i];
                double di3 = wa[w1 + i - 2] * cc[c2 + i] - wa[w1 + i - 1] * cc[c2 + i - 1];
                double dr4 = wa[w2 + i - 2] * cc[c3 + i - 1] + wa[w2 + i - 1] * cc[c3 + i];
                double di4 = wa[w2 + i - 2] * cc[c3 + i] - wa[w2 + i - 1] * cc[c3 + i - 1];
                double dr5 = wa[w3 + i - 2] * cc[c4 + i - 1] + wa[w3 + i - 1] * cc[c4 + i];
                double di5 = wa[w3 + i - 2] * cc[c4 + i] - wa[w3 + i - 1] * cc[c4 + i - 1];
                double cr2 = dr5 + dr2;
                double ci5 = dr5 - dr2;
                double ci2 = di2 + di5;
                double cr5 = di2 - di5;
                double cr3 = dr4 + dr3;
                double ci4 = dr4 - dr3;
                double ci3 = di3 + di4;
                double cr4 = di3 - di4;
                double ar = cc[c0 + i - 1];
                double ai = cc[c0 + i];
                ch[h0 + i - 1] = ar + cr2 + cr3;
                ch[h0 + i] = ai + ci2 + ci3;
                double tr2 = ar + tr11 * cr2 + tr12 * cr3;
                double ti2 = ai + tr11 * ci2 + tr12 * ci3;
                double tr3 = ar + tr12 * cr2 + tr11 * cr3;
                double ti3 = ai + tr12 * ci2 + tr11 * ci3;
                double tr5 = cr5 * ti11 + cr4 * ti12; // MULPM(tr5,tr4,cr5,cr4,ti11,ti12)
                double tr4 = cr5 * ti12 - cr4 * ti11;
                double ti5 = ci5 * ti11 + ci4 * ti12; // MULPM(ti5,ti4,ci5,ci4,ti11,ti12)
                double ti4 = ci5 * ti12 - ci4 * ti11;
                ch[h2 + i - 1] = tr2 + tr5;
                ch[h1 + ic - 1] = tr2 - tr5;
                ch[h2 + i] = ti5 + ti2;
                ch[h1 + ic] = ti5 - ti2;
                ch[h4 + i - 1] = tr3 + tr4;
                ch[h3 + ic - 1] = tr3 - tr4;
                ch[h4 + i] = ti4 + ti3;
                ch[h3 + ic] = ti4 - ti3;
            }
        }
    }

    /** The {@code i = 0} loop of {@code radf5}. */
    private static void radf5Column0(int ido, int l1, double[] cc, double[] ch) {
        int s = ido * l1;
        for (int k = 0; k < l1; k++) {
            int c = ido * k;
            double c0 = cc[c];
            double c1 = cc[c + s];
            double c2 = cc[c + 2 * s];
            double c3 = cc[c + 3 * s];
            double c4 = cc[c + 4 * s];
            double cr2 = c4 + c1;
            double ci5 = c4 - c1;
            double cr3 = c3 + c2;
            double ci4 = c3 - c2;
            int h = 5 * ido * k;
            ch[h] = c0 + cr2 + cr3; // CH(0,0,k)
            ch[h + 2 * ido - 1] = c0 + TR11 * cr2 + TR12 * cr3; // CH(ido-1,1,k)
            ch[h + 2 * ido] = TI11 * ci5 + TI12 * ci4; // CH(0,2,k)
            ch[h + 4 * ido - 1] = c0 + TR12 * cr2 + TR11 * cr3; // CH(ido-1,3,k)
            ch[h + 4 * ido] = TI12 * ci5 - TI11 * ci4; // CH(0,4,k)
        }
    }

    /**
     * {@code radfg}: any odd radix {@code ip}; uses {@code ch} as scratch and leaves its result in {@code cc}. Macros:
     * {@code C1(a,b,c) = cc[a + ido*(b + l1*c)]}, {@code C2(a,b) = cc[a + idl1*b]}, {@code CH2(a,b) = ch[a + idl1*b]},
     * {@code CC(a,b,c) = cc[a + ido*(b + ip*c)]}, {@code CH(a,b,c) = ch[a + ido*(b + l1*c)]}.
     */
    private static void radfg(int ido, int ip, int l1, double[] cc, double[] ch, double[] wa, double[] csarr) {
        int ipph = (ip + 1) / 2;
        int idl1 = ido * l1;

        if (ido > 1) {
            for (int j = 1, jc = ip - 1; j < ipph; ++j, --jc) { // 114
                int is = (j - 1) * (ido - 1);
                int is2 = (jc - 1) * (ido - 1);
                for (int k = 0; k < l1; ++k) { // 113
                    int bj = ido * (k + l1 * j);
                    int bjc = ido * (k + l1 * jc);
                    int idij = is;
                    int idij2 = is2;
                    for (int i = 1; i <= ido - 2; i += 2) { // 112
                        double t1 = cc[bj + i];
                        double t2 = cc[bj + i + 1];
                        double t3 = cc[bjc + i];
                        double t4 = cc[bjc + i + 1];
                        double x1 = wa[idij] * t1 + wa[idij + 1] * t2;
                        double x2 = wa[idij] * t2 - wa[idij + 1] * t1;
                        double x3 = wa[idij2] * t3 + wa[idij2 + 1] * t4;
                        double x4 = wa[idij2] * t4 - wa[idij2 + 1] * t3;
                        cc[bj + i] = x1 + x3;
                        cc[bjc + i] = x2 - x4;
                        cc[bj + i + 1] = x2 + x4;
                        cc[bjc + i + 1] = x3 - x1;
                        idij += 2;
                        idij2 += 2;
                    }
                }
            }
        }

        for (int j = 1, jc = ip - 1; j < ipph; ++j, --jc) { // 123
            for (int k = 0; k < l1; ++k) { // 122
                int bj = ido * (k + l1 * j);
                int bjc = ido * (k + l1 * jc);
                double t1 = cc[bj];
                double t2 = cc[bjc];
                cc[bj] = t1 + t2;
                cc[bjc] = t2 - t1;
            }
        }

        for (int l = 1, lc = ip - 1; l < ipph; ++l, --lc) { // 127
            int hl = idl1 * l;
            int hlc = idl1 * lc;
            for (int ik = 0; ik < idl1; ++ik) { // 124
                ch[hl + ik] = cc[ik] + csarr[2 * l] * cc[ik + idl1] + csarr[4 * l] * cc[ik + 2 * idl1];
                ch[hlc + ik] = csarr[2 * l + 1] * cc[ik + idl1 * (ip - 1)]
                        + csarr[4 * l + 1] * cc[ik + idl1 * (ip - 2)];
            }
            int iang = 2 * l;
            int j = 3;
            int jc = ip - 3;
            // pocketfft unrolls this loop four and two ways; one term at a time rounds in another order (well within
            // the tests' bounds), measured faster here for radix 7 (n = 441), ~20 % slower for radices 23 and 89
            for (; j < ipph; ++j, --jc) { // 126
                iang += l;
                if (iang >= ip) {
                    iang -= ip;
                }
                double ar = csarr[2 * iang];
                double ai = csarr[2 * iang + 1];
                int bj = idl1 * j;
                int bjc = idl1 * jc;
                for (int ik = 0; ik < idl1; ++ik) { // 125
                    ch[hl + ik] += ar * cc[bj + ik];
                    ch[hlc + ik] += ai * cc[bjc + ik];
                }
            }
        }
        for (int ik = 0; ik < idl1; ++ik) { // 101
            ch[ik] = cc[ik];
        }
        for (int j = 1; j < ipph; ++j) { // 129
            int bj = idl1 * j;
            for (int ik = 0; ik < idl1; ++ik) { // 128
                ch[ik] += cc[bj + ik];
            }
        }

        // everything in CH at this point
        for (int k = 0; k < l1; ++k) { // 131
            System.arraycopy(ch, ido * k, cc, ido * ip * k, ido); // CC(i,0,k) = CH(i,k,0)
        }

        for (int j = 1, jc = ip - 1; j < ipph; ++j, --jc) { // 137
            int j2 = 2 * j - 1;
            for (int k = 0; k < l1; ++k) { // 136
                cc[ido - 1 + ido * (j2 + ip * k)] = ch[ido * (k + l1 * j)]; // CC(ido-1,j2,k) = CH(0,k,j)
                cc[ido * (j2 + 1 + ip * k)] = ch[ido * (k + l1 * jc)]; // CC(0,j2+1,k) = CH(0,k,jc)
            }
        }

        if (ido == 1) {
            return;
        }

        for (int j = 1, jc = ip - 1; j < ipph; ++j, --jc) { // 140
            int j2 = 2 * j - 1;
            for (int k = 0; k < l1; ++k) { // 139
                int hj = ido * (k + l1 * j);
                int hjc = ido * (k + l1 * jc);
                int o1 = ido * (j2 + 1 + ip * k); // CC(.,j2+1,k)
                int o2 = ido * (j2 + ip * k); // CC(.,j2,k)
                for (int i = 1, ic = ido - i - 2; i <= ido - 2; i += 2, ic -= 2) { // 138
                    cc[o1 + i] = ch[hj + i] + ch[hjc + i];
                    cc[o2 + ic] = ch[hj + i] - ch[hjc + i];
                    cc[o1 + i + 1] = ch[hj + i + 1] + ch[hjc + i + 1];
                    cc[o2 + ic + 1] = ch[hjc + i + 1] - ch[hj + i + 1];
                }
            }
        }
    }
}
