package dev.audioml.cli;

import dev.audioml.capture.file.WavWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The run the {@code audioml} launcher records its class-data-sharing archive from ({@code java
 * -XX:ArchiveClassesAtExit=audioml.jsa -cp audioml.jar dev.audioml.cli.CdsTraining}): the classes that {@code --help},
 * {@code --version} and {@code audioml features} load (picocli, Jackson, decoding, resampling, the feature chain in
 * its whole-clip and streamed forms, .npy writing), so that later runs map them from the archive instead of loading,
 * verifying and linking them from the jar. Its work is on a 0.5 s synthetic 44.1 kHz WAV in a temporary folder, deleted
 * at the end; nothing is printed. The launcher runs it interpreted ({@code -Xint}), see there. Not API.
 */
final class CdsTraining {
    /** librosa.load(sr=22050) + melspectrogram + power_to_db(top_db=80): the two-pass case of the streamed path. */
    private static final String LOG_MEL = "{\"feature\": \"melspectrogram\", \"sr\": 22050, \"to_db\": {\"ref\": 1.0, "
            + "\"top_db\": 80.0}}";
    private static final String MFCC = "{\"feature\": \"mfcc\", \"sr\": 16000, \"n_mfcc\": 13}";

    private CdsTraining() {
    }

    /**
     * @param args ignored
     * @throws IOException if the temporary folder cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("audioml-cds");
        try {
            Path wav = dir.resolve("tone.wav");
            float[] tone = new float[44_100 / 2];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440.0 * i / 44_100.0));
            }
            try (WavWriter w = WavWriter.create(wav, 44_100, 1, WavWriter.SampleFormat.PCM_16)) {
                w.write(tone, 0, tone.length);
            }
            String out = dir.resolve("features.npy").toString();
            run("--help");
            run("--version");
            run("features", "--help");
            run("features", "--spec", LOG_MEL, "--out", out, wav.toString());
            run("features", "--spec", MFCC, "--out", dir.resolve("mfcc.csv").toString(), "--format", "csv",
                    wav.toString());
            // the streamed path of long files (first pass kept, then replayed)
            System.setProperty("audioml.features.inMemorySamples", "0");
            run("features", "--spec", LOG_MEL, "--out", out, wav.toString());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void run(String... args) {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        Main.run(args, nowhere, nowhere, "100");
    }
}
