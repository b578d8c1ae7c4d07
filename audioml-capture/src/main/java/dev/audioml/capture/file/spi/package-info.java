/**
 * The service interface through which optional modules ({@code audioml-ffmpeg}) add decoders for formats the
 * built-in pure-Java decoders do not read.
 *
 * @since 0.1
 */
package dev.audioml.capture.file.spi;
