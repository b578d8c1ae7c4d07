package dev.audioml.features.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.AudioBlock;
import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.FeatureExtractors;
import dev.audioml.core.FeatureFrame;
import dev.audioml.features.image.Colormap;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workshop pipeline against tools/golden/make_workshop_goldens.py (the real librosa 0.11 + matplotlib). */
class WorkshopImagesTest {
    /**
     * A pixel may take the neighbouring gist_earth entry (float rounding of a value on an entry boundary; neighbouring
     * entries differ by up to 2 per channel).
     */
    static final int COLORMAP_INDEX_TOLERANCE = 1;
    /** At most this share of pixels may sit on a neighbouring entry. */
    static final double NEIGHBOUR_SHARE_TOLERANCE = 1e-3;
    private static final String GOLDEN = "/golden/workshop/";

    @TempDir
    Path tmp;

    @Test
    void fileTilesMatchThePythonPipeline() throws Exception {
        WorkshopImages images = new WorkshopImages(settings("w22050"));
        List<BufferedImage> tiles = images.tiles(wav("w22050.wav"), 22_050);
        assertThat(tiles).hasSize(2); // 466 columns: two 224-column tiles, the remainder dropped
        for (int i = 0; i < tiles.size(); i++) {
            assertWithinOne(tiles.get(i), png("w22050-" + i + ".png"));
        }
    }

    @Test
    void fmaxAboveNyquistLeavesTheTopBandsEmptyAsInThePythonPipeline() throws Exception {
        WorkshopSettings s = settings("w16000");
        assertThat(s.fMaxHz()).isGreaterThan(s.sampleRateHz() / 2);
        BufferedImage image = new WorkshopImages(s).image(wav("w16000.wav"));
        BufferedImage golden = png("w16000-0.png");
        assertWithinOne(image.getSubimage(0, 0, s.resolution(), s.melBands()), golden);
        // the top mel band (last row) has no energy anywhere: one colour across the whole row
        int last = image.getRGB(0, s.melBands() - 1);
        for (int x = 0; x < image.getWidth(); x++) {
            assertThat(image.getRGB(x, s.melBands() - 1)).isEqualTo(last);
        }
    }

    @Test
    void liveExtractorClassifiesTheLastColumnsOfTheRingBuffer() throws Exception {
        for (String name : new String[] {"w22050", "w16000"}) {
            WorkshopSettings s = settings(name);
            int ring = WorkshopSettings.WORKSHOP_RING_SAMPLES;
            FeatureExtractor e = FeatureExtractors.fromSpec(s.toSpec());
            assertThat(e).isInstanceOf(WorkshopImageExtractor.class);
            assertThat(e.sampleRateHz()).isEqualTo(s.sampleRateHz());
            assertThat(e.outputShape(ring)).containsExactly(3, 224, 224);
            FeatureFrame out = new FeatureFrame(e.outputShape(ring));
            e.extract(AudioBlock.of(Arrays.copyOf(wav(name + ".wav"), ring), s.sampleRateHz(), 0), out);
            BufferedImage pixels = fromTensor(out.data(), 224, 224);
            assertThat(WorkshopImages.tensor(pixels)).containsExactly(out.data()); // every value is a pixel value
            assertWithinOne(pixels, png(name + "-live.png"));
        }
    }

    @Test
    void edgeCases() throws Exception {
        WorkshopSettings s = settings("w22050");
        WorkshopImages images = new WorkshopImages(s);
        assertThat(images.tiles(new float[22_050], 22_050)).isEmpty(); // 173 columns: shorter than one tile
        assertThatThrownBy(() -> images.tiles(new float[0], 22_050)).isInstanceOf(IllegalArgumentException.class);
        // silence: min-max divides 0 by 0 (NaN), which matplotlib draws with the "bad" colour, black
        BufferedImage silent = images.tiles(new float[22_050 * 2], 22_050).get(0);
        assertThat(silent.getRGB(10, 10) & 0xFFFFFF).isZero();
        WorkshopImageExtractor e = new WorkshopImageExtractor(s);
        FeatureFrame out = new FeatureFrame(e.outputShape(44_100));
        assertThatThrownBy(() -> e.extract(AudioBlock.of(new float[44_100], 16_000, 0), out))
                .hasMessageContaining("22050 Hz");
        assertThatThrownBy(() -> e.extract(AudioBlock.of(new float[1000], 22_050, 0), out))
                .hasMessageContaining("fewer than RESOLUTION 224");
    }

    @Test
    void tensorIsToTensorThenNormalize() {
        BufferedImage pixel = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        pixel.setRGB(0, 0, 0xFF0080);
        pixel.setRGB(1, 0, 0x00FF00);
        float[] t = WorkshopImages.tensor(pixel);
        // [3, 1, 2] channel-major: R plane, G plane, B plane
        assertThat(t).containsExactly(1f, -1f, -1f, 1f, (128 / 255f - 0.5f) / 0.5f, -1f);
    }

