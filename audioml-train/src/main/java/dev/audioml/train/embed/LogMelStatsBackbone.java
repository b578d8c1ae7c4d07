package dev.audioml.train.embed;

import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.internal.SpecReader;
import dev.audioml.features.mel.MelFilterBank;
import dev.audioml.features.window.WindowFunctions;
import dev.audioml.onnx.write.Attribute;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code logmel-stats}: statistics over time of librosa-exact log-mel and MFCC + delta + delta-delta features of a
 * window — no download, fast, and strong on pitched or stationary sounds. The full vector is
 * {@code [log-mel mean (n_mels), log-mel std (n_mels), MFCC/deltas mean (3 n_mfcc), MFCC/deltas std (3 n_mfcc)]};
 * poolings {@code mean_std} (all of it, the default), {@code mean} (the means only) and {@code mean_std_static} (log-mel
 * and MFCC mean and std, no deltas).
 *
 * <p>Log-mel is {@code librosa.power_to_db(librosa.feature.melspectrogram(...), ref=1.0, top_db=80.0)}; MFCC is
 * {@code librosa.feature.mfcc} with {@code librosa.feature.delta(width=9, order=1|2)}; mean and std ({@code numpy.std},
 * population) are taken over the frames whose mel power is within 60 dB of the window's loudest: silent frames, such
 * as the zero padding of a clip shorter than the window, are left out (a window of nothing but silence counts them
 * all).
 *
 * <p>Not thread-safe (the feature pipelines share buffers): one instance per thread. Holds no native resource.
 *
 * @since 0.1
 */
public final class LogMelStatsBackbone extends PooledBackbone {
    /** The name users pick it by. */
    public static final String NAME = "logmel-stats";
    /** The registered feature name of its exported spec. */
    public static final String FEATURE = "logmel_stats";
    /**
     * A frame counts when its mel power exceeds the loudest frame's times this (60 dB below): the zero padding of
     * short clips and the dithered digital silence of a recording (about 77 dB below a -13 dBFS sound) both fall
     * under it, so neither becomes a feature that depends on how a clip was cut or written.
     */
    static final double SILENCE_RATIO = 1e-6;

    private final int sampleRateHz;
    private final int windowSamples;
    private final int nFft;
    private final int hopLength;
    private final int nMels;
    private final int nMfcc;
    private final FeaturePipeline power;
    private final FeaturePipeline logMel;
    private final FeaturePipeline mfcc;

    /**
     * @param sampleRateHz rate in Hz
     * @param windowSamples window in samples; at least 9 feature frames (the delta width)
     * @param nFft FFT size in samples
     * @param hopLength feature hop in samples
     * @param nMels mel bands
     * @param nMfcc MFCC coefficients, at most {@code nMels}
     */
    public LogMelStatsBackbone(int sampleRateHz, int windowSamples, int nFft, int hopLength, int nMels, int nMfcc) {
        // full vector: log-mel mean, log-mel std, MFCC/deltas mean (3 n_mfcc), MFCC/deltas std
        super(new Poolings(NAME).add("mean_std", 0, 2 * nMels + 6 * nMfcc)
                .add("mean", 0, nMels, 2 * nMels, 3 * nMfcc)
                // log-mel and MFCC without the deltas: the deltas describe how a sound moves, which for who-speaks
                // tasks tracks the words said rather than the voice (voices benchmark: 0.727 -> 0.808 in scikit-learn)
                .add("mean_std_static", 0, 2 * nMels, 2 * nMels, nMfcc, 2 * nMels + 3 * nMfcc, nMfcc));
        this.sampleRateHz = sampleRateHz;
        this.windowSamples = windowSamples;
        this.nFft = nFft;
        this.hopLength = hopLength;
        this.nMels = nMels;
        this.nMfcc = nMfcc;
        this.power = FeaturePipeline.fromSpec(base("melspectrogram"));
        Map<String, Object> mel = base("melspectrogram");
        // librosa's power_to_db defaults (ref 1.0, top_db 80): the relative floor keeps bands that a codec emptied
        // (an MP3 low-pass) from turning into outliers
        mel.put("to_db", Map.of("ref", 1.0, "top_db", 80.0));
        this.logMel = FeaturePipeline.fromSpec(mel);
        Map<String, Object> m = base("mfcc");
        m.put("n_mfcc", nMfcc);
        m.put("delta", Map.of("width", 9, "order", List.of(0, 1, 2)));
        this.mfcc = FeaturePipeline.fromSpec(m);
        int frames = logMel.frameCount(windowSamples);
        if (frames < 9) {
            throw new IllegalArgumentException("logmel-stats window of " + windowSamples + " samples gives " + frames
                    + " frames at hop_length " + hopLength + "; the deltas need at least 9");
        }
    }

