package dev.audioml.train.embed;

import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.spec.SpecReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code logmel-stats}: statistics over time of librosa-exact log-mel and MFCC + delta + delta-delta features of a
 * window — no download, fast, and strong on pitched or stationary sounds. The full vector is
 * {@code [log-mel mean (n_mels), log-mel std (n_mels), MFCC/deltas mean (3 n_mfcc), MFCC/deltas std (3 n_mfcc)]};
 * poolings {@code mean_std} (all of it, the default) and {@code mean}.
 *
 * <p>Log-mel is {@code librosa.power_to_db(librosa.feature.melspectrogram(...), ref=1.0, top_db=80.0)}; MFCC is
 * {@code librosa.feature.mfcc} with {@code librosa.feature.delta(width=9, order=1|2)}; std is the population standard
 * deviation ({@code numpy.std}).
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

    private final int sampleRateHz;
    private final int windowSamples;
    private final int nFft;
    private final int hopLength;
    private final int nMels;
    private final int nMfcc;
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
                .add("mean", 0, nMels, 2 * nMels, 3 * nMfcc));
        this.sampleRateHz = sampleRateHz;
        this.windowSamples = windowSamples;
        this.nFft = nFft;
        this.hopLength = hopLength;
        this.nMels = nMels;
        this.nMfcc = nMfcc;
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
        FeatureMatrix a = logMel.compute(window);
        FeatureMatrix b = mfcc.compute(window);
        meanStd(a, out, 0);
        meanStd(b, out, 2 * nMels);
        return out;
    }

    /** Writes the column means at {@code at} and the population standard deviations right after them. */
    private static void meanStd(FeatureMatrix m, float[] out, int at) {
        int bins = m.bins();
        float[] data = m.data();
        for (int j = 0; j < bins; j++) {
            double sum = 0;
            for (int t = 0; t < m.frames(); t++) {
                sum += data[t * bins + j];
            }
            double mean = sum / m.frames();
            double sq = 0;
            for (int t = 0; t < m.frames(); t++) {
                double dv = data[t * bins + j] - mean;
                sq += dv * dv;
            }
            out[at + j] = (float) mean;
            out[at + bins + j] = (float) Math.sqrt(sq / m.frames());
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

    @Override
    public String identity() {
        // everything fixed in code that shapes the numbers goes here too, so that changing it invalidates the cache
        return NAME + featureSpec("mean_std") + "/window=" + windowSamples + "/top_db=80/delta_width=9";
    }

    @Override
    public void close() {
        // no native resource
    }
}
