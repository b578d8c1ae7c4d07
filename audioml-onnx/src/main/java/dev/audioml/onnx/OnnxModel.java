package dev.audioml.onnx;

import dev.audioml.core.FeatureExtractor;
import dev.audioml.onnx.batch.BatchPolicy;
import dev.audioml.onnx.batch.StreamBatcher;
import dev.audioml.onnx.internal.Batchers;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A model file together with its metadata: everything a pipeline needs comes from it, the feature extractor, the
 * sample rate, the window length, the labels and the output mode. Holds one {@link OnnxSession}; each stream gets its
 * own extractor and classifier from {@link #newExtractor()} and {@link #newClassifier()}.
 *
 * <pre>{@code
 * try (OnnxModel model = OnnxModel.open(Path.of("model.onnx"))) {
 *     FeatureExtractor fx = model.newExtractor();
 *     OnnxClassifier c = model.newClassifier();
 *     int window = model.windowSamples();   // at model.sampleRateHz()
 * }
 * }</pre>
 *
 * <p>Thread-safe: {@code newExtractor}/{@code newClassifier} may be called from any thread. Closing it closes the
 * session, after which classifiers made from it fail.
 *
 * @since 0.1
 */
public final class OnnxModel implements AudioModel {
    private final OnnxSession session;
    private final ModelMetadata metadata;
    private final int sampleRateHz;
    private final int windowSamples;
    private final int[] frameShape;

    private OnnxModel(OnnxSession session, ModelMetadata metadata) {
        this.session = session;
        this.metadata = metadata;
        try (FeatureExtractor probe = metadata.newExtractor()) {
            this.sampleRateHz = probe.sampleRateHz();
            this.windowSamples = resolveWindow(session, metadata, sampleRateHz);
            try {
                this.frameShape = probe.outputShape(windowSamples);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("model " + session.name() + ": window of " + windowSamples
                        + " samples (" + metadata.origin(ModelMetadata.WINDOW_SECONDS).orElse("inferred")
                        + ") is too short for " + metadata.origin(ModelMetadata.FEATURES).orElse("the feature spec")
                        + ": " + e.getMessage(), e);
            }
        }
        // Checks labels, output and input fit now, when the model is opened, not on the first window.
        newClassifier().close();
    }

    /**
     * Opens a model file with default session options.
     *
     * @param model an {@code .onnx} file with metadata (in {@code metadata_props} or files next to it)
     * @return the model, owned by the caller
     * @throws IllegalArgumentException naming the metadata key to add or fix
     * @throws dev.audioml.core.AudioMLException if ONNX Runtime cannot load it
     */
    public static OnnxModel open(Path model) {
        return open(model, OnnxSessionOptions.defaults());
    }

    /**
     * Opens a model file.
     *
     * @param model an {@code .onnx} file with metadata
     * @param options session options
     * @return the model, owned by the caller
     * @throws IllegalArgumentException naming the metadata key to add or fix
     * @throws dev.audioml.core.AudioMLException if ONNX Runtime cannot load it
     */
    public static OnnxModel open(Path model, OnnxSessionOptions options) {
        OnnxSession session = OnnxSession.open(model, options);
        try {
            return new OnnxModel(session, ModelMetadata.of(session));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * Wraps an open session (which the model then owns) with explicit metadata.
     *
     * @param session an open session; closed by {@link #close()}
     * @param metadata its metadata
     * @return the model
     * @throws IllegalArgumentException naming the metadata key to add or fix
     */
    public static OnnxModel of(OnnxSession session, ModelMetadata metadata) {
        return new OnnxModel(Objects.requireNonNull(session, "session"), Objects.requireNonNull(metadata, "metadata"));
    }

    /** @return a new extractor for one stream, owned by the caller */
    @Override
    public FeatureExtractor newExtractor() {
        return metadata.newExtractor();
    }

    /** @return a new classifier for one stream on the shared session; closing it leaves the session open */
    @Override
    public OnnxClassifier newClassifier() {
        return OnnxClassifier.builder(session).metadata(metadata).frameShape(frameShape).build();
    }

    /**
     * Starts a batcher that scores many streams' windows in shared model runs (stacked along the model's dynamic batch
     * axis; window by window if it has none); each {@link StreamBatcher#newStream()} scores as {@link #newClassifier()}.
     *
     * @param policy batch size and wait
     * @return the batcher (with its own inference thread), owned by the caller, who closes it before this model
     * @since 0.1
     */
    public StreamBatcher newBatcher(BatchPolicy policy) {
        OnnxClassifier classifier = OnnxClassifier.builder(session).metadata(metadata).frameShape(frameShape)
                .maxBatch(policy.maxBatch()).build();
        return Batchers.start(new ClassifierBatchKernel(classifier, frameShape, policy.maxBatch()), policy,
                session.path().map(p -> p.getFileName().toString()).orElse(session.name()));
    }

    /** @return the labels in model order */
    @Override
    public List<String> labels() {
        return metadata.labels().orElseThrow();
    }

    /** @return the rate the extractor expects, in Hz */
    @Override
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** @return the analysis window in samples at {@link #sampleRateHz()} */
    @Override
    public int windowSamples() {
        return windowSamples;
    }

    /** @return {@code audioml.hop_seconds} in samples (at least 1), else the window */
    @Override
    public int hopSamples() {
        return metadata.hopSeconds().map(h -> Math.max(1, (int) Math.round(h * sampleRateHz))).orElse(windowSamples);
    }

    /** @return the shape of one window's feature frame */
    public int[] frameShape() {
        return frameShape.clone();
    }

    /** @return the metadata */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** @return the shared session */
    public OnnxSession session() {
        return session;
    }

    /** Closes the session. Idempotent. */
    @Override
    public void close() {
        session.close();
    }

    private static int resolveWindow(OnnxSession session, ModelMetadata metadata, int sampleRateHz) {
        if (metadata.windowSeconds().isPresent()) {
            long samples = Math.round(metadata.windowSeconds().get() * sampleRateHz);
            if (samples < 1 || samples > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(metadata.origin(ModelMetadata.WINDOW_SECONDS).orElseThrow()
                        + " gives " + samples + " samples at " + sampleRateHz + " Hz; expected at least 1");
            }
            return (int) samples;
        }
        if (metadata.isRawAudio() && session.inputs().size() == 1) {
            long[] shape = session.inputs().get(0).shape();
            if (shape.length > 0 && shape[shape.length - 1] > 0) {
                return Math.toIntExact(shape[shape.length - 1]);
            }
        }
        throw new IllegalArgumentException("model " + session.name() + " declares no window length: add metadata_props key "
                + ModelMetadata.PREFIX + ModelMetadata.WINDOW_SECONDS + " (seconds) or \"window_seconds\" in the sidecar JSON");
    }
}