    /**
     * The default configuration: 16 kHz, 512-point FFT, 10 ms hop, 40 mel bands, 20 MFCCs.
     *
     * @param windowSamples window in samples at 16 kHz
     * @return the backbone
     */
    public static LogMelStatsBackbone defaults(int windowSamples) {
        return new LogMelStatsBackbone(16_000, windowSamples, 512, 160, 40, 20);
    }

    /**
     * Builds the backbone an exported spec describes (see {@link #featureSpec}).
     *
     * @param spec the spec
     * @param windowSamples window in samples
     * @return the backbone
     */
    static LogMelStatsBackbone fromSpec(Map<String, ?> spec, int windowSamples) {
        SpecReader r = new SpecReader(spec, FEATURE + " spec");
        r.allow("feature", "pooling");
        LogMelStatsBackbone b = new LogMelStatsBackbone(r.integer("sr", 16_000), windowSamples, r.integer("n_fft", 512),
                r.integer("hop_length", 160), r.integer("n_mels", 40), r.integer("n_mfcc", 20));
        r.requireNoUnknownKeys();
        return b;
    }

    private Map<String, Object> base(String feature) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("feature", feature);
        s.put("sr", sampleRateHz);
        s.put("n_fft", nFft);
        s.put("hop_length", hopLength);
        s.put("n_mels", nMels);
        return s;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public int windowSamples() {
        return windowSamples;
    }

    @Override
    public int dimension() {
        return 2 * nMels + 6 * nMfcc;
    }

    @Override
    public float[] embed(float[] window) {
        float[] out = new float[dimension()];
        boolean[] sounding = sounding(power.compute(window));
        FeatureMatrix a = logMel.compute(window);
        FeatureMatrix b = mfcc.compute(window);
        meanStd(a, sounding, out, 0);
        meanStd(b, sounding, out, 2 * nMels);
        return out;
    }

    /**
     * The frames the statistics count: those whose mel power is within 60 dB ({@link #SILENCE_RATIO}) of the window's loudest
     * frame. Silent frames — the zero padding of a clip shorter than the window, a recording's dithered digital
     * silence — would otherwise pull every mean to the 80 dB floor by an amount that depends on the clip's length. A
     * window of nothing but silence counts every frame.
     */
    private static boolean[] sounding(FeatureMatrix power) {
        boolean[] keep = new boolean[power.frames()];
        float[] sums = new float[keep.length];
        float max = 0;
        for (int t = 0; t < keep.length; t++) {
            float sum = 0; // float, as the graph sums
            for (int j = 0; j < power.bins(); j++) {
                sum += power.data()[t * power.bins() + j];
            }
            sums[t] = sum;
            max = Math.max(max, sum);
        }
        boolean any = false;
        for (int t = 0; t < keep.length; t++) {
            keep[t] = sums[t] > max * (float) SILENCE_RATIO;
            any |= keep[t];
        }
        if (!any) {
            java.util.Arrays.fill(keep, true);
        }
        return keep;
    }

    /** Writes the means over the kept frames at {@code at} and the population standard deviations right after them. */
    private static void meanStd(FeatureMatrix m, boolean[] keep, float[] out, int at) {
        int bins = m.bins();
        float[] data = m.data();
        int n = 0;
        for (boolean k : keep) {
            n += k ? 1 : 0;
        }
        for (int j = 0; j < bins; j++) {
            double sum = 0;
            for (int t = 0; t < m.frames(); t++) {
                sum += keep[t] ? data[t * bins + j] : 0;
            }
            double mean = sum / n;
            double sq = 0;
            for (int t = 0; t < m.frames(); t++) {
                double dv = keep[t] ? data[t * bins + j] - mean : 0;
                sq += dv * dv;
            }
            out[at + j] = (float) mean;
            out[at + bins + j] = (float) Math.sqrt(sq / n);
        }
    }

