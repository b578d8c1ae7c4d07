/**
 * Mel scales (HTK and Slaney) and mel filter banks exactly as {@code librosa.filters.mel}.
 *
 * @since 0.1
 */
package dev.audioml.features.mel;
