/**
 * Delta features ({@code librosa.feature.delta}), streamed with a delay of half the window.
 *
 * @since 0.1
 */
package dev.audioml.features.delta;
