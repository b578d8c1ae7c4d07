package dev.audioml.cli;

import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.NpyWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code audioml features}: a feature matrix of an audio file, computed as librosa would, to .npy or CSV. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Compute features of an audio file exactly as librosa (or torchaudio's Kaldi fbank) would.",
            "The spec uses librosa's names, e.g. '{\"feature\": \"melspectrogram\", \"sr\": 16000, \"n_mels\": 64}';",
            "without \"sr\" the file's rate is used. See docs/features.md for every key."})
final class FeaturesCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { npy, csv }

    @Option(names = "--spec", required = true, paramLabel = "SPEC",
            description = "Feature spec: a JSON file or an inline JSON object.")
    String specArgument;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output file.")
    Path out;

    @Option(names = "--format", defaultValue = "npy", description = "npy (float32, shape [frames, bins]) or csv "
            + "(one frame per line). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Parameters(index = "0", paramLabel = "FILE", description = "Audio file (WAV, AIFF, AU, FLAC, Ogg Vorbis, MP3).")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        FeatureMatrix m = FeatureInputs.compute(FeatureInputs.spec(specArgument), file);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (format == Format.npy) {
            try (OutputStream os = Files.newOutputStream(out)) {
                NpyWriter.write(m, os);
            }
        } else {
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (int f = 0; f < m.frames(); f++) {
                    for (int b = 0; b < m.bins(); b++) {
                        if (b > 0) {
                            w.write(',');
                        }
                        w.write(Float.toString(m.get(f, b)));
                    }
                    w.write('\n');
                }
            }
        }
        spec.commandLine().getOut().printf("%s: %d frames x %d bins -> %s%n", file, m.frames(), m.bins(), out);
        return 0;
    }
}
