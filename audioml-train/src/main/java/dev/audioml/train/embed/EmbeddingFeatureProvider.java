package dev.audioml.train.embed;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureExtractorProvider;
import dev.audioml.core.FeatureFrame;
import dev.audioml.features.internal.SpecReader;
import dev.audioml.onnx.oww.OwwBackbone;
import dev.audioml.onnx.preset.ModelCache;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Registers the backbones' pooled embeddings as features, so that a model exported by training (whose
 * {@code audioml.features} is such a spec) runs from {@code OnnxModel.open(model.onnx)} with nothing else:
 * <ul>
 *   <li>{@code {"feature": "logmel_stats", "sr": 16000, "n_fft": 512, "hop_length": 160, "n_mels": 40,
 *       "n_mfcc": 20, "pooling": "mean_std"}} ({@link LogMelStatsBackbone});</li>
 *   <li>{@code {"feature": "oww_embedding", "sr": 16000, "pad_seconds": 1.0, "pooling": "mean_max"}}
 *       ({@link OwwEmbeddingBackbone}; its models come from the default {@link ModelCache}, fetched if missing; each
 *       extractor opens its own sessions on its first window and closes them in {@link FeatureExtractor#close()});</li>
 *   <li>{@code {"feature": "onnx_embedding", "model": "/abs/path/backbone.onnx", "tensor": "pooled"}}
 *       ({@link OnnxTensorBackbone}: the backbone stays a separate file, which this spec names).</li>
 * </ul>
 * Each window gives a frame of shape {@code [1, D]}: the pooled embedding the head was trained on, computed by the
 * same code as in training.
 *
 * <p>Thread-safe and stateless (no session outlives the extractor that opened it); the extractors it creates are not
 * thread-safe (one per stream) and are owned by the caller, who closes them.
 *
 * @since 0.1
 */
public final class EmbeddingFeatureProvider implements FeatureExtractorProvider {

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
            return new EmbeddingExtractor(b.sampleRateHz(), b.poolings().get(0), b, null, (models, n) -> {
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
            return new EmbeddingExtractor(rate, pooling, null, null, (models, n) -> LogMelStatsBackbone.fromSpec(spec, n));
        }
        int rate = r.integer("sr", OwwBackbone.SAMPLE_RATE_HZ);
        double pad = r.number("pad_seconds", OwwEmbeddingBackbone.PAD_SECONDS);
        r.requireNoUnknownKeys();
        if (rate != OwwBackbone.SAMPLE_RATE_HZ || pad != OwwEmbeddingBackbone.PAD_SECONDS) {
            throw r.bad(rate != OwwBackbone.SAMPLE_RATE_HZ ? "sr" : "pad_seconds",
                    rate != OwwBackbone.SAMPLE_RATE_HZ ? rate : pad,
                    "sr 16000 and pad_seconds 1.0 (openWakeWord's rate and predict_clip padding)");
        }
        return new EmbeddingExtractor(rate, pooling, null,
                () -> OwwEmbeddingBackbone.openModels(ModelCache.defaultCache(System.err::println)),
                (models, n) -> new OwwEmbeddingBackbone(models, false, n));
    }

    private static List<String> poolingsOf(String feature) {
        return LogMelStatsBackbone.FEATURE.equals(feature) ? List.of("mean_std", "mean")
                : List.of("mean_max", "mean", "sequence");
    }

    /** Makes the backbone for a window length, given the extractor's shared models (or null when it has none). */
    private interface BackboneFactory {
        Backbone create(OwwBackbone models, int windowSamples);
    }

    /**
     * A backbone and pooling as a pipeline feature extractor: window in, {@code [1, D]} out. Owns its backbone (made
     * again when the window length changes, the old one closed) and its openWakeWord models, opened on first use.
     */
    private static final class EmbeddingExtractor implements FeatureExtractor {
        private final int sampleRateHz;
        private final String pooling;
        private final Supplier<OwwBackbone> modelOpener;
        private final BackboneFactory factory;
        private OwwBackbone models;
        private Backbone backbone;
        private int[] columns;
        private float[] window;
        private boolean closed;

        /**
         * @param fixed a backbone made already (owned from now on), or null
         * @param modelOpener opens the models the factory needs (owned once opened), or null for none
         */
        EmbeddingExtractor(int sampleRateHz, String pooling, Backbone fixed, Supplier<OwwBackbone> modelOpener,
                BackboneFactory factory) {
            this.sampleRateHz = sampleRateHz;
            this.pooling = pooling;
            this.backbone = fixed;
            this.columns = fixed == null ? null : fixed.columns(pooling);
            this.modelOpener = modelOpener;
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
            if (closed) {
                throw new IllegalStateException(this + " is closed");
            }
            if (backbone == null || backbone.windowSamples() != windowSamples) {
                if (models == null && modelOpener != null) {
                    models = modelOpener.get();
                }
                Backbone next = factory.create(models, windowSamples);
                if (backbone != null && backbone != next) {
                    backbone.close();
                }
                backbone = next;
                columns = backbone.columns(pooling);
            }
            return backbone;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (backbone != null) {
                    backbone.close();
                }
            } finally {
                if (models != null) {
                    models.close();
                }
            }
        }

        @Override
        public String toString() {
            return "EmbeddingExtractor[" + (backbone == null ? "?" : backbone.name()) + ", " + pooling + "]";
        }
    }
}
