/**
 * Analysis windows (Hann, Hamming, Blackman, rectangular, Povey) with scipy's periodic/symmetric conventions.
 *
 * @since 0.1
 */
package dev.audioml.features.window;
