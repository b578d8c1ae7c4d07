package dev.audioml.plot.internal;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.text.NumberFormat;
import java.util.function.DoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/** Styling the figures share (matplotlib-like: white, thin black frame, no shadows). Not API. */
public final class Charts {
    /** Tick and axis label font. */
    public static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** Title font. */
    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    /** matplotlib's first two colours (tab:blue, tab:orange) and more for several lines. */
    public static final Color[] LINES = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private Charts() {
    }

    /** Applies the shared look to a chart with one XY plot and sets its title. */
    public static JFreeChart style(JFreeChart chart, String title) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (title != null && !title.isEmpty()) {
            TextTitle t = new TextTitle(title, TITLE);
            chart.setTitle(t);
        }
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(FONT);
            chart.getLegend().setFrame(BlockBorder.NONE);
        }
        return chart;
    }

    /** Plot background white, light grid, black axes. */
    public static void stylePlot(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlinePaint(Color.BLACK);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        styleAxis(plot.getDomainAxis());
        styleAxis(plot.getRangeAxis());
    }

    /** Fonts and colours of one axis. */
    public static void styleAxis(org.jfree.chart.axis.ValueAxis axis) {
        if (axis == null) {
            return;
        }
        axis.setLabelFont(FONT);
        axis.setTickLabelFont(FONT);
        axis.setLabelPaint(Color.BLACK);
        axis.setTickLabelPaint(Color.BLACK);
        axis.setAxisLinePaint(Color.BLACK);
        axis.setTickMarkPaint(Color.BLACK);
    }

    /**
     * A continuous colour scale over [lower, upper].
     *
     * @param lower the value drawn with the first colour
     * @param upper the value drawn with the last colour (may equal lower)
     * @param colour maps a value in [0, 1] to a colour
     * @return the scale
     */
    public static PaintScale scale(double lower, double upper, DoubleFunction<Color> colour) {
        return new ColourScale(lower, upper, colour);
    }

    /**
     * A colour bar to the right of the plot, as matplotlib's {@code colorbar()}.
     *
     * @param scale the colour scale
     * @param label the bar's axis label (may be null)
     * @param format tick label format (null for JFreeChart's default)
     * @return the legend to add with {@code chart.addSubtitle}
     */
    public static PaintScaleLegend colourBar(PaintScale scale, String label, NumberFormat format) {
        NumberAxis axis = new NumberAxis(label);
        styleAxis(axis);
        double lower = scale.getLowerBound();
        double upper = scale.getUpperBound();
        axis.setRange(lower, upper > lower ? upper : lower + 1);
        if (format != null) {
            axis.setNumberFormatOverride(format);
        }
        // about eight labelled steps of 1, 2 or 5 x 10^k, as matplotlib's colorbar: -80, -70, ... +0 dB
        axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(niceStep((axis.getUpperBound()
                - axis.getLowerBound()) / 8), format == null ? java.text.NumberFormat.getInstance(java.util.Locale.ROOT)
                : format));
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(14);
        legend.setStripOutlineVisible(true);
        legend.setStripOutlinePaint(Color.BLACK);
        legend.setSubdivisionCount(256);
        legend.setMargin(new RectangleInsets(10, 10, 10, 6));
        legend.setBackgroundPaint(Color.WHITE);
        return legend;
    }

    /**
     * @param raw a step
     * @return the smallest of 1, 2, 5 x 10^k that is {@code >= raw}
     */
    public static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * power >= raw * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** Blends two colours: {@code t = 0} gives a, {@code t = 1} gives b. */
    public static Color blend(Color a, Color b, double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * u),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * u),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * u));
    }

    private record ColourScale(double lower, double upper, DoubleFunction<Color> colour) implements PaintScale {
        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            double t = upper > lower ? (value - lower) / (upper - lower) : 0;
            return colour.apply(Math.max(0, Math.min(1, t)));
        }
    }
}