    @Test
    void readsTheShippedCsvWithItsQuirks() throws IOException {
        Path csv = tmp.resolve("SpectrumVariables.csv");
        Files.writeString(csv, "RESOLUTION,SAMPLE_RATE,N_FFT,N_MELS,HOP_LENGTH,FMIN,FMAX,POWER\n"
                + "224,22500,1024,224,128,10,22050,2\n");
        WorkshopSettings s = WorkshopSettings.readCsv(csv);
        assertThat(s).isEqualTo(new WorkshopSettings(224, 22_500, 1024, 224, 128, 10, 22_050, 2, "reflect", 44_100));
        assertThat(WorkshopSettings.fromSpec(s.toSpec())).isEqualTo(s);
        WorkshopImageExtractor e = new WorkshopImageExtractor(s);
        assertThat(e.outputShape(44_100)).containsExactly(3, 224, 224);
        assertThatThrownBy(() -> e.outputShape(22_500))
                .hasMessageContaining("176 columns, fewer than RESOLUTION 224");
    }

    @Test
    void badSettingsNameTheFileColumnAndValue() throws IOException {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "RESOLUTION,SAMPLE_RATE\n224,22k\n");
        assertThatThrownBy(() -> WorkshopSettings.readCsv(csv))
                .hasMessage(csv + ": column SAMPLE_RATE must be an integer, got \"22k\"");
        Files.writeString(csv, "RESOLUTION,SAMPLE_RATE,N_FFT,N_MELS,HOP_LENGTH,FMIN,FMAX\n"
                + "224,22500,1024,224,128,10,22050\n");
        assertThatThrownBy(() -> WorkshopSettings.readCsv(csv)).hasMessageContaining("POWER");
        Map<String, Object> spec = new HashMap<>(settings("w22050").toSpec());
        spec.put("pad_mode", "edge");
        assertThatThrownBy(() -> WorkshopSettings.fromSpec(spec)).hasMessageContaining("pad_mode");
    }

    private static WorkshopSettings settings(String name) throws IOException {
        Path dir = Files.createTempDirectory("workshop");
        Path csv = dir.resolve(name + ".csv");
        try (InputStream in = WorkshopImagesTest.class.getResourceAsStream(GOLDEN + name + ".csv")) {
            Files.copy(in, csv);
        }
        return WorkshopSettings.readCsv(csv);
    }

    static float[] wav(String name) throws IOException, UnsupportedAudioFileException {
        try (InputStream raw = WorkshopImagesTest.class.getResourceAsStream(GOLDEN + name);
                AudioInputStream in = AudioSystem.getAudioInputStream(new java.io.BufferedInputStream(raw))) {
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.capacity() / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getShort() / 32768f;
            }
            return out;
        }
    }

    private static BufferedImage png(String name) throws IOException {
        try (InputStream in = WorkshopImagesTest.class.getResourceAsStream(GOLDEN + name)) {
            return ImageIO.read(in);
        }
    }

    private static void assertWithinOne(BufferedImage actual, BufferedImage golden) {
        assertThat(actual.getWidth()).isEqualTo(golden.getWidth());
        assertThat(actual.getHeight()).isEqualTo(golden.getHeight());
        int worst = 0;
        int differing = 0;
        for (int y = 0; y < golden.getHeight(); y++) {
            for (int x = 0; x < golden.getWidth(); x++) {
                int a = actual.getRGB(x, y) & 0xFFFFFF;
                int g = golden.getRGB(x, y) & 0xFFFFFF;
                if (a != g) {
                    differing++;
                    worst = Math.max(worst, indexDistance(a, g));
                }
            }
        }
        assertThat(worst).as("colormap index distance (%d pixels differ)", differing)
                .isLessThanOrEqualTo(COLORMAP_INDEX_TOLERANCE);
        assertThat(differing).isLessThanOrEqualTo((int) (NEIGHBOUR_SHARE_TOLERANCE * golden.getWidth()
                * golden.getHeight()));
    }

    /** Inverts Normalize(0.5, 0.5) and ToTensor: {@code round((t * 0.5 + 0.5) * 255)}. */
    private static BufferedImage fromTensor(float[] t, int height, int width) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    float v = t[c * plane + y * width + x];
                    assertThat(v).isBetween(-1f, 1f);
                    rgb = rgb << 8 | Math.round((v * 0.5f + 0.5f) * 255f);
                }
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private static int indexDistance(int a, int b) {
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < Colormap.ENTRIES; i++) {
            for (int j = 0; j < Colormap.ENTRIES; j++) {
                if (entry(i) == a && entry(j) == b) {
                    best = Math.min(best, Math.abs(i - j));
                }
            }
        }
        return best;
    }

    private static int entry(int index) {
        return Colormap.GIST_EARTH.rgb((index + 0.5f) / Colormap.ENTRIES);
    }
}
