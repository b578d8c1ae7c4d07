/**
 * Sample-rate conversion as librosa does it: {@link dev.audioml.core.resample.Resampler} is
 * {@code librosa.resample(res_type="soxr_hq")} (or any soxr quality), streaming, with block-by-block output equal to
 * whole-clip output and no filter delay; it runs {@link dev.audioml.core.resample.SoxrResampler}, a pure-Java port of
 * libsoxr's constant-rate engine (python-soxr's). {@link dev.audioml.core.resample.PolyphaseResampler} is
 * {@code res_type="polyphase"} ({@code scipy.signal.resample_poly}). {@link dev.audioml.core.resample.ResamplingSource}
 * wraps any {@link dev.audioml.core.Source} so that a file at any rate feeds a model at its rate.
 */
package dev.audioml.core.resample;
