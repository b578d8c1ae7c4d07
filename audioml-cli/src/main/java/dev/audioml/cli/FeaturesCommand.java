package dev.audioml.cli;

import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.NpyWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
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
            "The spec uses librosa's names, e.g. '{\"feature\": \"melspectrogram\", \"sr\": 16000, \"n_mels\": 64}'; "
                + "without \"sr\" the file's rate is used. See docs/features.md for every key."})
final class FeaturesCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { npy, csv }

    @Option(names = "--spec", required = true, paramLabel = "SPEC",
            description = "Feature spec: a JSON file or an inline JSON object.")
    String specArgument;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output file; with several FILEs, "
            + "a folder that receives <name>.npy (or .csv) per file; '-' writes CSV to standard output.")
    Path out;

    @picocli.CommandLine.Mixin
    AudioTrack audioTrack = new AudioTrack();

    @Option(names = "--fail-fast", description = "Stop at the first file that cannot be decoded (default: report it "
            + "on stderr and go on with the next; exit 1 at the end with a count).")
    boolean failFast;

    @Option(names = "--format", defaultValue = "npy", description = "npy (float32, shape [frames, bins]) or csv "
            + "(one frame per line). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files (WAV, AIFF, AU, FLAC, Ogg Vorbis, "
            + "MP3).")
    java.util.List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean toStdout = out.toString().equals("-");
        if (toStdout && (format != Format.csv || files.size() != 1)) {
            throw new Main.UsageException("--out - (standard output) needs --format csv and one FILE");
        }
        java.util.Map<String, Object> featureSpec = FeatureInputs.spec(specArgument);
        FileFailures failures = new FileFailures("features", spec.commandLine().getErr(), failFast);
        java.util.Set<Path> written = new java.util.HashSet<>();
        for (Path file : files) {
            failures.attempted();
            Path target = files.size() == 1 ? out : outputIn(out, file, written);
            try {
                if (streamed(featureSpec, file, target, toStdout)) {
                    continue;
                }
                FeatureMatrix m = FeatureInputs.compute(featureSpec, file, audioTrack.track);
                if (toStdout) {
                    // only the matrix goes to stdout, so that it can be piped; the summary goes to stderr
                    PrintWriter stdout = spec.commandLine().getOut();
                    writeCsv(m, stdout);
                    stdout.flush();
                    spec.commandLine().getErr().printf("%s: %d frames x %d bins -> standard output%n", file,
                            m.frames(), m.bins());
                    continue;
                }
                write(m, target);
                spec.commandLine().getOut().printf("%s: %d frames x %d bins -> %s%n", file, m.frames(), m.bins(),
                        target);
            } catch (IOException | RuntimeException e) {
                failures.failed(file, e);
            }
        }
        spec.commandLine().getOut().flush();
        return failures.exitCode();
    }

    /**
     * Computes and writes the features block by block (memory independent of the file's length) when the spec
     * allows it; false, having written nothing, when the spec needs the whole matrix.
     */
    private boolean streamed(java.util.Map<String, Object> featureSpec, Path file, Path target, boolean toStdout)
            throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        int[] bins = new int[1];
        java.io.Closeable[] writer = new java.io.Closeable[1];
        FeatureInputs.RowSink sink = new FeatureInputs.RowSink() {
            @Override
            public void start(int binCount) throws IOException {
                bins[0] = binCount;
                if (toStdout) {
                    return;
                }
                Path parent = target.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                writer[0] = format == Format.npy ? new dev.audioml.features.NpyStreamWriter(target, binCount)
                        : Files.newBufferedWriter(target, StandardCharsets.UTF_8);
            }

            @Override
            public void rows(float[] data, int frames) throws IOException {
                if (writer[0] instanceof dev.audioml.features.NpyStreamWriter npy) {
                    npy.write(data, 0, frames);
                } else {
                    writeCsv(data, frames, bins[0], toStdout ? stdout : (java.io.Writer) writer[0]);
                }
            }
        };
        long frames;
        try {
            frames = FeatureInputs.stream(featureSpec, file, audioTrack.track, sink);
        } catch (IOException | RuntimeException e) {
            if (writer[0] != null) {
                writer[0].close();
                Files.deleteIfExists(target); // no partial matrix left behind
            }
            throw e;
        }
        if (frames < 0) {
            return false;
        }
        if (toStdout) {
            stdout.flush();
            spec.commandLine().getErr().printf("%s: %d frames x %d bins -> standard output%n", file, frames, bins[0]);
        } else {
            writer[0].close();
            stdout.printf("%s: %d frames x %d bins -> %s%n", file, frames, bins[0], target);
        }
        return true;
    }

    private static void writeCsv(float[] data, int frames, int bins, java.io.Writer w) throws IOException {
        for (int f = 0; f < frames; f++) {
            for (int b = 0; b < bins; b++) {
                if (b > 0) {
                    w.write(',');
                }
                w.write(Float.toString(data[f * bins + b]));
            }
            w.write('\n');
        }
    }

    /** {@code dir/<file name without extension>.<format>}, with "-2", "-3"... when two inputs share a name. */
    private Path outputIn(Path dir, Path file, java.util.Set<Path> written) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path target = dir.resolve(stem + "." + format);
        for (int i = 2; !written.add(target); i++) {
            target = dir.resolve(stem + "-" + i + "." + format);
        }
        return target;
    }

    private void write(FeatureMatrix m, Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (format == Format.npy) {
            try (OutputStream os = Files.newOutputStream(target)) {
                NpyWriter.write(m, os);
            }
        } else {
            try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
                writeCsv(m, w);
            }
        }
    }

    /** One frame per line, bins separated by commas. */
    private static void writeCsv(FeatureMatrix m, java.io.Writer w) throws IOException {
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
