package dev.audioml.plot;

import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.image.Colormap;
import dev.audioml.features.image.SpectrogramImage;
import dev.audioml.plot.internal.Charts;
import dev.audioml.plot.internal.TickAxis;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Align;

/**
 * A spectrogram figure as a notebook draws it with {@code librosa.display.specshow(S_db, sr=sr, hop_length=hop,
 * x_axis="time", y_axis="mel")} followed by {@code plt.colorbar(format="%+2.0f dB")} and {@code plt.title(...)}:
 * time in seconds along x, frequency in Hz on the feature's own scale along y (see {@link FrequencyAxis}), a colour
 * bar labelled in dB, a title. The cells are the pixels of {@link SpectrogramImage#render} (the image-only mode), so
 * the figure and the raw image show exactly the same colours.
 *
 * <p>Differences from specshow: rows are drawn evenly and the axis is labelled at round frequencies between the
 * row centres (specshow warps the mesh onto matplotlib's base-2 {@code symlog} axis, which for mel bands is close
 * to, not exactly, even); x runs from 0 to {@code frames * frameSeconds}.
 *
 * <p>Immutable builder output; the builder is not thread-safe.
 *
 * @since 0.1
 */
public final class SpectrogramFigure {
    /** Default figure size in pixels. */
    public static final int DEFAULT_WIDTH_PX = 760;
    /** Default figure size in pixels. */
    public static final int DEFAULT_HEIGHT_PX = 420;
    /** Least distance between two labelled frequency ticks, in pixels. */
    private static final double MIN_TICK_SPACING_PX = 22;

    private SpectrogramFigure() {
    }

    /**
     * @param matrix values {@code [frames, bins]}, e.g. a log-mel spectrogram in dB
     * @return a builder
     */
    public static Builder builder(FeatureMatrix matrix) {
        return new Builder(matrix);
    }

    /** Builds a {@link Figure}. Not thread-safe. */
    public static final class Builder {
        private final FeatureMatrix matrix;
        private double frameSeconds = Double.NaN;
        private FrequencyAxis frequencyAxis;
        private Colormap colormap = Colormap.MAGMA;
        private Float vmin;
        private Float vmax;
        private boolean decibels = true;
        private String title = "";
        private int widthPx = DEFAULT_WIDTH_PX;
        private int heightPx = DEFAULT_HEIGHT_PX;

        private Builder(FeatureMatrix matrix) {
            if (matrix == null || matrix.frames() < 1 || matrix.bins() < 1) {
                throw new IllegalArgumentException("a spectrogram figure needs at least 1 frame and 1 bin, got "
                        + (matrix == null ? "null" : matrix.frames() + " x " + matrix.bins()));
            }
            this.matrix = matrix;
        }

        /**
         * @param seconds time between frames ({@code hop_length / sr}) in seconds, > 0 (required)
         * @return this
         */
        public Builder frameSeconds(double seconds) {
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("frameSeconds must be > 0, got " + seconds);
            }
            this.frameSeconds = seconds;
            return this;
        }

        /**
         * @param axis the rows' frequencies and scale; its row count must equal the matrix's bins (required)
         * @return this
         */
        public Builder frequencyAxis(FrequencyAxis axis) {
            if (axis.scale() != FrequencyAxis.Scale.NONE && axis.binHz().length != matrix.bins()) {
                throw new IllegalArgumentException("the frequency axis has " + axis.binHz().length
                        + " rows, the matrix " + matrix.bins() + " bins");
            }
            this.frequencyAxis = axis;
            return this;
        }

        /**
         * @param map the colormap; default magma (specshow's choice for data of one sign, such as dB below the
         *     peak)
         * @return this
         */
        public Builder colormap(Colormap map) {
            this.colormap = map;
            return this;
        }

        /**
         * @param min the value drawn with the first colour
         * @param max the value drawn with the last colour, {@code >= min}; default the matrix's range
         * @return this
         */
        public Builder range(float min, float max) {
            if (!(max >= min)) {
                throw new IllegalArgumentException("vmax must be >= vmin, got vmin=" + min + ", vmax=" + max);
            }
            this.vmin = min;
            this.vmax = max;
            return this;
        }

        /**
         * @param isDb whether values are decibels: the colour bar then reads {@code %+2.0f dB}; default true
         * @return this
         */
        public Builder decibels(boolean isDb) {
            this.decibels = isDb;
            return this;
        }

        /**
         * @param text the title line (e.g. the file name and the feature)
         * @return this
         */
        public Builder title(String text) {
            this.title = text == null ? "" : text;
            return this;
        }

        /**
         * @param width figure width in pixels
         * @param height figure height in pixels
         * @return this
         */
        public Builder size(int width, int height) {
            if (width < 200 || height < 150) {
                throw new IllegalArgumentException("a spectrogram figure needs at least 200 x 150 px, got " + width
                        + " x " + height);
            }
            this.widthPx = width;
            this.heightPx = height;
            return this;
        }

