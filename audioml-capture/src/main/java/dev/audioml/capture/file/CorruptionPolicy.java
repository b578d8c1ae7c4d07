package dev.audioml.capture.file;

/**
 * What a file source does when it meets corrupt data inside an otherwise readable file: an Ogg page or FLAC frame
 * that fails its checksum, an undecodable packet, a FLAC stream whose MD5 signature does not match, or a file that
 * ends early.
 *
 * @since 0.1
 */
public enum CorruptionPolicy {
    /**
     * Skip the corrupt unit (its samples are dropped, so later timestamps move earlier; an AAC or Opus packet that
     * fails to decode becomes silence of its neighbours' length instead, keeping the timing), record one line in
     * {@link AudioFileSource#warnings()} and count it in {@link AudioFileSource#corruptUnitsSkipped()}. The default.
     */
    WARN_AND_SKIP,
    /** Throw {@link AudioFormatException} naming the file and the problem at the first one. */
    FAIL
}
