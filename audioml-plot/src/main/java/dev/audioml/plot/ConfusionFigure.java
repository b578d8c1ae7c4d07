package dev.audioml.plot;

import dev.audioml.plot.internal.Charts;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A confusion matrix as scikit-learn's {@code ConfusionMatrixDisplay} draws it: rows the true class (first at the
 * top), columns the predicted class, the count in every cell, a colour bar. The colour is the row share (recall of
 * the true class, 0..1), so that classes with few clips read as clearly as large ones; the counts are printed.
 *
 * @since 0.1
 */
public final class ConfusionFigure {
    private static final Color LIGHT = new Color(0xf7fbff);
    private static final Color DARK = new Color(0x08306b); // matplotlib "Blues" ends

    private ConfusionFigure() {
    }

    /**
     * @param labels class names, in row and column order
     * @param counts {@code counts[true][predicted]}, square, one row per label
     * @param title the title line
     * @param subtitle a second line (e.g. accuracy), or null
     * @return the figure, sized to the number of classes
     */
    public static Figure of(List<String> labels, int[][] counts, String title, String subtitle) {
        int k = labels.size();
        if (k < 1 || counts.length != k) {
            throw new IllegalArgumentException("need one row of counts per label: " + k + " labels, "
                    + counts.length + " rows");
        }
        double[][] data = new double[3][k * k];
        XYPlot plot = new XYPlot();
        int longest = 0;
        for (String l : labels) {
            longest = Math.max(longest, l.length());
        }
        int cellPx = Math.max(44, Math.min(90, 640 / k));
        Font countFont = new Font(Font.SANS_SERIF, Font.PLAIN, cellPx >= 60 ? 14 : 12);
        for (int r = 0; r < k; r++) {
            if (counts[r].length != k) {
                throw new IllegalArgumentException("confusion row " + r + " has " + counts[r].length + " cells, "
                        + "expected " + k);
            }
            long rowSum = 0;
            for (int c = 0; c < k; c++) {
                rowSum += counts[r][c];
            }
            for (int c = 0; c < k; c++) {
                int i = r * k + c;
                double share = rowSum == 0 ? 0 : (double) counts[r][c] / rowSum;
                data[0][i] = c;
                data[1][i] = r;
                data[2][i] = share;
                XYTextAnnotation text = new XYTextAnnotation(Integer.toString(counts[r][c]), c, r);
                text.setFont(countFont);
                text.setPaint(share > 0.5 ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(text);
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("confusion", data);
        PaintScale scale = Charts.scale(0, 1, t -> Charts.blend(LIGHT, DARK, t));
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        String[] names = labels.toArray(new String[0]);
        SymbolAxis predicted = new SymbolAxis("Predicted label", names);
        SymbolAxis truth = new SymbolAxis("True label", names);
        truth.setInverted(true);
        predicted.setGridBandsVisible(false);
        truth.setGridBandsVisible(false);
        // short labels stay horizontal; long ones are written vertically so they cannot overlap
        predicted.setVerticalTickLabels(longest * 8 > cellPx);
        predicted.setRange(-0.5, k - 0.5);
        truth.setRange(-0.5, k - 0.5);
        plot.setDataset(dataset);
        plot.setDomainAxis(predicted);
        plot.setRangeAxis(truth);
        plot.setRenderer(renderer);
        Charts.stylePlot(plot);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);

        JFreeChart chart = new JFreeChart(null, Charts.TITLE, plot, false);
        Charts.style(chart, title);
        if (subtitle != null && !subtitle.isEmpty()) {
            chart.addSubtitle(new TextTitle(subtitle, Charts.FONT));
        }
        chart.addSubtitle(Charts.colourBar(scale, "share of the true class (recall)",
                new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT))));
        int labelPx = Math.min(220, 12 + 8 * longest);
        int width = Math.max(480, 110 + labelPx + k * cellPx + 110);
        int height = 120 + k * cellPx + (longest * 8 > cellPx ? labelPx : 30);
        return new Figure(chart, width, height);
    }
}