        /** @return the figure */
        public Figure build() {
            if (Double.isNaN(frameSeconds) || frequencyAxis == null) {
                throw new IllegalStateException("SpectrogramFigure needs frameSeconds and frequencyAxis");
            }
            float lo;
            float hi;
            if (vmin != null) {
                lo = vmin;
                hi = vmax;
            } else {
                lo = Float.POSITIVE_INFINITY;
                hi = Float.NEGATIVE_INFINITY;
                for (float v : matrix.data()) {
                    if (Float.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                if (lo > hi) {
                    lo = 0;
                    hi = 0;
                }
            }
            BufferedImage cells = SpectrogramImage.render(matrix, colormap, lo, hi);

            NumberAxis time = new NumberAxis("Time (s)");
            time.setRange(0, matrix.frames() * frameSeconds);
            time.setLowerMargin(0);
            time.setUpperMargin(0);
            ValueAxis rows = rowAxis();
            XYPlot plot = new XYPlot(null, time, rows, new XYLineAndShapeRenderer());
            Charts.stylePlot(plot);
            plot.setDomainGridlinesVisible(false);
            plot.setRangeGridlinesVisible(false);
            plot.setBackgroundImage(cells);
            plot.setBackgroundImageAlignment(Align.FIT);
            plot.setBackgroundImageAlpha(1f);

            JFreeChart chart = new JFreeChart(null, Charts.TITLE, plot, false);
            Charts.style(chart, title);
            final float lower = lo;
            final float range = hi - lo;
            Colormap map = colormap;
            chart.addSubtitle(Charts.colourBar(Charts.scale(lo, hi,
                    t -> new Color(map.rgb(range == 0 ? 0f : (float) t))), null, decibels ? dbFormat() : null));
            return new Figure(chart, widthPx, heightPx);
        }

        private ValueAxis rowAxis() {
            int bins = matrix.bins();
            if (frequencyAxis.scale() == FrequencyAxis.Scale.NONE) {
                NumberAxis axis = new NumberAxis(frequencyAxis.label());
                axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
                axis.setRange(-0.5, bins - 0.5);
                return axis;
            }
            List<Double> hz = candidateTicksHz();
            // keep ticks from the top down that are at least MIN_TICK_SPACING_PX apart on an estimated plot height
            double rowsPerPx = bins / Math.max(60.0, heightPx - 110.0);
            double minRows = MIN_TICK_SPACING_PX * rowsPerPx;
            List<Double> positions = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            // the lowest candidate (0 Hz where the axis starts there) always stays: it anchors the axis
            double floor = frequencyAxis.rowOf(hz.get(0));
            if (!Double.isNaN(floor)) {
                positions.add(floor);
                labels.add(String.format(Locale.ROOT, "%.0f", hz.get(0)));
            }
            double last = Double.POSITIVE_INFINITY;
            for (int i = hz.size() - 1; i >= 1; i--) {
                double row = frequencyAxis.rowOf(hz.get(i));
                if (Double.isNaN(row) || last - row < minRows || (!Double.isNaN(floor) && row - floor < minRows)) {
                    continue;
                }
                positions.add(row);
                labels.add(String.format(Locale.ROOT, "%.0f", hz.get(i)));
                last = row;
            }
            TickAxis axis = new TickAxis(frequencyAxis.label(), positions.stream().mapToDouble(d -> d).toArray(),
                    labels.toArray(new String[0]));
            axis.setRange(-0.5, bins - 0.5);
            return axis;
        }

        /** Round frequencies: steps of 1, 2 or 5 x 10^k Hz on a linear axis, powers of two on mel/log axes. */
        private List<Double> candidateTicksHz() {
            double[] centres = frequencyAxis.binHz();
            double top = centres[centres.length - 1];
            List<Double> out = new ArrayList<>();
            if (frequencyAxis.scale() == FrequencyAxis.Scale.LINEAR) {
                double step = Charts.niceStep(top / 6);
                for (double f = 0; f <= top + 1e-9; f += step) {
                    out.add(f);
                }
            } else {
                // specshow's base-2 locator: 0 (where the axis reaches it), then powers of two; on a mel axis it is
                // linear below 1 kHz (symlog, linthresh 1000), so its first tick above 0 is 512 Hz
                out.add(0.0);
                double first = frequencyAxis.scale() == FrequencyAxis.Scale.MEL ? 512 : 32;
                for (double f = first; f <= top; f *= 2) {
                    out.add(f);
                }
            }
            return out;
        }
    }

    /** matplotlib's {@code format="%+2.0f dB"}: a sign on every value, no decimals. */
    static DecimalFormat dbFormat() {
        return new DecimalFormat("+0 dB;-0 dB", DecimalFormatSymbols.getInstance(Locale.ROOT));
    }
}
