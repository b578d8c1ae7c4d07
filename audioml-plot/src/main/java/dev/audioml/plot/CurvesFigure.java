package dev.audioml.plot;

import dev.audioml.plot.internal.Charts;
import java.awt.BasicStroke;
import java.awt.Color;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training curves: loss above, accuracy below, per epoch, for training and validation, with the kept epoch marked.
 * Ticks are round numbers (JFreeChart's 1-2-5 tick units; whole epochs on x).
 *
 * @since 0.1
 */
public final class CurvesFigure {
    private CurvesFigure() {
    }

    /**
     * @param trainLoss loss per epoch (NaN where not measured)
     * @param validationLoss validation loss per epoch (NaN where not measured; may be empty)
     * @param trainAccuracy accuracy per epoch in [0, 1]
     * @param validationAccuracy validation accuracy per epoch (may be empty)
     * @param bestEpoch the epoch (1-based) whose parameters were kept, 0 for none
     * @param title the title line
     * @return the figure
     */
    public static Figure of(double[] trainLoss, double[] validationLoss, double[] trainAccuracy,
            double[] validationAccuracy, int bestEpoch, String title) {
        return of(trainLoss, validationLoss, trainAccuracy, validationAccuracy, bestEpoch, title, "epoch");
    }

    /**
     * As {@link #of(double[], double[], double[], double[], int, String)} with another x label (e.g. "L-BFGS
     * iteration"). A validation series with no finite value is left out, legend entry included.
     *
     * @param xLabel what one step on x is
     * @return the figure
     */
    public static Figure of(double[] trainLoss, double[] validationLoss, double[] trainAccuracy,
            double[] validationAccuracy, int bestEpoch, String title, String xLabel) {
        NumberAxis epoch = new NumberAxis(xLabel);
        epoch.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        epoch.setAutoRangeIncludesZero(false);
        Charts.styleAxis(epoch);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epoch);
        plot.setGap(14);
        plot.add(panel("loss (cross-entropy)", trainLoss, validationLoss, bestEpoch, false), 1);
        plot.add(panel("accuracy", trainAccuracy, validationAccuracy, bestEpoch, true), 1);
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, plot, true);
        Charts.style(chart, title);
        return new Figure(chart, 720, 560);
    }

    private static XYPlot panel(String label, double[] train, double[] validation, int best, boolean unit) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("train", train));
        XYSeries v = series("validation", validation);
        if (v.getItemCount() > 0) {
            data.addSeries(v);
        }
        NumberAxis y = new NumberAxis(label);
        if (unit) {
            y.setRange(0, 1.02);
        } else {
            y.setAutoRangeIncludesZero(true);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, Charts.LINES[0]);
        renderer.setSeriesPaint(1, Charts.LINES[1]);
        renderer.setSeriesStroke(0, new BasicStroke(2.2f));
        renderer.setSeriesStroke(1, new BasicStroke(2.2f));
        // one legend for both panels: the accuracy panel's lines repeat the loss panel's
        renderer.setSeriesVisibleInLegend(0, !unit);
        renderer.setSeriesVisibleInLegend(1, !unit);
        XYPlot plot = new XYPlot(data, null, y, renderer);
        Charts.stylePlot(plot);
        Charts.styleAxis(y);
        if (best > 0) {
            ValueMarker marker = new ValueMarker(best, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
            if (!unit) {
                marker.setLabel("kept: " + best);
                marker.setLabelFont(Charts.FONT);
                marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
                marker.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
                marker.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
            }
            plot.addDomainMarker(marker);
        }
        return plot;
    }

    private static XYSeries series(String name, double[] values) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                s.add(i + 1, values[i]);
            }
        }
        return s;
    }
}
