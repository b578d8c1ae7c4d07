package dev.audioml.cli;

import dev.audioml.capture.file.AudioFileSource;
import dev.audioml.capture.file.AudioFiles;
import dev.audioml.capture.file.ChannelMode;
import dev.audioml.capture.file.CorruptionPolicy;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --track N} option of the commands that read files: which audio track of a video or multi-track file. */
final class AudioTrack {
    @Option(names = "--track", paramLabel = "N", defaultValue = "0", description = "Audio track to read from video "
            + "and other multi-track files (MP4/MOV, MKV/WebM), counted from 0 among the audio tracks (default: "
            + "${DEFAULT-VALUE}, the first).")
    int track;

    /** Opens {@code track} of {@code file} (mono mix, corrupt data skipped with a warning). */
    static AudioFileSource open(Path file, int track) throws IOException {
        if (track < 0) {
            throw new Main.UsageException("--track must be >= 0, got " + track);
        }
        return AudioFiles.open(file, ChannelMode.MIX, CorruptionPolicy.WARN_AND_SKIP, track);
    }
}
