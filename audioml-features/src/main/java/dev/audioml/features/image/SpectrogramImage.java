package dev.audioml.features.image;

import dev.audioml.features.FeatureMatrix;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Renders a feature matrix (usually a log-mel spectrogram) as an image the way
 * {@code matplotlib.pyplot.imsave(path, S, cmap=NAME, origin="lower")} does with librosa's {@code [bins, frames]}
 * array: one pixel per value, time on x (left to right), bin 0 (low frequency) at the bottom. Values are scaled to
 * [0, 1] between {@code vmin} and {@code vmax} (min-max of the matrix by default, matplotlib's autoscaling), in float32
 * as matplotlib does, so the pixels are identical.
 *
 * <p>{@link #tiles} slices an image into square tiles along time (the workshop's 224-pixel CNN inputs).
 *
 * <p>Immutable and thread-safe (static methods only).
 *
 * @since 0.1
 */
public final class SpectrogramImage {
    /** The workshop's tile size in pixels (ImageNet CNN input). */
    public static final int TILE_PIXELS = 224;

    private SpectrogramImage() {
    }

    /**
     * Renders with min-max normalisation.
     *
     * @param matrix {@code [frames, bins]} values
     * @param colormap the colormap
     * @return a new RGB image of width {@code frames} and height {@code bins}
     */
    public static BufferedImage render(FeatureMatrix matrix, Colormap colormap) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : matrix.data()) {
            if (!Float.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return render(matrix, colormap, min, max);
    }

    /**
     * Renders with a fixed range (e.g. -80..0 dB for a live display whose colours must not jump).
     *
     * @param matrix {@code [frames, bins]} values
     * @param colormap the colormap
     * @param vmin the value drawn with the first colour
     * @param vmax the value drawn with the last colour, {@code >= vmin}
     * @return a new RGB image of width {@code frames} and height {@code bins}
     */
    public static BufferedImage render(FeatureMatrix matrix, Colormap colormap, float vmin, float vmax) {
        if (matrix.frames() < 1) {
            throw new IllegalArgumentException("cannot render a matrix with 0 frames");
        }
        if (!(vmax >= vmin)) {
            throw new IllegalArgumentException("vmax must be >= vmin, got vmin=" + vmin + ", vmax=" + vmax);
        }
        int width = matrix.frames();
        int height = matrix.bins();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int f = 0; f < width; f++) {
            for (int b = 0; b < height; b++) {
                image.setRGB(f, height - 1 - b, rgb(matrix.get(f, b), colormap, vmin, vmax));
            }
        }
        return image;
    }

    /**
     * The colour {@link #render} gives one value: matplotlib.colors.Normalize in float32 ({@code vmin == vmax} maps
     * everything to the first colour), then the colormap.
     *
     * @param value the value
     * @param colormap the colormap
     * @param vmin the value drawn with the first colour
     * @param vmax the value drawn with the last colour, {@code >= vmin}
     * @return {@code 0xRRGGBB}
     * @since 0.3
     */
    public static int rgb(float value, Colormap colormap, float vmin, float vmax) {
        float range = vmax - vmin;
        return colormap.rgb(range == 0 ? 0f : (value - vmin) / range);
    }

    /**
     * One tile of the image {@link #render} would draw, from the {@code tilePixels} frames it covers alone: equal to
     * the tile {@link #tiles} cuts from the whole image, so a stream of frames can be tiled as it arrives.
     *
     * @param rows {@code tilePixels} frames of {@code bins} values, row-major from {@code offset}; read-only
     * @param offset first value
     * @param bins values per frame, at least 1
     * @param tilePixels tile edge in pixels, at least 1
     * @param colormap the colormap
     * @param vmin the value drawn with the first colour (the whole image's)
     * @param vmax the value drawn with the last colour, {@code >= vmin}
     * @return a new RGB image of {@code tilePixels × tilePixels}
     * @since 0.3
     */
    public static BufferedImage tile(float[] rows, int offset, int bins, int tilePixels, Colormap colormap, float vmin,
            float vmax) {
        if (tilePixels < 1 || bins < 1) {
            throw new IllegalArgumentException("tilePixels and bins must be >= 1, got " + tilePixels + " and " + bins);
        }
        if (!(vmax >= vmin)) {
            throw new IllegalArgumentException("vmax must be >= vmin, got vmin=" + vmin + ", vmax=" + vmax);
        }
        BufferedImage tile = new BufferedImage(tilePixels, tilePixels, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < tilePixels; y++) {
            // the image row tiles() samples (nearest neighbour), and the bin drawn there (bin 0 at the bottom)
            int bin = bins - 1 - (int) ((long) y * bins / tilePixels);
            for (int x = 0; x < tilePixels; x++) {
                tile.setRGB(x, y, rgb(rows[offset + x * bins + bin], colormap, vmin, vmax));
            }
        }
        return tile;
    }

    /**
     * Slices an image into square tiles along x, left to right; a last partial tile is dropped. Rows are resampled
     * to the tile size by nearest neighbour when the image height differs (use {@code n_mels = 224} to avoid it).
     *
     * @param image the spectrogram image
     * @param tilePixels tile edge in pixels, at least 1
     * @return the tiles (possibly none when the image is narrower than one tile)
     */
    public static List<BufferedImage> tiles(BufferedImage image, int tilePixels) {
        if (tilePixels < 1) {
            throw new IllegalArgumentException("tilePixels must be >= 1, got " + tilePixels);
        }
        List<BufferedImage> out = new ArrayList<>();
        int height = image.getHeight();
        for (int x0 = 0; x0 + tilePixels <= image.getWidth(); x0 += tilePixels) {
            BufferedImage tile = new BufferedImage(tilePixels, tilePixels, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < tilePixels; y++) {
                int sy = (int) ((long) y * height / tilePixels);
                for (int x = 0; x < tilePixels; x++) {
                    tile.setRGB(x, y, image.getRGB(x0 + x, sy));
                }
            }
            out.add(tile);
        }
        return out;
    }

    /**
     * Writes a PNG.
     *
     * @param image the image
     * @param path destination file (parent folders are created)
     * @throws IOException if writing fails
     */
    public static void writePng(BufferedImage image, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", path.toFile())) {
            throw new IOException("no PNG writer available for " + path);
        }
    }
}
