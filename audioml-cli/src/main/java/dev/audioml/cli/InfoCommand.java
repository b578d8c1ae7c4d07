package dev.audioml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.audioml.capture.file.AudioFileInfo;
import dev.audioml.capture.file.AudioFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code audioml info}: container, encoding, rate, channels, length of audio files. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Describe audio files (WAV, AIFF, AU, FLAC, Ogg Vorbis/Opus, MP3, AAC/M4A, the audio of MP4/MOV/"
                + "WebM/MKV video; more with audioml-ffmpeg; detected by content) and the decoder that reads each.",
            "A file that cannot be read is reported on stderr and the others are still described (exit 1)."})
final class InfoCommand implements Callable<Integer> {
    // trailing text after the JSON value is an error, not silently ignored
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Option(names = "--json", description = "One JSON object per file and line: path, format, encoding, "
            + "sample_rate, channels, frames, duration_s, decoder.")
    boolean json;

    @picocli.CommandLine.Mixin
    AudioTrack audioTrack = new AudioTrack();

    @Option(names = "--fail-fast", description = "Stop at the first file that cannot be read (default: report it on "
            + "stderr and go on; exit 1 at the end with a count).")
    boolean failFast;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files.")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FileFailures failures = new FileFailures("info", spec.commandLine().getErr(), failFast);
        for (Path file : files) {
            failures.attempted();
            AudioFileInfo info;
            try {
                info = AudioFiles.info(file, audioTrack.track);
            } catch (IOException | RuntimeException e) {
                out.flush();
                failures.failed(file, e);
                continue;
            }
            out.println(json ? JSON.writeValueAsString(toJson(info)) : toText(info));
        }
        out.flush();
        return failures.exitCode();
    }

    static ObjectNode toJson(AudioFileInfo info) {
        ObjectNode node = JSON.createObjectNode();
        node.put("path", info.path().toString());
        node.put("format", info.container());
        node.put("encoding", info.encoding());
        node.put("sample_rate", info.sampleRateHz());
        node.put("channels", info.channels());
        node.put("frames", info.frames());
        node.put("duration_s", info.durationSeconds());
        node.put("decoder", info.decoder());
        return node;
    }

    static String toText(AudioFileInfo info) {
        return String.format(Locale.ROOT, "%s: %s, %s, %d Hz, %d ch, %d frames, %.3f s, decoded by %s", info.path(),
                info.container(), info.encoding(), info.sampleRateHz(), info.channels(), info.frames(),
                info.durationSeconds(), info.decoder());
    }
}
