package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.capture.file.WavWriter;
import dev.audioml.features.workshop.WorkshopImages;
import dev.audioml.features.workshop.WorkshopSettings;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audioml spectrogram --workshop-settings}: the notebook "Generating Spectrums" on class folders. */
class WorkshopSpectrumsTest {
    static final String SHIPPED_CSV = "RESOLUTION,SAMPLE_RATE,N_FFT,N_MELS,HOP_LENGTH,FMIN,FMAX,POWER\n"
            + "224,22500,1024,224,128,10,22050,2\n";
    static final int FILE_RATE_HZ = 22_050;

    @TempDir
    Path dir;
    Path data;
    Path csv;

    @BeforeEach
    void makeData() throws Exception {
        data = dir.resolve("AudioData");
        for (int i = 0; i < 5; i++) {
            sweep(data.resolve("dog").resolve("bark" + i + ".wav"), 300 + 100 * i);
        }
        for (int i = 0; i < 3; i++) {
            sweep(data.resolve("cat").resolve("meow" + i + ".wav"), 2000 + 300 * i);
        }
        Files.writeString(data.resolve("cat").resolve("notes.txt"), "not audio");
        csv = dir.resolve("SpectrumVariables.csv");
        Files.writeString(csv, SHIPPED_CSV);
    }

    @Test
    void splitsEachClassEightyTwentyAndNamesTilesAsTheNotebook() throws Exception {
        Path out = dir.resolve("GeneratedData");
        FeatureCommandsTest.Result r = run(out, "7");
        assertThat(r.code()).as(r.err()).isZero();
        // 2.8 s at 22500 Hz = 63000 samples -> 493 columns -> two 224-column tiles per file
        assertThat(pngs(out.resolve("dog/train"))).hasSize(2 * 4); // floor(0.8 * 5) = 4 files
        assertThat(pngs(out.resolve("dog/test"))).hasSize(2);
        assertThat(pngs(out.resolve("cat/train"))).hasSize(2 * 2); // floor(0.8 * 3) = 2 files
        assertThat(pngs(out.resolve("cat/test"))).hasSize(2);
        assertThat(r.out()).contains("class dog: 4 train, 1 test files", "16 tiles of 224 x 224 px");
        Path tile = pngs(out.resolve("cat/test")).get(0);
        assertThat(tile.getFileName().toString()).matches("meow[0-2]-0\\.png");

        // the tile is the library's tile of that file, pixel for pixel
        String source = tile.getFileName().toString().replace("-0.png", ".wav");
        FeatureInputs.Clip clip = FeatureInputs.decode(data.resolve("cat").resolve(source));
        BufferedImage expected = new WorkshopImages(WorkshopSettings.readCsv(csv)).tiles(clip.samples(),
                clip.rateHz()).get(0);
        BufferedImage written = ImageIO.read(tile.toFile());
        for (int y = 0; y < 224; y += 7) {
            for (int x = 0; x < 224; x += 5) {
                assertThat(written.getRGB(x, y)).isEqualTo(expected.getRGB(x, y));
            }
        }

        // the same seed gives the same split
        Path again = dir.resolve("again");
        assertThat(run(again, "7").code()).isZero();
        assertThat(names(again.resolve("dog/test"))).isEqualTo(names(out.resolve("dog/test")));
    }

    @Test
    void tileNamesFollowTheNotebooksReplacements() {
        assertThat(WorkshopSpectrums.tileStem("dog.wav")).isEqualTo("dog-");
        assertThat(WorkshopSpectrums.tileStem("take.flac")).isEqualTo("take-");
        assertThat(WorkshopSpectrums.tileStem("a.aiff")).isEqualTo("a-f"); // ".aif" replaced inside ".aiff"
    }

    @Test
    void usageErrors() throws Exception {
        FeatureCommandsTest.Result r = FeatureCommandsTest.run("spectrogram", "--workshop-settings", csv.toString(),
                data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--workshop-settings needs --tiles OUT");
        r = FeatureCommandsTest.run("spectrogram", "--workshop-settings", dir.resolve("missing.csv").toString(),
                "--tiles", dir.resolve("o").toString(), data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing.csv", "no such file");
        Files.writeString(csv, "RESOLUTION,SAMPLE_RATE\n224,fast\n");
        r = FeatureCommandsTest.run("spectrogram", "--workshop-settings", csv.toString(), "--tiles",
                dir.resolve("o").toString(), data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("column SAMPLE_RATE must be an integer, got \"fast\"");
    }

    private FeatureCommandsTest.Result run(Path out, String seed) {
        return FeatureCommandsTest.run("spectrogram", "--workshop-settings", csv.toString(), "--tiles",
                out.toString(), "--seed", seed, data.toString());
    }

    private static void sweep(Path wav, double startHz) throws Exception {
        Files.createDirectories(wav.getParent());
        float[] s = new float[(int) (FILE_RATE_HZ * 2.8)];
        double phase = 0;
        for (int i = 0; i < s.length; i++) {
            phase += 2 * Math.PI * (startHz + 2000.0 * i / s.length) / FILE_RATE_HZ;
            s[i] = (float) (0.4 * Math.sin(phase));
        }
        try (WavWriter w = WavWriter.create(wav, FILE_RATE_HZ, 1, WavWriter.SampleFormat.PCM_16)) {
            w.write(s, 0, s.length);
        }
    }

    private static List<Path> pngs(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }

    private static List<String> names(Path folder) throws Exception {
        return pngs(folder).stream().map(p -> p.getFileName().toString()).toList();
    }
}
