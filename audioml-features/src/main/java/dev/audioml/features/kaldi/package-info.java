/**
 * Kaldi filter-bank features as {@code torchaudio.compliance.kaldi.fbank}.
 *
 * @since 0.1
 */
package dev.audioml.features.kaldi;
