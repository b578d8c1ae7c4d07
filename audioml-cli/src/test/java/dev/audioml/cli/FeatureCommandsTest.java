package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.capture.file.WavWriter;
import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The features and spectrogram commands through {@link Main#run}. */
class FeatureCommandsTest {
    @TempDir
    Path dir;
    Path wav;
    float[] samples;

    @BeforeEach
    void makeFile() throws Exception {
        wav = dir.resolve("tone.wav");
        samples = new float[16_000 * 3];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
        }
        try (WavWriter w = WavWriter.create(wav, 16_000, 1, WavWriter.SampleFormat.FLOAT_32)) {
            w.write(samples, 0, samples.length);
        }
    }

    @Test
    void featuresWritesNpyEqualToTheLibraryResult() throws Exception {
        Path out = dir.resolve("out/mel.npy");
        // "sr": null keeps the file's 16 kHz (librosa.load(sr=None)); without "sr" librosa.load resamples to 22050 Hz
        String spec = "{\"feature\": \"melspectrogram\", \"sr\": null, \"n_fft\": 512, \"hop_length\": 160, "
                + "\"n_mels\": 64}";
        Result resampled = run("features", "--spec", spec.replace("\"sr\": null, ", ""), "--out",
                dir.resolve("out/mel22k.npy").toString(), wav.toString());
        assertThat(resampled.code).as(resampled.err).isZero();
        assertThat(resampled.out).contains("414 frames x 64 bins");
        Result r = run("features", "--spec", spec, "--out", out.toString(), wav.toString());
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).contains("301 frames x 64 bins");
        byte[] npy = Files.readAllBytes(out);
        String header = new String(npy, 10, ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort(),
                StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f4'", "'shape': (301, 64)");
        assertThat((10 + header.length()) % 64).isZero();
        FeatureMatrix expected = FeaturePipeline.fromSpec(Map.of("feature", "melspectrogram", "sr", 16000,
                "n_fft", 512, "hop_length", 160, "n_mels", 64)).compute(samples);
        float first = ByteBuffer.wrap(npy, 10 + header.length(), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(first).isEqualTo(expected.get(0, 0));
        assertThat(npy.length).isEqualTo(10 + header.length() + 4 * 301 * 64);
    }

    @Test
    void featuresCsvAndSpecFileAndResamplingToTheSpecRate() throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, "{\"feature\": \"mfcc\", \"sr\": 8000, \"n_mfcc\": 13, \"n_fft\": 256, "
                + "\"hop_length\": 80, \"n_mels\": 40}");
        Path out = dir.resolve("mfcc.csv");
        Result r = run("features", "--spec", spec.toString(), "--format", "csv", "--out", out.toString(),
                wav.toString());
        assertThat(r.code).as(r.err).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(301); // 3 s at 8 kHz, hop 80
        assertThat(lines.get(10).split(",")).hasSize(13);
    }

    @Test
    void badSpecIsAUsageErrorNamingKeyAndValue() {
        Result r = run("features", "--spec", "{\"feature\": \"melspectrogram\", \"n_fft\": -4}", "--out",
                dir.resolve("x.npy").toString(), wav.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).contains("n_fft must be in [1, 65536], got -4");
        Result missing = run("features", "--spec", "nope.json", "--out", "x.npy", wav.toString());
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).contains("nope.json");
        Result noFile = run("features", "--spec", "{\"feature\": \"rms\"}", "--out", dir.resolve("y.npy").toString(),
                dir.resolve("absent.wav").toString());
        assertThat(noFile.code).isEqualTo(1);
        assertThat(noFile.err).contains("absent.wav");
    }

    @Test
    void specJsonReadsAsJacksonObjectMapperWouldAndRefusesTextAfterIt() throws Exception {
        Map<String, Object> spec = FeatureInputs.spec("{\"a\": 1, \"b\": 4294967296, \"c\": 99999999999999999999, "
                + "\"d\": 2.5, \"e\": [true, null, \"x\", {}], \"a\": 3}");
        assertThat(spec).containsExactly(Map.entry("a", 3), Map.entry("b", 4294967296L),
                Map.entry("c", new java.math.BigInteger("99999999999999999999")), Map.entry("d", 2.5),
                Map.entry("e", java.util.Arrays.asList(true, null, "x", Map.of())));
        Result trailing = run("features", "--spec", "{\"feature\": \"rms\"} 5", "--out",
                dir.resolve("t.npy").toString(), wav.toString());
        assertThat(trailing.code).isEqualTo(2);
        assertThat(trailing.err).contains("--spec is not valid JSON: unexpected '5' after the value");
        Result cut = run("features", "--spec", "{\"feature\": ", "--out", dir.resolve("t.npy").toString(),
                wav.toString());
        assertThat(cut.code).isEqualTo(2);
        assertThat(cut.err).contains("--spec is not valid JSON: Unexpected end-of-input");
    }

    @Test
    void spectrogramWritesImageAndTiles() throws Exception {
        Path png = dir.resolve("spec.png");
        Path tiles = dir.resolve("tiles");
        Result r = run("spectrogram", wav.toString(), "--raw", "--out", png.toString(), "--colormap", "viridis",
                "--spec",
                "{\"feature\": \"melspectrogram\", \"sr\": null, \"hop_length\": 160, \"n_mels\": 224, "
                        + "\"to_db\": {\"ref\": \"max\"}}",
                "--tiles", tiles.toString());
        assertThat(r.code).as(r.err).isZero();
        var image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(301);
        assertThat(image.getHeight()).isEqualTo(224);
        assertThat(Files.list(tiles).map(p -> p.getFileName().toString())).containsExactly("tone_000.png");
        Result bad = run("spectrogram", wav.toString(), "--out", png.toString(), "--colormap", "jet");
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err).contains("got \"jet\"");
    }

    @Test
    void spectrogramFigureHasAxesColourBarAndADefaultName() throws Exception {
        Result r = run("spectrogram", wav.toString());
        assertThat(r.code).as(r.err).isZero();
        Path png = dir.resolve("tone.png");
        assertThat(r.out).contains(png.toAbsolutePath().toString()).contains("default name");
        var image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(dev.audioml.plot.SpectrogramFigure.DEFAULT_WIDTH_PX);
        Path svg = dir.resolve("fig.svg");
        Result s = run("spectrogram", wav.toString(), "--out", svg.toString(), "--spec",
                "{\"feature\": \"stft\", \"n_fft\": 512, \"to_db\": {\"ref\": \"max\"}}");
        assertThat(s.code).as(s.err).isZero();
        String text = Files.readString(svg);
        assertThat(text).contains(">Time (s)<", ">Hz<", ">+0 dB<", ">-80 dB<", "tone.wav: spectrogram (dB)");
        Result rawSvg = run("spectrogram", wav.toString(), "--raw", "--out", svg.toString());
        assertThat(rawSvg.code).isEqualTo(2);
        assertThat(rawSvg.err).contains("--raw writes PNG only");
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}
