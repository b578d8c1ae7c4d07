/**
 * Optional FFmpeg-backed decoding: {@link dev.audioml.ffmpeg.FfmpegDecoderProvider} is found by
 * {@link dev.audioml.capture.file.AudioFiles} through {@link java.util.ServiceLoader} when this module is on the class
 * path, and reads the files and codecs the built-in pure-Java decoders do not (ALAC, WMA, AMR, Vorbis or FLAC in
 * Matroska, multichannel Opus, fragmented MP4, ...). Nothing here is called directly.
 *
 * @since 0.1
 */
package dev.audioml.ffmpeg;
