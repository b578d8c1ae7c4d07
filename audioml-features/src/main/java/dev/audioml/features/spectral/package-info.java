/**
 * Spectral descriptors (centroid, bandwidth, rolloff, flatness, zero-crossing rate, RMS), polynomial features and
 * spectral contrast with librosa's definitions.
 *
 * @since 0.1
 */
package dev.audioml.features.spectral;