    @Override
    public Map<String, Object> featureSpec(String pooling) {
        columns(pooling);
        Map<String, Object> s = base(FEATURE);
        s.put("n_mfcc", nMfcc);
        s.put("pooling", pooling);
        return s;
    }

    /**
     * The backbone as ONNX nodes, raw audio in: input {@code audio}, windows {@code [N, samples]} at
     * {@link #sampleRateHz()} (any length giving at least 9 frames); librosa's {@code melspectrogram(y, sr, n_fft,
     * hop_length, n_mels)} as ONNX {@code STFT} (opset 17) of the window zero-padded by {@code n_fft / 2} on both sides
     * ({@code center=True, pad_mode="constant"}) with the periodic Hann window, squared magnitude, and librosa's
     * Slaney-normalised mel filter bank as a constant matrix; then {@code power_to_db(ref=1.0, amin=1e-10,
     * top_db=80)} over each window, the MFCC as {@code librosa.feature.mfcc}'s type-II orthonormal DCT of those dB
     * values, the deltas of {@code librosa.feature.delta(width=9, order=1|2)} (its Savitzky-Golay
     * {@code mode="interp"} edges are the first and last valid value repeated, since a fit of order 1 or 2 has a
     * constant first or second derivative), and the per-column mean and population standard deviation over time;
     * {@code Gather} keeps the pooling's columns. So the model needs nothing but ONNX Runtime: a Java app with
     * {@code audioml-onnx} feeds it raw audio, Python with {@code onnxruntime} a {@code librosa.load}ed window.
     */
    @Override
    public Optional<GraphPart> toGraph(OnnxModelBuilder g, String pooling) {
        int[] keep = columns(pooling);
        String in = "audio";
        int bins = nFft / 2 + 1;
        MelFilterBank fb = new MelFilterBank(sampleRateHz, nFft, nMels, 0, sampleRateHz / 2.0, false, true);
        float[] melT = new float[bins * nMels];
        for (int k = 0; k < bins; k++) {
            for (int m = 0; m < nMels; m++) {
                melT[k * nMels + m] = (float) fb.weight(m, k);
            }
        }
        double[] hann = WindowFunctions.window(WindowFunctions.Shape.HANN, nFft, true);
        float[] window = new float[nFft];
        for (int i = 0; i < nFft; i++) {
            window[i] = (float) hann[i];
        }
        g.input(ValueInfo.of(in, ElementType.FLOAT, -1, -1))
                .initializer("lms_unsqueeze_axes", new long[] {2}, 1)
                .initializer("lms_center_pads", new long[] {0, nFft / 2, 0, 0, nFft / 2, 0}, 6)
                .initializer("lms_hop", new long[] {hopLength})
                .initializer("lms_window", window, nFft)
                .initializer("lms_frame_length", new long[] {nFft})
                .initializer("lms_mel_basis", melT, bins, nMels)
                .node("Unsqueeze", List.of(in, "lms_unsqueeze_axes"), List.of("lms_signal"))
                .node("Pad", List.of("lms_signal", "lms_center_pads"), List.of("lms_centered"),
                        Attribute.of("mode", "constant"))
                .node("STFT", List.of("lms_centered", "lms_hop", "lms_window", "lms_frame_length"), List.of("lms_stft"),
                        Attribute.of("onesided", 1L))
                .node("ReduceSumSquare", List.of("lms_stft"), List.of("lms_power"), Attribute.ints("axes", 3),
                        Attribute.of("keepdims", 0L))
                .node("MatMul", List.of("lms_power", "lms_mel_basis"), List.of("melspectrogram"))
                .initializer("lms_amin", new float[] {1e-10f})
                .initializer("lms_db_scale", new float[] {(float) (10 / Math.log(10))})
                .initializer("lms_top_db", new float[] {80f})
                .node("Max", List.of("melspectrogram", "lms_amin"), List.of("lms_clamped"))
                .node("Log", List.of("lms_clamped"), List.of("lms_ln"))
                .node("Mul", List.of("lms_ln", "lms_db_scale"), List.of("lms_db_raw"))
                .node("ReduceMax", List.of("lms_db_raw"), List.of("lms_db_max"), Attribute.ints("axes", 1, 2),
                        Attribute.of("keepdims", 1L))
                .node("Sub", List.of("lms_db_max", "lms_top_db"), List.of("lms_db_floor"))
                .node("Max", List.of("lms_db_raw", "lms_db_floor"), List.of("lms_db"));
        // silent frames (mel power more than 60 dB below the window's loudest frame: the zero padding of a clip
        // shorter than the window, or a recording's dithered digital silence) are left out of the statistics, as
        // embed() does; a window of nothing but silence keeps every frame
        g.initializer("lms_axis_bands", new long[] {2}, 1)
                .initializer("lms_axis_time", new long[] {1}, 1)
                .initializer("lms_zero", new float[] {0f})
                .node("ReduceSum", List.of("melspectrogram", "lms_axis_bands"), List.of("lms_frame_power"),
                        Attribute.of("keepdims", 1L))
                .node("ReduceMax", List.of("lms_frame_power"), List.of("lms_frame_power_max"),
                        Attribute.ints("axes", 1), Attribute.of("keepdims", 1L))
                .initializer("lms_silence_ratio", new float[] {(float) SILENCE_RATIO})
                .node("Mul", List.of("lms_frame_power_max", "lms_silence_ratio"), List.of("lms_silence_power"))
                .node("Greater", List.of("lms_frame_power", "lms_silence_power"), List.of("lms_sounding_b"))
                .node("Cast", List.of("lms_sounding_b"), List.of("lms_sounding"), Attribute.of("to", 1L))
                .node("ReduceSum", List.of("lms_sounding", "lms_axis_time"), List.of("lms_sounding_n"),
                        Attribute.of("keepdims", 1L))
                .node("Equal", List.of("lms_sounding_n", "lms_zero"), List.of("lms_all_silent_b"))
                .node("Cast", List.of("lms_all_silent_b"), List.of("lms_all_silent"), Attribute.of("to", 1L))
                .node("Max", List.of("lms_sounding", "lms_all_silent"), List.of("lms_mask")) // [N, frames, 1]
                .node("ReduceSum", List.of("lms_mask", "lms_axis_time"), List.of("lms_count_k"),
                        Attribute.of("keepdims", 1L))
                .node("ReduceSum", List.of("lms_mask", "lms_axis_time"), List.of("lms_count_3"),
                        Attribute.of("keepdims", 0L))
                .initializer("lms_count_shape", new long[] {-1, 1}, 2)
                .node("Reshape", List.of("lms_count_3", "lms_count_shape"), List.of("lms_count")) // [N, 1]
                .node("Transpose", List.of("lms_mask"), List.of("lms_mask_t"), Attribute.ints("perm", 0, 2, 1));
        meanStdNodes(g, "lms_db", 1, "lms_mask", "lms_mel");
        g.initializer("lms_dct", dctOrtho(nMels, nMfcc), nMels, nMfcc)
                .node("MatMul", List.of("lms_db", "lms_dct"), List.of("lms_mfcc_tf"))
                .node("Transpose", List.of("lms_mfcc_tf"), List.of("lms_mfcc"), Attribute.ints("perm", 0, 2, 1))
                .initializer("lms_delta_pads", new long[] {0, 0, 4, 0, 0, 4}, 6);
        for (int order = 1; order <= 2; order++) {
            float[] kernel = new float[nMfcc * 9];
            double[] c = savgolDelta(order);
            for (int ch = 0; ch < nMfcc; ch++) {
                for (int t = 0; t < 9; t++) {
                    kernel[ch * 9 + t] = (float) c[t];
                }
            }
            g.initializer("lms_delta" + order + "_w", kernel, nMfcc, 1, 9)
                    .node("Conv", List.of("lms_mfcc", "lms_delta" + order + "_w"), List.of("lms_delta" + order + "_valid"),
                            Attribute.of("group", (long) nMfcc), Attribute.ints("kernel_shape", 9))
                    .node("Pad", List.of("lms_delta" + order + "_valid", "lms_delta_pads"), List.of("lms_delta" + order),
                            Attribute.of("mode", "edge"));
        }
        g.node("Concat", List.of("lms_mfcc", "lms_delta1", "lms_delta2"), List.of("lms_ceps"), Attribute.of("axis", 1L));
        meanStdNodes(g, "lms_ceps", 2, "lms_mask_t", "lms_ceps");
        long[] cols = new long[keep.length];
        for (int i = 0; i < keep.length; i++) {
            cols[i] = keep[i];
        }
        g.node("Concat", List.of("lms_mel_mean", "lms_mel_std", "lms_ceps_mean", "lms_ceps_std"), List.of("lms_full"),
                        Attribute.of("axis", 1L))
                .initializer("lms_columns", cols, cols.length)
                .node("Gather", List.of("lms_full", "lms_columns"), List.of("lms_pooled"), Attribute.of("axis", 1L));
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("feature", "raw");
        raw.put("sr", sampleRateHz);
        return Optional.of(new GraphPart(raw, "lms_pooled", Map.of()));
    }

