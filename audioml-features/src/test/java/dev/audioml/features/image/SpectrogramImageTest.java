package dev.audioml.features.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.features.FeatureMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpectrogramImageTest {

    static FeatureMatrix logMel() throws IOException {
        try (InputStream in = SpectrogramImageTest.class.getResourceAsStream("/golden/mel_logmel_max_16k.npy")) {
            byte[] all = in.readAllBytes();
            int header = ByteBuffer.wrap(all, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
            float[] data = new float[(all.length - 10 - header) / 4];
            ByteBuffer.wrap(all, 10 + header, data.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            return new FeatureMatrix(81, 64, data);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"image_viridis.png, viridis, NaN, NaN", "image_gist_earth.png, gist_earth, NaN, NaN",
        "image_magma_fixed.png, magma, -60, -10"})
    void pixelsEqualMatplotlibImsave(String file, String cmap, float vmin, float vmax) throws IOException {
        FeatureMatrix m = logMel();
        Colormap c = Colormap.parse(cmap);
        BufferedImage ours = Float.isNaN(vmin) ? SpectrogramImage.render(m, c) : SpectrogramImage.render(m, c, vmin,
                vmax);
        BufferedImage reference;
        try (InputStream in = getClass().getResourceAsStream("/golden/" + file)) {
            reference = ImageIO.read(in);
        }
        assertThat(ours.getWidth()).isEqualTo(reference.getWidth()).isEqualTo(81);
        assertThat(ours.getHeight()).isEqualTo(reference.getHeight()).isEqualTo(64);
        int mismatches = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 81; x++) {
                if ((ours.getRGB(x, y) & 0xffffff) != (reference.getRGB(x, y) & 0xffffff)) {
                    mismatches++;
                }
            }
        }
        assertThat(mismatches).as("pixels differing from matplotlib's").isZero();
    }

    @Test
    void colormapEndsAreMatplotlibs() {
        assertThat(Colormap.VIRIDIS.rgb(0f)).isEqualTo(0x440154);
        assertThat(Colormap.VIRIDIS.rgb(1f)).isEqualTo(0xfde724); // matplotlib truncates 255 * (0.993248, 0.906157, 0.143936)
        assertThat(Colormap.GRAY.rgb(0.5f)).isEqualTo(0x808080);
        assertThat(Colormap.MAGMA.rgb(-3f)).isEqualTo(Colormap.MAGMA.rgb(0f));
        assertThatThrownBy(() -> Colormap.parse("jet")).hasMessageContaining("got \"jet\"");
    }

    @Test
    void tilesAreSquareLeftToRightAndDropThePartialOne(@TempDir Path dir) throws IOException {
        float[] data = new float[500 * 224];
        for (int f = 0; f < 500; f++) {
            for (int b = 0; b < 224; b++) {
                data[f * 224 + b] = f; // brightness grows with time
            }
        }
        BufferedImage image = SpectrogramImage.render(new FeatureMatrix(500, 224, data), Colormap.GRAY);
        List<BufferedImage> tiles = SpectrogramImage.tiles(image, SpectrogramImage.TILE_PIXELS);
        assertThat(tiles).hasSize(2);
        assertThat(tiles.get(1).getWidth()).isEqualTo(224);
        assertThat(tiles.get(1).getHeight()).isEqualTo(224);
        assertThat(tiles.get(1).getRGB(0, 0)).isEqualTo(image.getRGB(224, 0));
        assertThat(tiles.get(1).getRGB(0, 0) & 0xff).isGreaterThan(tiles.get(0).getRGB(223, 0) & 0xff - 1);
        Path png = dir.resolve("sub/tile.png");
        SpectrogramImage.writePng(tiles.get(0), png);
        assertThat(ImageIO.read(png.toFile()).getRGB(10, 10)).isEqualTo(tiles.get(0).getRGB(10, 10));
    }
}
