package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.features.FeatureMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code audioml features} streams specs that allow it: the .npy written block by block equals the whole-clip
 * computation value for value, and a file whose whole-clip decode would not fit the heap goes through in a small one.
 */
class StreamingFeaturesCommandTest {
    private static final String MEL_16K = "{\"feature\": \"melspectrogram\", \"sr\": 16000, \"n_fft\": 512, "
            + "\"hop_length\": 160, \"n_mels\": 40, \"to_db\": {\"ref\": 1.0, \"top_db\": null}}";

    @TempDir
    Path dir;

    @Test
    void streamedNpyEqualsTheWholeClipComputationAfterResampling() throws Exception {
        Path wav = dir.resolve("stereo.wav");
        tool("sox", "-V1", "-R", "-n", "-r", "44100", "-c", "2", "-b", "16", wav.toString(), "synth", "3.3", "sine",
                "440", "pinknoise", "gain", "-6");
        Path out = dir.resolve("mel.npy");
        CliRun r = CliRun.of("features", "--spec", MEL_16K, "--out", out.toString(), wav.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Object> spec = FeatureInputs.spec(MEL_16K);
        FeatureMatrix whole = FeatureInputs.compute(spec, wav);
        assertThat(r.out()).contains(whole.frames() + " frames x 40 bins");
        assertThat(readNpy(out, whole.frames(), whole.bins())).containsExactly(whole.data());
    }

    /** librosa.feature.mfcc's defaults (power_to_db with top_db=80 over the whole matrix) at librosa's 22050 Hz. */
    private static final String MFCC_TOP_DB = "{\"feature\": \"mfcc\", \"n_mfcc\": 20}";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {MFCC_TOP_DB,
        "{\"feature\": \"melspectrogram\", \"sr\": null, \"to_db\": {\"ref\": \"max\", \"top_db\": 60}}",
        "{\"feature\": \"kaldi_fbank\", \"num_mel_bins\": 40, \"dither\": 0.0, \"subtract_mean\": true}"})
    void wholeMatrixSpecsStreamedInTwoPassesEqualTheInMemoryMatrixBitForBit(String json) throws Exception {
        // the demo recording (speech and a wake word, 12 s at 16 kHz); mfcc resamples it to 22050 Hz on the way
        Path recording = Path.of(Main.class.getResource(DemoCommand.RECORDING).toURI());
        Map<String, Object> spec = FeatureInputs.spec(json);
        assertThat(FeatureInputs.pipeline(spec, 16000).streamingPasses()).isEqualTo(2);
        FeatureMatrix whole = FeatureInputs.compute(spec, recording);
        // 12 s fit the in-memory budget (one decode); with a budget of 0 samples the command streams, keeping the
        // first pass's rows for the second; with no row budget either, it reads the file twice
        for (String budget : new String[] {null, "0", "0 rows"}) {
            Path out = dir.resolve("features-" + budget + ".npy");
            CliRun r;
            try {
                if (budget != null) {
                    System.setProperty("audioml.features.inMemorySamples", "0");
                }
                if ("0 rows".equals(budget)) {
                    System.setProperty("audioml.features.keptRowValues", "0");
                }
                r = CliRun.of("features", "--spec", json, "--out", out.toString(), recording.toString());
            } finally {
                System.clearProperty("audioml.features.inMemorySamples");
                System.clearProperty("audioml.features.keptRowValues");
            }
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains(whole.frames() + " frames x " + whole.bins() + " bins");
            assertThat(readNpy(out, whole.frames(), whole.bins())).as("budget %s", budget)
                    .containsExactly(whole.data());
        }
    }

    @Test
    void aFileTooLongForTheHeapWholeStreamsInBoundedMemoryInOneOrTwoPasses() throws Exception {
        Path wav = dir.resolve("long.wav");
        // 20 minutes at 16 kHz: 19.2 M samples, 77 MB as a float array (more while it doubles) against a 48 MB heap;
        // past the in-memory budget (2^22 samples), mfcc's default top_db reads the file in two passes (its 120,001
        // rows of 40 dB values would take 38 MB, past the eighth of the heap that rows may keep)
        tool("sox", "-V1", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", wav.toString(), "synth", "1200",
                "sine", "440");
        String mfccTopDb = "{\"feature\": \"mfcc\", \"sr\": 16000, \"n_fft\": 512, \"hop_length\": 160, "
                + "\"n_mels\": 40, \"n_mfcc\": 13}";
        for (String json : new String[] {MEL_16K, mfccTopDb}) {
            int bins = json.equals(MEL_16K) ? 40 : 13;
            Path out = dir.resolve("long-" + bins + ".npy");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx48m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "features", "--spec", json, "--out", out.toString(), wav.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            long frames = 1200L * 16000 / 160 + 1;
            assertThat(output).contains(frames + " frames x " + bins + " bins");
            assertThat(Files.size(out)).isEqualTo(128 + frames * bins * 4);
        }
    }

    private static float[] readNpy(Path npy, int frames, int bins) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(npy)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getShort(8);
        String header = new String(b.array(), 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).contains("'shape': (" + frames + ", " + bins + ")").endsWith("\n");
        assertThat((10 + headerLength) % 64).isZero();
        b.position(10 + headerLength);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static void tool(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
    }
}
