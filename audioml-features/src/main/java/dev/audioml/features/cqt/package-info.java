/**
 * The constant-Q transform as librosa 0.11 computes it ({@code librosa.cqt}: {@code librosa.vqt} with
 * {@code gamma=0}, early downsampling and one octave per STFT with {@code librosa.resample} by 2 between octaves),
 * and what builds on it ({@code chroma_cqt}, {@code tonnetz}).
 */
package dev.audioml.features.cqt;
