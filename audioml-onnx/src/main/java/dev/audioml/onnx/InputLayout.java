package dev.audioml.onnx;

/**
 * How a {@link dev.audioml.core.FeatureFrame} is laid into a model's input tensor. Leading model axes of size 1 or
 * dynamic size (batch, channel) are added as needed in every layout.
 *
 * @since 0.1
 */
public enum InputLayout {
    /**
     * Infer from the model's declared shape: {@link #AS_IS} when the frame fits its trailing axes, {@link #BINS_FRAMES}
     * when only the transposed frame fits. When both fit (dynamic or square axes) {@link #AS_IS} wins; configure the
     * layout explicitly for frequency-major models with dynamic axes.
     */
    AUTO,
    /**
     * The frame in its own row-major order: raw audio {@code [1, N]} into {@code [N]} or {@code [1, N]}; features
     * {@code [frames, bins]} into {@code [1, frames, bins]} or {@code [1, 1, frames, bins]}; images
     * {@code [3, H, W]} into {@code [1, 3, H, W]}.
     */
    AS_IS,
    /** Features {@code [frames, bins]} transposed into a frequency-major {@code [1, bins, frames]} input. */
    BINS_FRAMES
}
