package dev.audioml.plot;

import dev.audioml.plot.internal.Charts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A detection-error-tradeoff figure for stream calibration: false-reject rate (0..1) against false accepts per
 * hour, one line per setting family (e.g. per patience), the target rate as a dashed line and the chosen point
 * ringed. Not thread-safe (builder).
 *
 * @since 0.1
 */
public final class DetFigure {
    private final List<XYSeries> series = new ArrayList<>();
    private String title = "";
    private double targetFaPerHour = Double.NaN;
    private double chosenFa = Double.NaN;
    private double chosenFrr = Double.NaN;
    private String chosenLabel = "";

    /** @return an empty DET figure builder */
    public static DetFigure builder() {
        return new DetFigure();
    }

    private DetFigure() {
    }

    /**
     * @param text the title line
     * @return this
     */
    public DetFigure title(String text) {
        this.title = text;
        return this;
    }

    /**
     * Adds one operating curve.
     *
     * @param name legend entry, e.g. "patience 2"
     * @param faPerHour false accepts per hour of each point
     * @param frr false-reject rate of each point, in [0, 1]
     * @return this
     */
    public DetFigure curve(String name, double[] faPerHour, double[] frr) {
        if (faPerHour.length != frr.length) {
            throw new IllegalArgumentException(name + ": " + faPerHour.length + " rates but " + frr.length + " FRRs");
        }
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < frr.length; i++) {
            s.add(faPerHour[i], frr[i]);
        }
        series.add(s);
        return this;
    }

    /**
     * @param faPerHour the largest acceptable false-accept rate per hour (a dashed vertical line)
     * @return this
     */
    public DetFigure target(double faPerHour) {
        this.targetFaPerHour = faPerHour;
        return this;
    }

    /**
     * @param faPerHour the chosen setting's false accepts per hour
     * @param frr its false-reject rate
     * @param label what was chosen, e.g. "threshold 0.62, patience 2"
     * @return this
     */
    public DetFigure chosen(double faPerHour, double frr, String label) {
        this.chosenFa = faPerHour;
        this.chosenFrr = frr;
        this.chosenLabel = label;
        return this;
    }

    /** @return the figure */
    public Figure build() {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach(data::addSeries);
        NumberAxis fa = new NumberAxis("false accepts per hour");
        fa.setAutoRangeIncludesZero(false);
        fa.setAutoRangeStickyZero(false);
        fa.setLowerMargin(0.03); // a point at 0 per hour (and its ring) stays clear of the axis
        NumberAxis frr = new NumberAxis("false-reject rate");
        frr.setRange(0, 1.02);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, Charts.LINES[i % Charts.LINES.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        XYPlot plot = new XYPlot(data, fa, frr, renderer);
        Charts.stylePlot(plot);
        if (Double.isFinite(targetFaPerHour)) {
            ValueMarker target = new ValueMarker(targetFaPerHour, Color.GRAY, new BasicStroke(1f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
            target.setLabel(String.format(Locale.ROOT, "target %.2f/h", targetFaPerHour));
            target.setLabelFont(Charts.FONT);
            target.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            target.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
            target.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(target);
        }
        if (Double.isFinite(chosenFa)) {
            // a ring of 14 px whatever the axis ranges: drawn in data units after the ranges are known
            double maxFa = Math.max(1e-9, data.getDomainUpperBound(false));
            double w = maxFa * 0.03;
            plot.addAnnotation(new XYShapeAnnotation(new Ellipse2D.Double(chosenFa - w / 2, chosenFrr - 0.025, w,
                    0.05), new BasicStroke(2f), Color.BLACK));
        }
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, plot, true);
        Charts.style(chart, title);
        if (Double.isFinite(chosenFa)) {
            // under the title, not in the plot: near FA = 0 a label there runs over the curves and the axis
            chart.addSubtitle(new org.jfree.chart.title.TextTitle(String.format(Locale.ROOT,
                    "chosen (ringed): %s, %.2f false accepts per hour, false-reject rate %.2f", chosenLabel, chosenFa,
                    chosenFrr), Charts.FONT));
        }
        return new Figure(chart, 680, 460);
    }
}
