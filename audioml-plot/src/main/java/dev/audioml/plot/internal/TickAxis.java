package dev.audioml.plot.internal;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A number axis whose ticks sit at given positions with given labels (a spectrogram's rows are drawn evenly, its
 * ticks at round frequencies). Not API.
 *
 * <p>Not thread-safe (a JFreeChart axis).
 */
public final class TickAxis extends NumberAxis {
    private static final long serialVersionUID = 1L;

    private final double[] positions;
    private final String[] labels;

    /**
     * @param label the axis label
     * @param positions tick positions in axis coordinates
     * @param labels one label per position
     */
    public TickAxis(String label, double[] positions, String[] labels) {
        super(label);
        if (positions.length != labels.length) {
            throw new IllegalArgumentException("one label per tick: " + positions.length + " positions, "
                    + labels.length + " labels");
        }
        this.positions = positions.clone();
        this.labels = labels.clone();
    }

    @Override
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        List<NumberTick> ticks = new ArrayList<>();
        boolean vertical = RectangleEdge.isLeftOrRight(edge);
        TextAnchor anchor = vertical
                ? (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT)
                : (edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
        for (int i = 0; i < positions.length; i++) {
            if (getRange().contains(positions[i])) {
                ticks.add(new NumberTick(TickType.MAJOR, positions[i], labels[i], anchor, anchor, 0.0));
            }
        }
        return ticks;
    }
}
