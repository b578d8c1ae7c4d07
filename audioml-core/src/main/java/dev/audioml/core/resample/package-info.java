/**
 * Sample-rate conversion between any two integer rates: {@link dev.audioml.core.resample.Resampler} is a streaming,
 * band-limited, windowed-sinc polyphase resampler (Kaiser window) whose block-by-block output equals its whole-clip
 * output exactly and whose output sample {@code n} sits at input time {@code n * fromHz / toHz}, with no filter delay;
 * {@link dev.audioml.core.resample.ResamplingSource} wraps any {@link dev.audioml.core.Source} so that a file at any
 * rate feeds a model at its rate.
 */
package dev.audioml.core.resample;
