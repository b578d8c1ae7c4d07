/**
 * Onsets: {@code librosa.onset.onset_strength} (spectral flux of a dB mel spectrogram, hop by hop) and
 * {@code librosa.onset.onset_detect}'s peak picking ({@code librosa.util.peak_pick}, {@code onset_backtrack}).
 */
package dev.audioml.features.onset;
