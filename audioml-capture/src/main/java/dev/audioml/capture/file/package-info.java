/**
 * Streaming audio file decoding: {@link dev.audioml.capture.file.AudioFiles#open} detects the container from its
 * magic bytes (WAV, AIFF/AIFF-C, AU, FLAC, Ogg Vorbis, MP3) and returns an
 * {@link dev.audioml.capture.file.AudioFileSource} that delivers mono float PCM in bounded memory;
 * {@link dev.audioml.capture.file.WavWriter} writes 16-bit PCM or float32 WAV. Malformed input fails with an
 * {@link dev.audioml.capture.file.AudioFormatException} whose one-line message names the file and the problem.
 *
 * @since 0.1
 */
package dev.audioml.capture.file;
