package dev.audioml.cli;

import dev.audioml.capture.file.WavWriter;
import dev.audioml.capture.mic.MicrophoneSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code audioml record}: capture mono 16-bit audio from a microphone into a WAV file. */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record mono 16-bit PCM WAV from a capture device (see 'audioml devices').")
final class RecordCommand implements Callable<Integer> {
    private static final int BLOCK_SAMPLES = 1024;

    @Option(names = "--seconds", required = true, paramLabel = "S", description = "Length to record, in seconds.")
    double seconds;

    @Option(names = "--device", paramLabel = "D", description = "Device index or name substring (default: first).")
    String device;

    @Option(names = {"--rate", "--sample-rate-hz"}, paramLabel = "R", defaultValue = "16000",
            description = "Preferred sample rate in Hz (default: ${DEFAULT-VALUE}); the device's nearest rate "
                    + "is used when it does not support it.")
    int rateHz;

    @Parameters(index = "0", paramLabel = "OUT.wav", description = "Output WAV file.")
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
        PrintWriter err = spec.commandLine().getErr();
        try (MicrophoneSource mic = MicrophoneSource.open(device, rateHz)) {
            int actualRateHz = mic.sampleRateHz();
            if (actualRateHz != rateHz) {
                err.println("audioml record: " + mic.device().name() + " does not take " + rateHz + " Hz; recording at "
                        + actualRateHz + " Hz");
            }
            long wanted = Math.round(seconds * actualRateHz);
            float[] block = new float[BLOCK_SAMPLES];
            try (WavWriter wav = WavWriter.create(output, actualRateHz, 1, WavWriter.SampleFormat.PCM_16)) {
                while (wav.framesWritten() < wanted) {
                    int n = mic.read(block, 0, (int) Math.min(block.length, wanted - wav.framesWritten()));
                    if (n < 0) {
                        break;
                    }
                    wav.write(block, 0, n);
                }
                spec.commandLine().getOut().printf("recorded %d samples at %d Hz from %s to %s%n",
                        wav.framesWritten(), actualRateHz, mic.device().name(), output);
            }
        }
        return 0;
    }
}
