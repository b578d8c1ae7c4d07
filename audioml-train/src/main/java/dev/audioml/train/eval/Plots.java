package dev.audioml.train.eval;

import dev.audioml.plot.ConfusionFigure;
import dev.audioml.plot.CurvesFigure;
import dev.audioml.plot.Figure;
import dev.audioml.train.head.Epoch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The training figures (confusion matrix, loss/accuracy curves), drawn with {@code audioml-plot} (JFreeChart). Each
 * is written as the given PNG and, next to it, an SVG of the same name.
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class Plots {
    private Plots() {
    }

    /**
     * Draws the confusion matrix: rows true class, columns predicted, cell colour the row share (recall) with a colour
     * bar, cell text the count.
     *
     * @param metrics the metrics
     * @param title a title line
     * @param png output file; {@code NAME.svg} is written beside it
     * @throws IOException if a file cannot be written
     */
    public static void confusion(Metrics metrics, String title, Path png) throws IOException {
        Figure figure = ConfusionFigure.of(metrics.classes(), metrics.confusion(), title,
                String.format(Locale.ROOT, "accuracy %.3f   balanced accuracy %.3f", metrics.accuracy(),
                        metrics.balancedAccuracy()));
        writeBoth(figure, png);
    }

    /**
     * Draws cross-entropy loss (top) and accuracy (bottom) per epoch, for the training and validation windows.
     *
     * @param history one entry per epoch
     * @param bestEpoch the epoch whose parameters were kept (marked with a dashed line), 0 for none
     * @param png output file; {@code NAME.svg} is written beside it
     * @throws IOException if a file cannot be written
     */
    public static void curves(List<Epoch> history, int bestEpoch, Path png) throws IOException {
        Figure figure = CurvesFigure.of(column(history, Epoch::trainLoss), column(history, Epoch::validationLoss),
                column(history, Epoch::trainAccuracy), column(history, Epoch::validationAccuracy), bestEpoch,
                "Training curves of the final fit (" + history.size() + " L-BFGS iterations)", "L-BFGS iteration");
        writeBoth(figure, png);
    }

    /**
     * @param png a {@code .png} path
     * @return the {@code .svg} written beside it
     */
    public static Path svgBeside(Path png) {
        String name = png.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return png.resolveSibling(name + ".svg");
    }

    private static void writeBoth(Figure figure, Path png) throws IOException {
        figure.writePng(png);
        figure.writeSvg(svgBeside(png));
    }

    private static double[] column(List<Epoch> history, ToDoubleFunction<Epoch> f) {
        return history.stream().mapToDouble(f).toArray();
    }
}
