/**
 * Decibel conversion as {@code librosa.power_to_db} / {@code amplitude_to_db}.
 *
 * @since 0.1
 */
package dev.audioml.features.db;
