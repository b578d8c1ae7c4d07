package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.image.Colormap;
import dev.audioml.features.image.SpectrogramImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audioml spectrogram} streams its features: the raw image equals the whole-clip one pixel for pixel, a long
 * file's figure is drawn in a small heap from merged columns, and a long file's raw image and tiles are drawn as its
 * frames arrive, in a small heap, with the pixels of the whole-clip image.
 */
class SpectrogramStreamingTest {
    @TempDir
    Path dir;

    @Test
    void rawImageOfTheDefaultTwoPassSpecEqualsTheWholeClipImage() throws Exception {
        Path recording = Path.of(Main.class.getResource(DemoCommand.RECORDING).toURI());
        Path png = dir.resolve("raw.png");
        CliRun r = CliRun.of("spectrogram", recording.toString(), "--raw", "--out", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        FeatureMatrix whole = FeatureInputs.compute(FeatureInputs.spec(SpectrogramCommand.DEFAULT_SPEC), recording);
        BufferedImage expected = SpectrogramImage.render(whole, Colormap.GIST_EARTH);
        BufferedImage actual = ImageIO.read(png.toFile());
        assertThat(actual.getWidth()).isEqualTo(whole.frames());
        for (int x = 0; x < expected.getWidth(); x++) {
            for (int y = 0; y < expected.getHeight(); y++) {
                assertThat(actual.getRGB(x, y)).as("pixel %d, %d", x, y).isEqualTo(expected.getRGB(x, y));
            }
        }
    }

    @Test
    void aLongFilesFigureIsDrawnInASmallHeapFromMergedColumns() throws Exception {
        // 20 minutes at 16 kHz, resampled to librosa's 22050 Hz: the whole-clip path held 77 + 106 MB of samples;
        // past the in-memory budget (2^22 samples), the file is read in two passes
        Path wav = dir.resolve("long.wav");
        run("sox", "-V1", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", wav.toString(), "synth", "1200", "sine",
                "440");
        Path png = dir.resolve("long.png");
        String output = java("-Xmx64m", "spectrogram", wav.toString(), "--out", png.toString());
        // 1 + 1200 * 22050 / 512 frames, more than 8192 columns: the maximum of each 8 frames is drawn
        assertThat(output).contains("51680 frames x 128 bins (the maximum of each 8 frames drawn)");
        assertThat(ImageIO.read(png.toFile()).getWidth())
                .isEqualTo(dev.audioml.plot.SpectrogramFigure.DEFAULT_WIDTH_PX);
    }

    @Test
    void tilesAndTheRawImageOfALongFileStreamInABoundedHeapWithTheInMemoryPixels() throws Exception {
        // 9 minutes at 8 kHz, hop 64: 67,501 frames of 128 bands (8.6 million values), past the 65,536 frames the
        // in-memory image used to hold; drawn in memory, its matrix and image alone would take 69 MB, more than the
        // whole heap given here
        Path wav = dir.resolve("sweep.wav");
        run("sox", "-V1", "-R", "-n", "-r", "8000", "-c", "1", "-b", "16", wav.toString(), "synth", "540", "sine",
                "200-3800");
        String spec = "{\"feature\": \"melspectrogram\", \"sr\": null, \"n_fft\": 1024, \"hop_length\": 64, "
                + "\"n_mels\": 128, \"to_db\": {\"ref\": \"max\"}}";
        Path png = dir.resolve("sweep.png");
        Path tiles = dir.resolve("tiles");
        String output = java("-Xmx64m", "spectrogram", wav.toString(), "--raw", "--out", png.toString(), "--tiles",
                tiles.toString(), "--spec", spec);
        assertThat(output).contains(wav + ": 67501 x 128 px -> " + png, "301 tiles of 224 px -> " + tiles);
        try (var left = java.nio.file.Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".pixels"));
        }

        FeatureMatrix whole = FeatureInputs.compute(FeatureInputs.spec(spec), wav);
        assertThat(whole.frames()).isEqualTo(67501);
        BufferedImage expected = SpectrogramImage.render(whole, Colormap.GIST_EARTH);
        BufferedImage actual = ImageIO.read(png.toFile());
        assertThat(actual.getWidth()).isEqualTo(67501);
        assertThat(actual.getHeight()).isEqualTo(128);
        assertSamePixels(actual, expected, "raw image");
        List<BufferedImage> expectedTiles = SpectrogramImage.tiles(expected, SpectrogramImage.TILE_PIXELS);
        assertThat(expectedTiles).hasSize(301);
        for (int i = 0; i < expectedTiles.size(); i++) {
            assertSamePixels(ImageIO.read(tiles.resolve(String.format("sweep_%03d.png", i)).toFile()),
                    expectedTiles.get(i), "tile " + i);
        }
        assertThat(tiles.resolve("sweep_301.png")).doesNotExist();
    }

    private static void assertSamePixels(BufferedImage actual, BufferedImage expected, String what) {
        assertThat(actual.getWidth()).as(what).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).as(what).isEqualTo(expected.getHeight());
        int w = expected.getWidth();
        int h = expected.getHeight();
        int[] a = actual.getRGB(0, 0, w, h, null, 0, w);
        int[] e = expected.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < a.length; i++) {
            if (a[i] != e[i]) {
                throw new AssertionError(what + ": pixel " + (i % w) + ", " + (i / w) + " is "
                        + Integer.toHexString(a[i]) + ", expected " + Integer.toHexString(e[i]));
            }
        }
    }

    @Test
    void mergingKeepsTheMaximumOfEachGroupOfFrames() throws IOException {
        FrameOverview o = new FrameOverview(2);
        o.start(1);
        o.rows(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10);
        assertThat(o.frames()).isEqualTo(10);
        assertThat(o.framesPerColumn()).isEqualTo(4);
        assertThat(o.matrix().data()).containsExactly(3, 7, 9);
    }

    private String java(String heap, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), heap, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
