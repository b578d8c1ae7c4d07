/**
 * Chroma: {@code librosa.filters.chroma} (the STFT-bin-to-pitch-class filter bank), {@code librosa.estimate_tuning}
 * (via {@code librosa.piptrack} and {@code librosa.pitch_tuning}) and {@code librosa.util.normalize}, the parts of
 * {@code librosa.feature.chroma_stft}.
 */
package dev.audioml.features.chroma;
