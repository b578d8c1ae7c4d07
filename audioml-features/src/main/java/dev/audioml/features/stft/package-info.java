/**
 * Framing of streams exactly as librosa and Kaldi frame whole clips, the real FFT ({@link
 * dev.audioml.features.internal.RealFft}, numpy's pocketfft algorithm for any size) and per-frame power spectra (the STFT).
 *
 * @since 0.1
 */
package dev.audioml.features.stft;

import dev.audioml.features.internal.RealFft;