    /**
     * Mean and population standard deviation of {@code x} over {@code axis}, counting only the frames where
     * {@code mask} (1 or 0, size 1 on the other axes) is 1: {@code <prefix>_mean}, {@code <prefix>_std}, {@code [N, D]}.
     */
    private static void meanStdNodes(OnnxModelBuilder g, String x, long axis, String mask, String prefix) {
        String axes = prefix + "_axes";
        g.initializer(axes, new long[] {axis}, 1)
                .node("Mul", List.of(x, mask), List.of(prefix + "_masked"))
                .node("ReduceSum", List.of(prefix + "_masked", axes), List.of(prefix + "_sum_k"),
                        Attribute.of("keepdims", 1L))
                .node("Div", List.of(prefix + "_sum_k", "lms_count_k"), List.of(prefix + "_mean_k"))
                .node("Sub", List.of(x, prefix + "_mean_k"), List.of(prefix + "_centred_all"))
                .node("Mul", List.of(prefix + "_centred_all", mask), List.of(prefix + "_centred"))
                .node("Mul", List.of(prefix + "_centred", prefix + "_centred"), List.of(prefix + "_sq"))
                .node("ReduceSum", List.of(prefix + "_sq", axes), List.of(prefix + "_sq_sum"),
                        Attribute.of("keepdims", 0L))
                .node("Div", List.of(prefix + "_sq_sum", "lms_count"), List.of(prefix + "_var"))
                .node("Sqrt", List.of(prefix + "_var"), List.of(prefix + "_std"))
                .node("ReduceSum", List.of(prefix + "_masked", axes), List.of(prefix + "_sum"),
                        Attribute.of("keepdims", 0L))
                .node("Div", List.of(prefix + "_sum", "lms_count"), List.of(prefix + "_mean"));
    }

