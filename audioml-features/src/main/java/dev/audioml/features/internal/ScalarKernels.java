package dev.audioml.features.internal;

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
    public void toDouble(float[] src, int srcPos, double[] dst, int dstPos, int n) {
        for (int j = 0; j < n; j++) {
            dst[dstPos + j] = src[srcPos + j];
        }
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
            out[i] = lnScale * TableLog.ln(Math.max(amin, in[i])) - offset;
        }
    }

    @Override
    public void groupedRows(GroupedRows rows, double[] in, double[] out) {
        groupedRowsFrom(rows, in, out, 0);
    }

    /**
     * {@link #groupedRows} from group {@code g0} on: the eight rows of a group as eight accumulators, one step of all
     * eight per iteration (each row's sum in ascending input index, as one lane of the vector kernel).
     */
    static void groupedRowsFrom(GroupedRows rows, double[] in, double[] out, int g0) {
        double[] w = rows.weights;
        int[] base = rows.base;
        int[] first = rows.first;
        int n = rows.rows;
        for (int g = g0, r = g0 * GroupedRows.GROUP; g < base.length - 1; g++, r += GroupedRows.GROUP) {
            int f0 = first[r];
            int f1 = first[r + 1];
            int f2 = first[r + 2];
            int f3 = first[r + 3];
            int f4 = first[r + 4];
            int f5 = first[r + 5];
            int f6 = first[r + 6];
            int f7 = first[r + 7];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double s4 = 0;
            double s5 = 0;
            double s6 = 0;
            double s7 = 0;
            for (int p = base[g], end = base[g + 1], j = 0; p < end; p += GroupedRows.GROUP, j++) {
                s0 += w[p] * in[f0 + j];
                s1 += w[p + 1] * in[f1 + j];
                s2 += w[p + 2] * in[f2 + j];
                s3 += w[p + 3] * in[f3 + j];
                s4 += w[p + 4] * in[f4 + j];
                s5 += w[p + 5] * in[f5 + j];
                s6 += w[p + 6] * in[f6 + j];
                s7 += w[p + 7] * in[f7 + j];
            }
            if (r + GroupedRows.GROUP <= n) {
                out[r] = s0;
                out[r + 1] = s1;
                out[r + 2] = s2;
                out[r + 3] = s3;
                out[r + 4] = s4;
                out[r + 5] = s5;
                out[r + 6] = s6;
                out[r + 7] = s7;
            } else { // the last group's padding rows are not stored
                storePartial(out, r, n - r, s0, s1, s2, s3, s4, s5, s6, s7);
            }
        }
    }

    /** Stores the first {@code count} (1 to 7) of the eight sums. */
    private static void storePartial(double[] out, int r, int count, double s0, double s1, double s2, double s3,
            double s4, double s5, double s6, double s7) {
        out[r] = s0;
        if (count > 1) {
            out[r + 1] = s1;
        }
        if (count > 2) {
            out[r + 2] = s2;
        }
        if (count > 3) {
            out[r + 3] = s3;
        }
        if (count > 4) {
            out[r + 4] = s4;
        }
        if (count > 5) {
            out[r + 5] = s5;
        }
        if (count > 6) {
            out[r + 6] = s6;
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
    public void radf4Twice(int l1, double[] cc, double[] ch, double[] wa, double[] temp) {
        RealFft.radf4Twice(l1, cc, ch, wa);
    }

    /** @return {@code false}: the scalar passes run one by one */
    @Override
    public boolean radf4Thrice(int l1, double[] cc, double[] ch, double[] wa4, double[] wa16, double[] temp) {
        return false;
    }

    @Override
    public void radf2Last(int ido, double[] cc, double[] ch, double[] wa, double[] prepared) {
        RealFft.radf2Last(ido, cc, ch, wa, 2);
    }
}
