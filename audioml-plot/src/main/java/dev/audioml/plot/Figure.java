package dev.audioml.plot;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.text.TextUtils;

/**
 * One finished figure: a JFreeChart drawing of a fixed size that can be written as PNG (raster) or SVG (vector, text
 * kept as {@code <text>} elements so titles and tick labels stay selectable and searchable).
 *
 * <p>Not thread-safe: write a figure from one thread. A figure owns no native resource.
 *
 * @since 0.1
 */
public final class Figure {
    static {
        // figures are written by servers and CI machines without a display
        System.setProperty("java.awt.headless", "true");
        // draw rotated labels (the y axis' "Hz") with drawString under a rotation, not as glyph outlines, so that
        // SVG output keeps them as <text>; the workaround this turns off was for JDK 1.4-era rendering bugs
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    private final JFreeChart chart;
    private final int widthPx;
    private final int heightPx;

    Figure(JFreeChart chart, int widthPx, int heightPx) {
        if (widthPx < 1 || heightPx < 1) {
            throw new IllegalArgumentException("figure size must be at least 1 x 1 px, got " + widthPx + " x "
                    + heightPx);
        }
        this.chart = chart;
        this.widthPx = widthPx;
        this.heightPx = heightPx;
    }

    /** @return width in pixels (PNG) or SVG user units */
    public int widthPx() {
        return widthPx;
    }

    /** @return height in pixels (PNG) or SVG user units */
    public int heightPx() {
        return heightPx;
    }

    /** @return the chart, for callers that want to restyle it before writing (experimental) */
    public JFreeChart chart() {
        return chart;
    }

    /** @return the figure drawn into a new RGB image of {@link #widthPx()} x {@link #heightPx()} */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            chart.draw(g, new Rectangle2D.Double(0, 0, widthPx, heightPx));
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Writes the figure; the format follows the file's extension: {@code .svg} writes SVG, anything else PNG.
     *
     * @param file the output file; its parent folder is created
     * @return {@code file}
     * @throws IOException if the file cannot be written
     */
    public Path write(Path file) throws IOException {
        if (isSvg(file)) {
            writeSvg(file);
        } else {
            writePng(file);
        }
        return file;
    }

    /**
     * Writes a PNG of {@link #widthPx()} x {@link #heightPx()} pixels.
     *
     * @param file the output file; its parent folder is created
     * @throws IOException if the file cannot be written
     */
    public void writePng(Path file) throws IOException {
        createParent(file);
        if (!ImageIO.write(toImage(), "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM for " + file);
        }
    }

    /**
     * Writes an SVG document of {@link #widthPx()} x {@link #heightPx()} user units.
     *
     * @param file the output file; its parent folder is created
     * @throws IOException if the file cannot be written
     */
    public void writeSvg(Path file) throws IOException {
        createParent(file);
        VectorGraphics2D g = new VectorGraphics2D();
        chart.draw(g, new Rectangle2D.Double(0, 0, widthPx, heightPx));
        try (OutputStream out = Files.newOutputStream(file)) {
            new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, widthPx, heightPx)).writeTo(out);
        }
    }

    /** @return whether {@code file} names an SVG file (by extension, case-insensitive) */
    public static boolean isSvg(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".svg");
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