    /** {@code scipy.fft.dct(type=2, norm="ortho")}'s matrix, transposed to {@code [n, keep]}: row-vector times it. */
    private static float[] dctOrtho(int n, int keep) {
        float[] m = new float[n * keep];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < keep; k++) {
                double scale = k == 0 ? Math.sqrt(1.0 / n) : Math.sqrt(2.0 / n);
                m[i * keep + k] = (float) (scale * Math.cos(Math.PI * k * (2 * i + 1) / (2.0 * n)));
            }
        }
        return m;
    }

    /**
     * {@code scipy.signal.savgol_coeffs(9, order, deriv=order, use="dot")}: the least-squares derivative of order
     * {@code order} of a polynomial of that order fitted to 9 points, as correlation weights for offsets -4..4.
     */
    private static double[] savgolDelta(int order) {
        double[] c = new double[9];
        if (order == 1) {
            for (int t = -4; t <= 4; t++) {
                c[t + 4] = t / 60.0; // sum of t^2 over -4..4
            }
        } else {
            // second derivative of the quadratic fit: 2 * a2, a2 from the orthogonal polynomial t^2 - 20/3
            double norm = 0;
            for (int t = -4; t <= 4; t++) {
                double p = t * t - 20.0 / 3;
                norm += p * p;
            }
            for (int t = -4; t <= 4; t++) {
                c[t + 4] = 2 * (t * t - 20.0 / 3) / norm;
            }
        }
        return c;
    }

    @Override
    public String identity() {
        // everything fixed in code that shapes the numbers goes here too, so that changing it invalidates the cache
        return NAME + featureSpec("mean_std") + "/window=" + windowSamples + "/top_db=80/delta_width=9"
                + "/frames_60db_below_loudest_dropped";
    }

    @Override
    public void close() {
        // no native resource
    }
}
