package dev.audioml.cli;

import dev.audioml.capture.file.WavWriter;
import dev.audioml.capture.mic.MicrophoneSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code audioml record}: capture mono 16-bit audio from a microphone into a WAV file, or (with {@code --label} and
 * {@code --data}) record {@code --count} training examples of one class into {@code DATA/LABEL/}, Teachable-Machine
 * style.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Record mono 16-bit PCM WAV from a capture device (see 'audioml devices').",
            "With --label L --data DIR [--count N] it records N training clips into DIR/L/ (for 'audioml train')."})
final class RecordCommand implements Callable<Integer> {
    private static final int BLOCK_SAMPLES = 1024;

    @Option(names = "--seconds", required = true, paramLabel = "S", description = "Length to record, in seconds "
            + "(per clip with --label).")
    double seconds;

    @Option(names = "--device", paramLabel = "D", description = "Device index or name substring (default: first).")
    String device;

    @Option(names = {"--rate", "--sample-rate-hz"}, paramLabel = "R", defaultValue = "16000",
            description = "Preferred sample rate in Hz (default: ${DEFAULT-VALUE}); the device's nearest rate "
                    + "is used when it does not support it.")
    int rateHz;

    @Option(names = "--label", paramLabel = "L", description = "Class of the training clips to record.")
    String label;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset folder; clips go to DIR/<label>/.")
    Path data;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
            description = "Number of training clips to record with --label (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--pause-seconds", paramLabel = "P", defaultValue = "1.0",
            description = "Pause between training clips, in seconds (default: ${DEFAULT-VALUE}).")
    double pauseSeconds;

    @Parameters(index = "0", arity = "0..1", paramLabel = "OUT.wav", description = "Output WAV file (without --label).")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!(seconds > 0 && seconds <= 24 * 3600)) {
            throw new Main.UsageException("--seconds must be in (0, 86400], got " + seconds);
        }
        if (rateHz < 1) {
            throw new Main.UsageException("--rate must be >= 1 Hz, got " + rateHz);
        }
        boolean dataset = label != null || data != null;
        if (dataset && (label == null || data == null)) {
            throw new Main.UsageException("--label and --data go together (record training clips into DATA/LABEL/)");
        }
        if (dataset && output != null) {
            throw new Main.UsageException("give either OUT.wav or --label/--data, not both");
        }
        if (!dataset && output == null) {
            throw new Main.UsageException("give an output file OUT.wav, or --label L --data DIR for training clips");
        }
        if (dataset && (label.isBlank() || label.contains("/") || label.contains("\\") || label.startsWith("."))) {
            throw new Main.UsageException("--label must be a plain folder name, got \"" + label + "\"");
        }
        if (count < 1 || count > 10_000) {
            throw new Main.UsageException("--count must be in [1, 10000], got " + count);
        }
        if (!(pauseSeconds >= 0 && pauseSeconds <= 60)) {
            throw new Main.UsageException("--pause-seconds must be in [0, 60], got " + pauseSeconds);
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try (MicrophoneSource mic = Microphones.open(device, rateHz, "connect a microphone ('audioml devices' lists "
                + "what Java Sound sees); to train on existing recordings, put them in DIR/<label>/ instead")) {
            int actualRateHz = mic.sampleRateHz();
            if (actualRateHz != rateHz) {
                err.println("audioml record: " + mic.device().name() + " does not take " + rateHz + " Hz; recording at "
                        + actualRateHz + " Hz");
            }
            if (!dataset) {
                long n = record(mic, output, Math.round(seconds * actualRateHz));
                out.printf("recorded %d samples at %d Hz from %s to %s%n", n, actualRateHz, mic.device().name(),
                        output);
                return 0;
            }
            Path dir = Files.createDirectories(data.resolve(label));
            for (int i = 1; i <= count; i++) {
                Path file = nextFree(dir);
                out.printf("%s %d/%d: recording %.1f s ... ", label, i, count, seconds);
                out.flush();
                record(mic, file, Math.round(seconds * actualRateHz));
                out.println("saved " + file);
                if (i < count && pauseSeconds > 0) {
                    skip(mic, Math.round(pauseSeconds * actualRateHz));
                }
            }
            out.printf("recorded %d clip(s) of %s into %s; train with: audioml train --data %s --out model-dir%n",
                    count, label, dir, data);
        }
        return 0;
    }

    private static long record(MicrophoneSource mic, Path file, long wanted) throws IOException {
        float[] block = new float[BLOCK_SAMPLES];
        try (WavWriter wav = WavWriter.create(file, mic.sampleRateHz(), 1, WavWriter.SampleFormat.PCM_16)) {
            while (wav.framesWritten() < wanted) {
                int n = mic.read(block, 0, (int) Math.min(block.length, wanted - wav.framesWritten()));
                if (n < 0) {
                    break;
                }
                wav.write(block, 0, n);
            }
            return wav.framesWritten();
        }
    }

    /** Reads and drops {@code samples} (the pause between clips; the capture queue keeps flowing). */
    private static void skip(MicrophoneSource mic, long samples) throws IOException {
        float[] block = new float[BLOCK_SAMPLES];
        for (long left = samples; left > 0;) {
            int n = mic.read(block, 0, (int) Math.min(block.length, left));
            if (n < 0) {
                return;
            }
            left -= n;
        }
    }

    private Path nextFree(Path dir) {
        for (int i = 1;; i++) {
            Path p = dir.resolve(String.format("%s-%04d.wav", label, i));
            if (!Files.exists(p)) {
                return p;
            }
        }
    }
}
