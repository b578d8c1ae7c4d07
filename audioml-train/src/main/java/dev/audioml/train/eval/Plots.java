package dev.audioml.train.eval;

import dev.audioml.train.head.Epoch;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws the training plots as PNG files with Java2D (headless): the confusion matrix and the loss/accuracy curves.
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class Plots {
    private static final Color TRAIN = new Color(0x1f, 0x77, 0xb4);
    private static final Color VALIDATION = new Color(0xff, 0x7f, 0x0e);
    private static final Color GRID = new Color(0xe0, 0xe0, 0xe0);
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private Plots() {
    }

    /**
     * Draws the confusion matrix: rows true class, columns predicted, cell colour the row share (recall), cell text
     * the count.
     *
     * @param metrics the metrics
     * @param title a title line
     * @param png output file
     * @throws IOException if the file cannot be written
     */
    public static void confusion(Metrics metrics, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> labels = metrics.classes();
        int k = labels.size();
        int cell = Math.max(36, Math.min(80, 640 / k));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        pg.setFont(FONT);
        int labelW = labels.stream().mapToInt(l -> pg.getFontMetrics().stringWidth(l)).max().orElse(40) + 16;
        pg.setFont(TITLE);
        int titleW = pg.getFontMetrics().stringWidth(title) + 24;
        pg.dispose();
        int left = labelW + 24;
        int top = 60;
        int width = Math.max(left + k * cell + 30, titleW);
        int height = top + k * cell + labelW + 40;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        g.setFont(TITLE);
        g.drawString(title, 12, 22);
        g.setFont(FONT);
        g.drawString(String.format("accuracy %.3f   balanced accuracy %.3f", metrics.accuracy(),
                metrics.balancedAccuracy()), 12, 42);
        int[][] cm = metrics.confusion();
        FontMetrics fm = g.getFontMetrics();
        for (int r = 0; r < k; r++) {
            int rowSum = 0;
            for (int c = 0; c < k; c++) {
                rowSum += cm[r][c];
            }
            for (int c = 0; c < k; c++) {
                double share = rowSum == 0 ? 0 : (double) cm[r][c] / rowSum;
                Color fill = blend(Color.WHITE, new Color(0x08, 0x30, 0x6b), share);
                int x = left + c * cell;
                int y = top + r * cell;
                g.setColor(fill);
                g.fillRect(x, y, cell, cell);
                g.setColor(GRID);
                g.drawRect(x, y, cell, cell);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                String s = Integer.toString(cm[r][c]);
                g.drawString(s, x + (cell - fm.stringWidth(s)) / 2, y + (cell + fm.getAscent()) / 2 - 2);
            }
            g.setColor(Color.BLACK);
            String l = labels.get(r);
            g.drawString(l, left - 8 - fm.stringWidth(l), top + r * cell + (cell + fm.getAscent()) / 2 - 2);
        }
        for (int c = 0; c < k; c++) {
            Graphics2D rg = (Graphics2D) g.create();
            rg.translate(left + c * cell + cell / 2 + fm.getAscent() / 2 - 2, top + k * cell + 8);
            rg.rotate(Math.PI / 2);
            rg.drawString(labels.get(c), 0, 0);
            rg.dispose();
        }
        g.drawString("predicted \u2192", left, height - 10);
        Graphics2D tg = (Graphics2D) g.create();
        tg.translate(14, top + k * cell);
        tg.rotate(-Math.PI / 2);
        tg.drawString("true \u2192", 0, 0);
        tg.dispose();
        g.dispose();
        write(img, png);
    }

    /**
     * Draws two panels: cross-entropy loss and accuracy per epoch, for the training and validation windows.
     *
     * @param history one entry per epoch
     * @param bestEpoch the epoch whose parameters were kept (marked with a dashed line), 0 for none
     * @param png output file
     * @throws IOException if the file cannot be written
     */
    public static void curves(List<Epoch> history, int bestEpoch, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int panelW = 420;
        int panelH = 300;
        BufferedImage img = new BufferedImage(2 * panelW + 40, panelH + 70, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        panel(g, history, bestEpoch, 10, 10, panelW, panelH, "loss (cross-entropy)", Epoch::trainLoss,
                Epoch::validationLoss, false);
        panel(g, history, bestEpoch, panelW + 30, 10, panelW, panelH, "accuracy (windows)", Epoch::trainAccuracy,
                Epoch::validationAccuracy, true);
        int ly = panelH + 50;
        g.setStroke(new BasicStroke(2.5f));
        g.setColor(TRAIN);
        g.drawLine(20, ly, 50, ly);
        g.setColor(Color.BLACK);
        g.drawString("train", 56, ly + 5);
        g.setColor(VALIDATION);
        g.drawLine(120, ly, 150, ly);
        g.setColor(Color.BLACK);
        g.drawString("validation", 156, ly + 5);
        if (bestEpoch > 0) {
            g.drawString("dashed: best epoch " + bestEpoch + " (kept)", 260, ly + 5);
        }
        g.dispose();
        write(img, png);
    }

    private static void panel(Graphics2D g, List<Epoch> h, int best, int x0, int y0, int w, int hgt, String title,
            ToDoubleFunction<Epoch> train, ToDoubleFunction<Epoch> val, boolean unit) {
        int left = x0 + 50;
        int top = y0 + 30;
        int right = x0 + w - 10;
        int bottom = y0 + hgt - 30;
        double max = unit ? 1.0 : 0;
        double min = 0;
        if (!unit) {
            for (Epoch e : h) {
                max = Math.max(max, finite(train.applyAsDouble(e)));
                max = Math.max(max, finite(val.applyAsDouble(e)));
            }
            max = max <= 0 ? 1 : max * 1.05;
        }
        int n = Math.max(2, h.size());
        g.setFont(TITLE);
        g.setColor(Color.BLACK);
        g.drawString(title, left, y0 + 18);
        g.setFont(FONT);
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t <= 4; t++) {
            double v = min + (max - min) * t / 4;
            int y = bottom - (int) Math.round((bottom - top) * (v - min) / (max - min));
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String s = String.format(unit ? "%.2f" : "%.3g", v);
            g.drawString(s, left - 6 - fm.stringWidth(s), y + 4);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        g.drawString("1", left - 3, bottom + 16);
        String last = Integer.toString(h.size());
        g.drawString(last, right - fm.stringWidth(last), bottom + 16);
        g.drawString("epoch", (left + right) / 2 - 16, bottom + 16);
        if (best > 0) {
            int bx = left + (int) Math.round((right - left) * (best - 1) / (double) (n - 1));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f},
                    0f));
            g.setColor(Color.GRAY);
            g.drawLine(bx, top, bx, bottom);
        }
        line(g, h, train, TRAIN, left, right, top, bottom, n, min, max);
        line(g, h, val, VALIDATION, left, right, top, bottom, n, min, max);
    }

    private static void line(Graphics2D g, List<Epoch> h, ToDoubleFunction<Epoch> f, Color color, int left, int right,
            int top, int bottom, int n, double min, double max) {
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < h.size(); i++) {
            double v = f.applyAsDouble(h.get(i));
            if (!Double.isFinite(v)) {
                continue;
            }
            double x = left + (right - left) * i / (double) (n - 1);
            double y = bottom - (bottom - top) * (Math.min(v, max) - min) / (max - min);
            if (started) {
                path.lineTo(x, y);
            } else {
                path.moveTo(x, y);
                started = true;
            }
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static void write(BufferedImage img, Path png) throws IOException {
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("no PNG writer in this JVM for " + png);
        }
    }
}
