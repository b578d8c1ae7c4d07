/**
 * Internal: not API, may change in any release. The feature-spec reader and its bounds, and the real FFT (a pocketfft
 * port) behind the STFT and the resamplers.
 */
package dev.audioml.features.internal;
