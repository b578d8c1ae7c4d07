/**
 * Spectrogram images: matplotlib colormaps, PNG rendering identical to {@code pyplot.imsave}, square tiles.
 *
 * @since 0.1
 */
package dev.audioml.features.image;
