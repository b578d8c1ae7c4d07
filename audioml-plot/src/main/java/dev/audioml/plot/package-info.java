/**
 * Figures as PNG and SVG, drawn with JFreeChart: spectrograms as {@code librosa.display.specshow} shows them (time
 * in s, frequency in Hz on the feature's own scale, a dB colour bar), confusion matrices with a colour scale and
 * counts, loss/accuracy curves, DET curves. Every figure is a {@link dev.audioml.plot.Figure}: write it with
 * {@code write(Path)} ({@code .svg} or {@code .png}).
 */
package dev.audioml.plot;
