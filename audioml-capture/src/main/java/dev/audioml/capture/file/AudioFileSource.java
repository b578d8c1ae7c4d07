package dev.audioml.capture.file;

import dev.audioml.core.Source;
import java.util.List;

/**
 * A {@link Source} that streams a decoded audio file as mono float PCM at the file's own sample rate (resampling is
 * the pipeline's job). Opened by {@link AudioFiles#open}; memory use is bounded whatever the file's length.
 *
 * <p>{@link #read} returns -1 at the end of the audio. A truncated file delivers what it holds and records one
 * warning ({@link #warnings()}, also logged once at WARNING level); a malformed stream throws
 * {@link AudioFormatException} from {@code read}.
 *
 * <p>Not thread-safe: confine to one thread.
 *
 * @since 0.1
 */
public interface AudioFileSource extends Source {

    /** @return what the header says about the file */
    AudioFileInfo info();

    /** @return how channels become mono for this source */
    ChannelMode channelMode();

    /** @return the problems met so far that did not stop decoding (e.g. truncation), in order, one line each */
    List<String> warnings();

    /**
     * @return corrupt units (Ogg pages or packets, FLAC frames) skipped so far under
     *     {@link CorruptionPolicy#WARN_AND_SKIP}; each also gave a line in {@link #warnings()} (identical lines once)
     * @since 0.1
     */
    default long corruptUnitsSkipped() {
        return 0;
    }
}
