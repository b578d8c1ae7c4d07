package dev.audioml.train.embed;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureExtractorProvider;
import dev.audioml.core.FeatureFrame;
import dev.audioml.features.spec.SpecReader;
import dev.audioml.onnx.oww.OwwBackbone;
import dev.audioml.onnx.preset.ModelCache;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Registers the backbones' pooled embeddings as features, so that a model exported by training (whose
 * {@code audioml.features} is such a spec) runs from {@code OnnxModel.open(model.onnx)} with nothing else:
 * <ul>
 *   <li>{@code {"feature": "logmel_stats", "sr": 16000, "n_fft": 512, "hop_length": 160, "n_mels": 40,
 *       "n_mfcc": 20, "pooling": "mean_std"}} ({@link LogMelStatsBackbone});</li>
 *   <li>{@code {"feature": "oww_embedding", "sr": 16000, "pad_seconds": 1.0, "pooling": "mean_max"}}
 *       ({@link OwwEmbeddingBackbone}; its models come from the default {@link ModelCache}, fetched if missing, and are
 *       opened once per JVM and shared by every extractor);</li>
 *   <li>{@code {"feature": "onnx_embedding", "model": "/abs/path/backbone.onnx", "tensor": "pooled"}}
 *       ({@link OnnxTensorBackbone}: the backbone stays a separate file, which this spec names).</li>
 * </ul>
 * Each window gives a frame of shape {@code [1, D]}: the pooled embedding the head was trained on, computed by the
 * same code as in training.
 *
 * <p>Thread-safe; the extractors it creates are not (one per stream).
 *
 * @since 0.1
 */
public final class EmbeddingFeatureProvider implements FeatureExtractorProvider {
    private static OwwBackbone sharedOww;

    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public EmbeddingFeatureProvider() {
    }

    @Override
    public boolean supports(String feature) {
        return LogMelStatsBackbone.FEATURE.equals(feature) || OwwEmbeddingBackbone.FEATURE.equals(feature)
                || OnnxTensorBackbone.FEATURE.equals(feature);
    }

    @Override
    public FeatureExtractor create(Map<String, Object> spec) {
        String feature = String.valueOf(spec.get("feature"));
        if (OnnxTensorBackbone.FEATURE.equals(feature)) {
            OnnxTensorBackbone b = OnnxTensorBackbone.fromSpec(spec);
            return new EmbeddingExtractor(b.sampleRateHz(), b.poolings().get(0), n -> {
                if (n != b.windowSamples()) {
                    throw new IllegalArgumentException(feature + " spec: model " + spec.get("model") + " takes windows of "
                            + b.windowSamples() + " samples, got " + n);
                }
                return b;
            });
        }
        SpecReader r = new SpecReader(spec, feature + " spec");
        r.allow("feature");
        String pooling = r.choice("pooling", null, poolingsOf(feature).toArray(String[]::new));
        if (pooling == null) {
            throw r.bad("pooling", null, "one of " + poolingsOf(feature));
        }
        if (LogMelStatsBackbone.FEATURE.equals(feature)) {
            int rate = r.integer("sr", 16_000);
            LogMelStatsBackbone.fromSpec(spec, rate); // validates the spec now (with a 1 s window), not on the first one
            return new EmbeddingExtractor(rate, pooling, n -> LogMelStatsBackbone.fromSpec(spec, n));
        }
        int rate = r.integer("sr", OwwBackbone.SAMPLE_RATE_HZ);
        double pad = r.number("pad_seconds", OwwEmbeddingBackbone.PAD_SECONDS);
        r.requireNoUnknownKeys();
        if (rate != OwwBackbone.SAMPLE_RATE_HZ || pad != OwwEmbeddingBackbone.PAD_SECONDS) {
            throw r.bad(rate != OwwBackbone.SAMPLE_RATE_HZ ? "sr" : "pad_seconds",
                    rate != OwwBackbone.SAMPLE_RATE_HZ ? rate : pad,
                    "sr 16000 and pad_seconds 1.0 (openWakeWord's rate and predict_clip padding)");
        }
        OwwBackbone models = sharedOww();
        return new EmbeddingExtractor(rate, pooling, n -> new OwwEmbeddingBackbone(models, false, n));
    }

    private static List<String> poolingsOf(String feature) {
        return LogMelStatsBackbone.FEATURE.equals(feature) ? List.of("mean_std", "mean") : List.of("mean_max", "mean");
    }

    private static synchronized OwwBackbone sharedOww() {
        if (sharedOww == null) {
            sharedOww = OwwEmbeddingBackbone.openModels(ModelCache.defaultCache(System.err::println));
        }
        return sharedOww;
    }

    /** A backbone and pooling as a pipeline feature extractor: window in, {@code [1, D]} out. */
    private static final class EmbeddingExtractor implements FeatureExtractor {
        private final int sampleRateHz;
        private final String pooling;
        private final IntFunction<Backbone> factory;
        private Backbone backbone;
        private int[] columns;
        private float[] window;

        EmbeddingExtractor(int sampleRateHz, String pooling, IntFunction<Backbone> factory) {
            this.sampleRateHz = sampleRateHz;
            this.pooling = pooling;
            this.factory = factory;
        }

        @Override
        public int sampleRateHz() {
            return sampleRateHz;
        }

        @Override
        public int[] outputShape(int windowSamples) {
            return new int[] {1, backboneFor(windowSamples).columns(pooling).length};
        }

        @Override
        public void extract(AudioBlock in, FeatureFrame out) {
            if (in.sampleRateHz() != sampleRateHz) {
                throw new IllegalArgumentException("window rate must be " + sampleRateHz + " Hz, got "
                        + in.sampleRateHz() + " Hz");
            }
            Backbone b = backboneFor(in.length());
            if (window == null || window.length != in.length()) {
                window = new float[in.length()];
            }
            System.arraycopy(in.samples(), 0, window, 0, in.length());
            float[] full = b.embed(window);
            float[] dst = out.data();
            if (dst.length != columns.length) {
                throw new IllegalArgumentException("frame holds " + dst.length + " values, the embedding has "
                        + columns.length);
            }
            for (int i = 0; i < columns.length; i++) {
                dst[i] = full[columns[i]];
            }
        }

        private Backbone backboneFor(int windowSamples) {
            if (backbone == null || backbone.windowSamples() != windowSamples) {
                backbone = factory.apply(windowSamples);
                columns = backbone.columns(pooling);
            }
            return backbone;
        }

        @Override
        public String toString() {
            return "EmbeddingExtractor[" + (backbone == null ? "?" : backbone.name()) + ", " + pooling + "]";
        }
    }
}
