package dev.audioml.features.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.features.image.Colormap;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workshop's {@code GenerateSpectrums} on a 44.1 kHz file, against the real librosa 0.11 (goldens from
 * {@code tools/golden/make_workshop_load_goldens.py}): librosa.load to 22050 Hz, librosa.resample to the shipped
 * 22500 Hz, log-mel, min-max, gist_earth. The bar: tiles equal to the notebook's on at least 99.9 % of pixels.
 */
class WorkshopLoadGoldenTest {
    /** Least share of tile pixels with exactly the notebook's colour. */
    static final double MIN_EQUAL_PIXELS = 0.999;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WorkshopLoadGoldenTest.class.getResourceAsStream("/golden/workshop_load/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void tilesOfA44kFileEqualTheNotebooksOnAlmostEveryPixel() throws IOException {
        ByteBuffer pcm = ByteBuffer.wrap(resource("pcm16.raw")).order(ByteOrder.LITTLE_ENDIAN);
        float[] clip = new float[pcm.remaining() / 2];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = pcm.getShort() / 32768f; // what soundfile / librosa.load give for 16-bit PCM
        }
        byte[] index = resource("index.u8");
        WorkshopSettings s = WorkshopSettings.shipped();
        int frames = index.length / s.melBands();
        List<BufferedImage> tiles = new WorkshopImages(s).tiles(clip, 44_100);
        assertThat(tiles).hasSize(frames / s.resolution());
        long equal = 0;
        long total = 0;
        int worstIndexStep = 0;
        for (int t = 0; t < tiles.size(); t++) {
            BufferedImage tile = tiles.get(t);
            for (int b = 0; b < s.melBands(); b++) {
                for (int x = 0; x < s.resolution(); x++) {
                    int idx = index[b * frames + t * s.resolution() + x] & 0xff;
                    int want = Colormap.GIST_EARTH.rgb((idx + 0.5f) / Colormap.ENTRIES) & 0xffffff;
                    int got = tile.getRGB(x, b) & 0xffffff;
                    total++;
                    if (got == want) {
                        equal++;
                    } else {
                        for (int d = 1; d < 256; d++) {
                            if (colour(idx - d) == got || colour(idx + d) == got) {
                                worstIndexStep = Math.max(worstIndexStep, d);
                                break;
                            }
                        }
                    }
                }
            }
        }
        double share = (double) equal / total;
        System.out.printf("workshop tiles of a 44.1 kHz file: %d of %d pixels equal the notebook's (%.4f %%), "
                + "others off by at most %d colormap entries%n", equal, total, 100 * share, worstIndexStep);
        assertThat(share).isGreaterThanOrEqualTo(MIN_EQUAL_PIXELS);
    }

    private static int colour(int idx) {
        int i = Math.max(0, Math.min(Colormap.ENTRIES - 1, idx));
        return Colormap.GIST_EARTH.rgb((i + 0.5f) / Colormap.ENTRIES) & 0xffffff;
    }
}
