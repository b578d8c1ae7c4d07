package dev.audioml.train.embed;

import dev.audioml.onnx.preset.ModelCache;
import java.util.List;
import java.util.Map;

/**
 * Opens backbones by the names users type: {@code logmel-stats}, {@code oww-embedding}, {@code onnx:PATH[#TENSOR]}.
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class Backbones {
    /** The names {@link #open} knows (besides {@code auto}, which the trainer resolves). */
    public static final List<String> NAMES = List.of(LogMelStatsBackbone.NAME, OwwEmbeddingBackbone.NAME);

    private Backbones() {
    }

    /**
     * @param name a backbone name from {@link #NAMES}, or {@code onnx:PATH[#TENSOR]}
     * @param windowSeconds window length in seconds (an {@code onnx:} model's own window wins)
     * @param models where pretrained models are cached (fetched if missing)
     * @return the backbone; the caller closes it
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Backbone open(String name, double windowSeconds, ModelCache models) {
        return open(name, windowSeconds, models, null);
    }

    /** The longest window a backbone embeds, in seconds (training's limit too). */
    public static final double MAX_WINDOW_SECONDS = 60;

    /**
     * Like {@link #open(String, double, ModelCache)}, with the input spec of an {@code onnx:} model.
     *
     * @param name a backbone name from {@link #NAMES}, or {@code onnx:PATH[#TENSOR]}
     * @param windowSeconds window length in seconds (with {@code onnxInput}, the {@code onnx:} model's window)
     * @param models where pretrained models are cached (fetched if missing)
     * @param onnxInput the feature spec whose frames an {@code onnx:} model takes, in place of its own
     *     {@code audioml.features} (e.g. a {@code workshop_image} spec for an image CNN); null for its own
     * @return the backbone; the caller closes it
     * @throws IllegalArgumentException for an unknown name, or an input spec given for a named backbone
     */
    public static Backbone open(String name, double windowSeconds, ModelCache models, Map<String, Object> onnxInput) {
        if (!(windowSeconds > 0 && windowSeconds <= MAX_WINDOW_SECONDS)) {
            throw new IllegalArgumentException("window must be in (0, " + MAX_WINDOW_SECONDS + "] seconds, got "
                    + windowSeconds);
        }
        if (name.startsWith(OnnxTensorBackbone.PREFIX)) {
            return onnxInput == null ? OnnxTensorBackbone.open(name)
                    : OnnxTensorBackbone.open(name, onnxInput, windowSeconds);
        }
        if (onnxInput != null) {
            throw new IllegalArgumentException("an input feature spec applies to an onnx:PATH[#TENSOR] backbone only, "
                    + "not to \"" + name + "\"");
        }
        switch (name) {
            case LogMelStatsBackbone.NAME:
                return LogMelStatsBackbone.defaults((int) Math.round(windowSeconds * 16_000));
            case OwwEmbeddingBackbone.NAME:
                return OwwEmbeddingBackbone.open(models, (int) Math.round(windowSeconds * 16_000));
            default:
                throw new IllegalArgumentException("unknown backbone \"" + name + "\"; known: " + NAMES
                        + ", onnx:PATH[#TENSOR] and auto");
        }
    }
}
