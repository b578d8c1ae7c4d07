/**
 * Framing of streams exactly as librosa and Kaldi frame whole clips, and per-frame power spectra (the STFT).
 *
 * @since 0.1
 */
package dev.audioml.features.stft;
