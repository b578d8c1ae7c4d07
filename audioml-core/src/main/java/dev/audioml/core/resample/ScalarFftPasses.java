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
        for (int g = 0; g < n; g += 4 * h) {
            for (int j = 0; j < h; j++) {
                int p0 = g + j;
                int p1 = p0 + h;
                int p2 = p1 + h;
                int p3 = p2 + h;
                double ac = tac[off + j];
                double as = tas[off + j];
                double bc = tbc[off + j];
                double bs = tbs[off + j];
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
        }
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
}
