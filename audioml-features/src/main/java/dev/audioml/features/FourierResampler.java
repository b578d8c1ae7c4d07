package dev.audioml.features;

import dev.audioml.features.internal.RealFft;

/**
 * {@code librosa.resample(res_type="fft")} (or {@code "scipy"}): {@code scipy.signal.resample(y, n_out)} on the whole
 * clip, following scipy 1.16's {@code resample} ({@code scipy/signal/_signaltools.py}, real input, no window):
 * {@code X = rfft(y)}, keep the first {@code min(n, n_out) // 2 + 1} bins, double (down-sampling) or halve
 * (up-sampling) the unpaired bin {@code m // 2} of an even {@code m}, {@code irfft(X * n_out / n, n_out)}. The inverse
 * transform is computed with {@link RealFft} through the Hartley transform ({@code y = DHT(Re Y - Im Y) / n_out}).
 * scipy computes float32 input in single precision; this class in double.
 *
 * <p>Immutable and thread-safe (static methods only). Batch only: the Fourier method needs the whole clip.
 */
final class FourierResampler {
    private FourierResampler() {
    }

    /**
     * @param in the clip; read-only
     * @param fromHz its rate in Hz
     * @param toHz the wanted rate in Hz
     * @return {@code ceil(n * (toHz / fromHz))} samples
     */
    static float[] resample(float[] in, int fromHz, int toHz) {
        int n = in.length;
        int num = (int) Math.ceil(n * ((double) toHz / fromHz));
        float[] out = new float[num];
        if (n == 0 || num == 0) {
            return out;
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = in[i];
        }
        new RealFft(n).forward(x);
        int m = Math.min(num, n);
        int m2 = m / 2 + 1;
        double[] re = new double[num / 2 + 1];
        double[] im = new double[num / 2 + 1];
        for (int k = 0; k < m2; k++) {
            re[k] = k == 0 ? x[0] : 2 * k - 1 < n ? x[2 * k - 1] : 0;
            im[k] = k == 0 || 2 * k >= n ? 0 : x[2 * k];
        }
        if (m % 2 == 0 && num != n) {
            double f = num < n ? 2 : 0.5;
            re[m / 2] *= f;
            im[m / 2] *= f;
        }
        double scale = (double) num / n;
        // irfft ignores the imaginary parts of bin 0 and (even num) bin num / 2
        im[0] = 0;
        if (num % 2 == 0) {
            im[num / 2] = 0;
        }
        double[] h = new double[num];
        for (int k = 0; k < num; k++) {
            int j = k <= num / 2 ? k : num - k;
            double r = re[j] * scale;
            double i = (k <= num / 2 ? im[j] : -im[j]) * scale;
            h[k] = r - i;
        }
        new RealFft(num).forward(h);
        for (int t = 0; t < num; t++) {
            int j = t <= num / 2 ? t : num - t;
            double fr = j == 0 ? h[0] : (2 * j - 1 < num ? h[2 * j - 1] : 0);
            double fi = j == 0 || 2 * j >= num ? 0 : h[2 * j];
            if (t > num / 2) {
                fi = -fi;
            }
            out[t] = (float) ((fr - fi) / num);
        }
        return out;
    }
}
