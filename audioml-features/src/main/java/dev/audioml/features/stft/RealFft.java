package dev.audioml.features.stft;

/**
 * A real-input FFT for power-of-two sizes: one complex radix-2 FFT of half the size on the even/odd samples packed as
 * {@code z[n] = x[2n] + i x[2n+1]}, then the split {@code X[k] = E[k] + e^{-2 pi i k / N} O[k]} with
 * {@code E[k] = (Z[k] + conj Z[N/2-k]) / 2} and {@code O[k] = (Z[k] - conj Z[N/2-k]) / 2i}. Twiddles and the
 * bit-reversal permutation are precomputed; nothing is allocated per transform. Equal to JTransforms' result within
 * rounding (see {@code RealFftTest}), about twice as fast at the sizes used for speech features.
 *
 * <p>Not thread-safe: confine to one pipeline thread.
 *
 * @since 0.1
 */
public final class RealFft {
    private final int n;
    private final int m;
    private final int[] reverse;
    private final double[] cosHalf;
    private final double[] sinHalf;
    private final double[] cosFull;
    private final double[] sinFull;
    private final double[] re;
    private final double[] im;

    /** @param n transform size, a power of two, at least 4 */
    public RealFft(int n) {
        if (n < 4 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("RealFft size must be a power of two >= 4, got " + n);
        }
        this.n = n;
        this.m = n / 2;
        this.reverse = new int[m];
        int bits = Integer.numberOfTrailingZeros(m);
        for (int i = 0; i < m; i++) {
            reverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        this.cosHalf = new double[m / 2];
        this.sinHalf = new double[m / 2];
        for (int k = 0; k < m / 2; k++) {
            cosHalf[k] = Math.cos(2 * Math.PI * k / m);
            sinHalf[k] = -Math.sin(2 * Math.PI * k / m);
        }
        this.cosFull = new double[m + 1];
        this.sinFull = new double[m + 1];
        for (int k = 0; k <= m; k++) {
            cosFull[k] = Math.cos(2 * Math.PI * k / n);
            sinFull[k] = -Math.sin(2 * Math.PI * k / n);
        }
        this.re = new double[m];
        this.im = new double[m];
    }

    /** @return the transform size */
    public int size() {
        return n;
    }

    /**
     * Transforms {@code x} (length {@link #size()}, read-only) into bins {@code 0..n/2}.
     *
     * @param x real input
     * @param outRe real parts, {@code n / 2 + 1} values
     * @param outIm imaginary parts, {@code n / 2 + 1} values
     */
    public void forward(double[] x, double[] outRe, double[] outIm) {
        for (int i = 0; i < m; i++) {
            int r = reverse[i];
            re[r] = x[2 * i];
            im[r] = x[2 * i + 1];
        }
        for (int size = 2; size <= m; size <<= 1) {
            int half = size >>> 1;
            int step = m / size;
            for (int j = 0; j < half; j++) {
                double wr = cosHalf[j * step];
                double wi = sinHalf[j * step];
                for (int a = j; a < m; a += size) {
                    int b = a + half;
                    double tr = wr * re[b] - wi * im[b];
                    double ti = wr * im[b] + wi * re[b];
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
        for (int k = 0; k <= m; k++) {
            int k1 = k == m ? 0 : k;
            int k2 = k == 0 ? 0 : m - k;
            double zr = re[k1];
            double zi = im[k1];
            double cr = re[k2];
            double ci = -im[k2];
            double er = 0.5 * (zr + cr);
            double ei = 0.5 * (zi + ci);
            // (Z - conj Z') / 2i = (dr + i di) / 2i = (di - i dr) / 2
            double or = 0.5 * (zi - ci);
            double oi = -0.5 * (zr - cr);
            double wr = cosFull[k];
            double wi = sinFull[k];
            outRe[k] = er + wr * or - wi * oi;
            outIm[k] = ei + wr * oi + wi * or;
        }
    }
}
