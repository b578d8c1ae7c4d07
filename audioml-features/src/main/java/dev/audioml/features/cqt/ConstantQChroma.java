package dev.audioml.features.cqt;

import dev.audioml.features.chroma.ChromaFilterBank;

/**
 * The per-frame steps after the constant-Q magnitudes: {@code librosa.filters.cq_to_chroma} (with {@code window=None},
 * {@code base_c=True}) and the rest of {@code librosa.feature.chroma_cqt} (threshold, {@code util.normalize}), and
 * {@code librosa.feature.tonnetz}'s projection of an L1-normalised chroma vector onto the six tonal-centroid
 * coordinates (fifths, minor thirds, major thirds; Harte et al. 2006).
 *
 * <p>Static and thread-safe.
 *
 * @since 0.2
 */
public final class ConstantQChroma {
    private ConstantQChroma() {
    }

    /**
     * {@code filters.cq_to_chroma(nInput, bins_per_octave, n_chroma, fmin)}.
     *
     * @return {@code [nChroma][nInput]} weights, packed row-major
     */
    public static double[] cqToChroma(int nInput, int binsPerOctave, int nChroma, double fminHz) {
        int merge = binsPerOctave / nChroma;
        int width = nChroma * merge; // one octave of np.repeat(np.eye(n_chroma), n_merge, axis=1)
        int shift = merge / 2; // np.roll(..., -int(n_merge // 2), axis=1)
        double midi = 12 * (Math.log(fminHz) / Math.log(2.0) - Math.log(440.0) / Math.log(2.0)) + 69;
        double midi0 = midi - 12 * Math.floor(midi / 12);
        int roll = (int) Math.rint(midi0 * (nChroma / 12.0));
        double[] out = new double[nChroma * nInput];
        for (int c = 0; c < nChroma; c++) {
            int src = Math.floorMod(c - roll, nChroma); // np.roll(cq_to_ch, roll, axis=0)
            for (int j = 0; j < nInput; j++) {
                int col = Math.floorMod(j % width + shift, width);
                out[c * nInput + j] = col / merge == src ? 1.0 : 0.0;
            }
        }
        return out;
    }

    /** {@code chroma = cq_to_chr @ C; chroma[chroma < threshold] = 0; util.normalize(chroma, norm)}. */
    public static void chroma(double[] map, double[] cqt, int nInput, int nChroma, double threshold, double norm,
            double[] out) {
        for (int c = 0; c < nChroma; c++) {
            double s = 0;
            for (int j = 0; j < nInput; j++) {
                s += map[c * nInput + j] * cqt[j];
            }
            out[c] = s < threshold ? 0.0 : s;
        }
        ChromaFilterBank.normalize(out, nChroma, norm);
    }

    /** {@code phi} of librosa.feature.tonnetz, {@code [6][nChroma]} packed. */
    public static double[] tonnetzBasis(int nChroma) {
        double[] scale = {7.0 / 6, 7.0 / 6, 3.0 / 2, 3.0 / 2, 2.0 / 3, 2.0 / 3};
        double[] r = {1, 1, 1, 1, 0.5, 0.5};
        double[] phi = new double[6 * nChroma];
        for (int p = 0; p < 6; p++) {
            for (int c = 0; c < nChroma; c++) {
                double v = scale[p] * (c * (12.0 / nChroma)); // np.linspace(0, 12, n_chroma, endpoint=False)
                if (p % 2 == 0) {
                    v -= 0.5;
                }
                phi[p * nChroma + c] = r[p] * Math.cos(Math.PI * v);
            }
        }
        return phi;
    }

    /** phi @ util.normalize(chroma, norm=1). */
    public static void tonnetz(double[] phi, double[] chroma, int nChroma, double[] out) {
        double l1 = 0;
        for (int c = 0; c < nChroma; c++) {
            l1 += Math.abs(chroma[c]);
        }
        double scale = l1 < Float.MIN_NORMAL ? 1.0 : 1.0 / l1;
        for (int p = 0; p < 6; p++) {
            double s = 0;
            for (int c = 0; c < nChroma; c++) {
                s += phi[p * nChroma + c] * chroma[c] * scale;
            }
            out[p] = s;
        }
    }
}
