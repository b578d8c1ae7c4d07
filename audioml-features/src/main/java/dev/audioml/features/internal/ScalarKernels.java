package dev.audioml.features.internal;

import dev.audioml.features.db.FastLog;

/** {@link Kernels} in plain Java: the reference the vector kernels equal bit for bit. Immutable and thread-safe. */
final class ScalarKernels implements Kernels {
    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public boolean isVector() {
        return false;
    }

    @Override
    public void multiply(double[] a, double[] b, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = a[i] * b[i];
        }
    }

    @Override
    public void powerSpectrum(double[] packed, int n, double[] out) {
        powerSpectrumFrom(packed, n, out, 1);
    }

    /** {@link #powerSpectrum} from bin {@code k0 >= 1} on, with bin 0 (and the Nyquist bin of even {@code n}). */
    static void powerSpectrumFrom(double[] b, int n, double[] out, int k0) {
        out[0] = b[0] * b[0];
        for (int k = k0; 2 * k < n; k++) {
            double re = b[2 * k - 1];
            double im = b[2 * k];
            out[k] = re * re + im * im;
        }
        if ((n & 1) == 0) {
            out[n / 2] = b[n - 1] * b[n - 1];
        }
    }

    @Override
    public void logScale(double[] in, double[] out, int n, double lnScale, double amin, double offset) {
        logScaleFrom(in, out, 0, n, lnScale, amin, offset);
    }

    /** {@link #logScale} over {@code [from, n)}. */
    static void logScaleFrom(double[] in, double[] out, int from, int n, double lnScale, double amin, double offset) {
        for (int i = from; i < n; i++) {
            out[i] = lnScale * FastLog.ln(Math.max(amin, in[i])) - offset;
        }
    }

    @Override
    public void sparseRows(double[] weights, int[] offset, int[] first, double[] in, double[] out, int rows) {
        for (int m = 0; m < rows; m++) {
            int from = offset[m];
            int shift = first[m] - from; // weight i goes with in[i + shift]
            double sum = 0;
            for (int i = from, end = offset[m + 1]; i < end; i++) {
                sum += weights[i] * in[i + shift];
            }
            out[m] = sum;
        }
    }

    @Override
    public double[] prepareTwiddles(int ip, int ido, double[] wa) {
        return null;
    }

    @Override
    public void radf4(int ido, int l1, double[] cc, double[] ch, double[] wa, double[] prepared) {
        RealFft.radf4(ido, l1, cc, ch, wa);
    }

    @Override
    public void radf2Last(int ido, double[] cc, double[] ch, double[] wa, double[] prepared) {
        RealFft.radf2Last(ido, cc, ch, wa, 2);
    }
}
