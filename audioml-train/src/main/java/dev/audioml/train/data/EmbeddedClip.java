package dev.audioml.train.data;

/**
 * A clip with the backbone's full vectors of its windows.
 *
 * @param clip the clip
 * @param windows one full embedding per window, {@code [windows][dimension]}
 * @since 0.1
 */
public record EmbeddedClip(Clip clip, float[][] windows) {
}
