package dev.audioml.train.embed;

import dev.audioml.onnx.ModelMetadata;
import dev.audioml.onnx.oww.OwwBackbone;
import dev.audioml.onnx.oww.OwwEmbeddingGraph;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.write.ElementType;
import dev.audioml.onnx.write.OnnxModelBuilder;
import dev.audioml.onnx.write.ValueInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code oww-embedding}: openWakeWord's speech embedding (melspectrogram + embedding models, 96 values per 80 ms),
 * pooled over the window. Each window is padded with {@value #PAD_SECONDS} s of zeros on both sides before embedding,
 * as openWakeWord's {@code Model.predict_clip} pads a clip ({@code openwakeword/model.py}): without leading context
 * the embedding misses a sound that starts at the window's first sample. The full vector is
 * {@code [mean (96), max (96), sequence (K · 96)]}; poolings {@code mean_max} (the default), {@code mean} and
 * {@code sequence}: the {@code K} per-hop embeddings whose input ends inside the window, in time order
 * ({@link OwwEmbeddingGraph#sequenceHops}; 19 for a 1.5 s window), as openWakeWord's own heads read 16 embeddings in
 * order. The two statistics discard the order, so a window holding the phrase's sounds in any order looks like the
 * phrase; the sequence does not.
 *
 * <p>{@link #toOnnx(String)} writes the same computation as one ONNX graph (raw audio in), for a self-contained
 * exported model.
 *
 * <p>The models are fetched once into the {@link ModelCache}. openWakeWord's code is Apache-2.0, but its pretrained
 * models, these two included, are CC BY-NC-SA 4.0 (openWakeWord's README: "all of the included pre-trained models");
 * a model exported on this backbone carries that license in its metadata. Thread-safe.
 *
 * @since 0.1
 */
public final class OwwEmbeddingBackbone extends PooledBackbone {
    /** The name users pick it by. */
    public static final String NAME = "oww-embedding";
    /** The registered feature name of its exported spec. */
    public static final String FEATURE = "oww_embedding";
    /** Zeros padded on each side of a window, in seconds ({@code predict_clip}'s padding). */
    public static final double PAD_SECONDS = 1.0;

    private final OwwBackbone backbone;
    private final boolean ownsBackbone;
    private final int windowSamples;
    private final int padSamples;
    private final int sequenceFirst;
    private final int sequenceHops;
    private final AtomicBoolean closed = new AtomicBoolean();

    OwwEmbeddingBackbone(OwwBackbone backbone, boolean ownsBackbone, int windowSamples) {
        this(backbone, ownsBackbone, windowSamples, padSamples(backbone));
    }

    private OwwEmbeddingBackbone(OwwBackbone backbone, boolean ownsBackbone, int windowSamples, int padSamples) {
        super(poolings(backbone.embeddingSize(), windowSamples, padSamples));
        this.backbone = backbone;
        this.ownsBackbone = ownsBackbone;
        this.windowSamples = windowSamples;
        this.padSamples = padSamples;
        int[] seq = sequence(windowSamples, padSamples);
        this.sequenceFirst = seq[0];
        this.sequenceHops = seq[1];
    }

    private static int padSamples(OwwBackbone backbone) {
        return (int) Math.round(PAD_SECONDS * backbone.sampleRateHz());
    }

    /**
     * The full vector is {@code [mean (d), max (d), sequence (K · d)]}; each pooling is a prefix or the tail. A window
     * too short to hold the end of an embedding (under 30 ms) has no sequence pooling.
     */
    private static Poolings poolings(int d, int windowSamples, int padSamples) {
        if (windowSamples < 1) {
            throw new IllegalArgumentException("windowSamples must be >= 1, got " + windowSamples);
        }
        Poolings p = new Poolings(NAME).add("mean_max", 0, 2 * d).add("mean", 0, d);
        int k = sequence(windowSamples, padSamples)[1];
        return k == 0 ? p : p.add("sequence", 2 * d, k * d);
    }

    /** @return {@link OwwEmbeddingGraph#sequenceHops}, or {@code {0, 0}} when no embedding ends inside the window */
    private static int[] sequence(int windowSamples, int padSamples) {
        try {
            return OwwEmbeddingGraph.sequenceHops(windowSamples, padSamples);
        } catch (IllegalArgumentException tooShort) {
            return new int[2];
        }
    }

    /** How the license and fetch lines name this backbone. */
    static final String LICENSE_NAME = "oww-embedding backbone (openWakeWord melspectrogram + embedding weights)";

    /**
     * Opens the backbone, fetching its models into {@code cache} if they are missing.
     *
     * @param cache the model cache
     * @param windowSamples window in samples at 16 kHz
     * @return the backbone; the caller closes it
     */
    public static OwwEmbeddingBackbone open(ModelCache cache, int windowSamples) {
        return new OwwEmbeddingBackbone(openModels(cache), true, windowSamples);
    }

    static OwwBackbone openModels(ModelCache cache) {
        // only the backbone (melspectrogram, embedding_model), under its own name: no wake-word head is fetched
        // and the license line names what the user chose, not the hey_jarvis preset
        List<java.nio.file.Path> files = cache.resolve(LICENSE_NAME, Preset.HEY_JARVIS.license(),
                Preset.openWakeWordBackboneFiles());
        return OwwBackbone.open(files.get(0), files.get(1));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int sampleRateHz() {
        return backbone.sampleRateHz();
    }

    @Override
    public int windowSamples() {
        return windowSamples;
    }

    @Override
    public int dimension() {
        return (2 + sequenceHops) * backbone.embeddingSize();
    }

    @Override
    public float[] embed(float[] window) {
        if (closed.get()) {
            throw new IllegalStateException("OwwEmbeddingBackbone is closed");
        }
        float[] padded = new float[window.length + 2 * padSamples];
        System.arraycopy(window, 0, padded, padSamples, window.length);
        float[][] e = backbone.embedClip(padded);
        int d = backbone.embeddingSize();
        float[] out = new float[dimension()];
        for (int j = 0; j < d; j++) {
            double sum = 0;
            float max = Float.NEGATIVE_INFINITY;
            for (float[] row : e) {
                sum += row[j];
                max = Math.max(max, row[j]);
            }
            out[j] = (float) (sum / e.length);
            out[d + j] = max;
        }
        for (int h = 0; h < sequenceHops; h++) {
            System.arraycopy(e[sequenceFirst + h], 0, out, (2 + h) * d, d);
        }
        return out;
    }

    @Override
    public Map<String, Object> featureSpec(String pooling) {
        columns(pooling);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("feature", FEATURE);
        s.put("sr", sampleRateHz());
        s.put("pad_seconds", PAD_SECONDS);
        s.put("pooling", pooling);
        return s;
    }

    /**
     * Writes this backbone with a pooling as one ONNX graph ({@link OwwEmbeddingGraph}): input
     * {@value OwwEmbeddingGraph#INPUT} {@code [N, windowSamples()]} float32 audio in [-1, 1] at 16 kHz (the frames of
     * {@code {"feature": "raw", "sr": 16000}}), output {@value OwwEmbeddingGraph#OUTPUT} {@code [N, D]} float32 with
     * {@code D = columns(pooling).length}. Each row equals {@code embed(window)} restricted to
     * {@code columns(pooling)} (same padding, same int16 scaling; 0.0 max-abs difference measured on speech, noise and
     * silence). The model's metadata, to be copied onto any model built on it, names the weights' license
     * ({@value OwwEmbeddingGraph#LICENSE}).
     *
     * @param pooling one of {@link #poolings()}
     * @return the graph, its input and output, and the feature spec that feeds it
     * @throws IllegalArgumentException for an unknown pooling
     * @throws IllegalStateException if this backbone is closed
     * @since 0.1
     */
    public BackboneGraph toOnnx(String pooling) {
        if (closed.get()) {
            throw new IllegalStateException("OwwEmbeddingBackbone is closed");
        }
        int dimension = columns(pooling).length;
        // mean and mean_max are a prefix of [mean, max, sequence], sequence its tail: what the graph's poolings compute
        OwwEmbeddingGraph.Pooling p = OwwEmbeddingGraph.Pooling.byId(pooling);
        byte[] model = backbone.toOnnx(windowSamples, padSamples, p);
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("feature", ModelMetadata.RAW_FEATURE);
        raw.put("sr", sampleRateHz());
        return new BackboneGraph(model, ValueInfo.of(OwwEmbeddingGraph.INPUT, ElementType.FLOAT, -1, windowSamples),
                OwwEmbeddingGraph.OUTPUT, dimension, raw,
                Map.of(OwwEmbeddingGraph.LICENSE_KEY, OwwEmbeddingGraph.LICENSE,
                        OwwEmbeddingGraph.ATTRIBUTION_KEY, OwwEmbeddingGraph.ATTRIBUTION));
    }

    /** The graph of {@link #toOnnx}, included under the prefix {@code oww/}; raw 16 kHz audio in. */
    @Override
    public Optional<GraphPart> toGraph(OnnxModelBuilder graph, String pooling) {
        BackboneGraph g = toOnnx(pooling);
        String pooled = "oww_pooled";
        graph.input(g.input()).include(g.model(), "oww/", Map.of(g.input().name(), g.input().name()),
                Map.of(g.output(), pooled));
        return Optional.of(new GraphPart(g.inputFeatures(), pooled, g.metadata()));
    }

    @Override
    public String identity() {
        return NAME + "/openwakeword-0.1.1/pad=" + padSamples + "/window=" + windowSamples + "/mean,max,sequence";
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsBackbone) {
            backbone.close();
        }
    }
}
