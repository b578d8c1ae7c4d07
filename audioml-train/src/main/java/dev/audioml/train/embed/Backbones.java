package dev.audioml.train.embed;

import dev.audioml.onnx.preset.ModelCache;
import java.util.List;

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
        if (!(windowSeconds > 0 && windowSeconds <= 60)) {
            throw new IllegalArgumentException("window must be in (0, 60] seconds, got " + windowSeconds);
        }
        if (name.startsWith(OnnxTensorBackbone.PREFIX)) {
            return OnnxTensorBackbone.open(name);
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
