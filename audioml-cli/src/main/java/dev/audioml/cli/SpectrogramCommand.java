package dev.audioml.cli;

import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.image.Colormap;
import dev.audioml.features.image.SpectrogramImage;
import dev.audioml.plot.Figure;
import dev.audioml.plot.SpectrogramFigure;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code audioml spectrogram}: a (log-)mel spectrogram image of an audio file, optionally sliced into tiles; with
 * {@code --workshop-settings}, the workshop notebook "Generating Spectrums" on a folder of class folders.
 */
@Command(name = "spectrogram", mixinStandardHelpOptions = true,
        description = {"Draw an audio file's spectrogram as a figure with time, Hz and dB axes, or as image tiles.",
            "The figure is what librosa.display.specshow and a colour bar of format %%+2.0f dB show: time in s, "
            + "frequency in Hz on the feature's scale, PNG or SVG by the --out extension. --raw writes the image "
            + "alone (one pixel per frame and bin, as matplotlib's imsave), optionally sliced into square --tiles "
            + "for CNN training.",
            "With --workshop-settings SpectrumVariables.csv --tiles OUT DATA: the workshop's \"Generating Spectrums\" "
            + "on DATA/<class>/*.wav|flac|aif|mp3, a seeded 80/20 split into OUT/<class>/train|test."})
final class SpectrogramCommand implements Callable<Integer> {
    /** librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=sr), ref=np.max) at the file's rate. */
    static final String DEFAULT_SPEC = "{\"feature\": \"melspectrogram\", \"to_db\": {\"ref\": \"max\"}}";
    /** Most columns of a figure (its plot is 760 px wide): longer files draw the maximum of 2, 4, ... frames each. */
    static final int MAX_FIGURE_COLUMNS = 8192;
    /**
     * Most values (frames × bins) of a one-pixel-per-frame image (--raw, --tiles) drawn in memory: 8 MiB of floats,
     * 16384 frames of 128 bands (6.3 minutes at librosa's 22050 Hz and hop 512). A longer file is streamed a second
     * time and drawn as its frames arrive ({@link StreamedImage}).
     */
    static final long IN_MEMORY_VALUES = 1L << 21;

    @Parameters(index = "0", paramLabel = "FILE|DATA", description = "Audio file (with --workshop-settings: a folder "
            + "of class folders).")
    Path file;

    @Option(names = "--out", paramLabel = "FIG", description = "Where the figure goes: FIG.svg for SVG, "
            + "otherwise PNG. Default: FILE's name with .png, beside FILE.")
    Path out;

    @Option(names = "--raw", description = "Write the image alone, one pixel per frame and bin, without axes, colour "
            + "bar or title (the mode --tiles and the workshop use).")
    boolean raw;

    @Option(names = "--title", description = "Title of the figure. Default: the file name and the feature.")
    String title;

    @Option(names = "--workshop-settings", paramLabel = "CSV", description = "The workshop's SpectrumVariables.csv: "
            + "tile every file of DATA/<class>/ into --tiles OUT/<class>/train|test as the notebook does.")
    Path workshopSettings;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the workshop mode's train/test shuffle. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--spec", paramLabel = "SPEC", defaultValue = DEFAULT_SPEC,
            description = "Feature spec (JSON file or inline). Default: ${DEFAULT-VALUE}.")
    String specArgument;

    @Option(names = "--colormap", description = "viridis, magma, gray or gist_earth. Default: magma for the figure "
            + "(specshow's choice), gist_earth with --raw (the workshop's).")
    String colormap;

    @Option(names = "--vmin", description = "Value drawn with the first colour (default: the matrix minimum).")
    Float vmin;

    @Option(names = "--vmax", description = "Value drawn with the last colour (default: the matrix maximum).")
    Float vmax;

    @Option(names = "--tiles", paramLabel = "DIR", description = "Also write square tiles NAME_000.png, ... of the "
            + "raw image here.")
    Path tiles;

    @Option(names = "--tile-pixels", defaultValue = "224", description = "Tile edge in pixels. Default: "
            + "${DEFAULT-VALUE}.")
    int tilePixels;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (workshopSettings != null) {
            if (tiles == null) {
                throw new Main.UsageException("--workshop-settings needs --tiles OUT (the GeneratedData folder)");
            }
            WorkshopSpectrums.generate(FeatureInputs.workshopSettings(workshopSettings), file, tiles, seed,
                    spec.commandLine().getOut());
            return 0;
        }
        Colormap map = null;
        try {
            if (colormap != null) {
                map = Colormap.parse(colormap);
            }
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--colormap: " + e.getMessage());
        }
        if ((vmin == null) != (vmax == null)) {
            throw new Main.UsageException("--vmin and --vmax go together, got only " + (vmin == null ? "--vmax"
                    : "--vmin"));
        }
        if (vmin != null && !(vmax >= vmin)) {
            throw new Main.UsageException("--vmax must be >= --vmin, got --vmin " + vmin + " --vmax " + vmax);
        }
        if (tilePixels < 1) {
            throw new Main.UsageException("--tile-pixels must be >= 1, got " + tilePixels);
        }
        var stdout = spec.commandLine().getOut();
        Path target = out;
        if (target == null) {
            // beside the input, under its name: clip.wav -> clip.png
            target = file.resolveSibling(baseName(file) + ".png");
        }
        Map<String, Object> featureSpec = FeatureInputs.spec(specArgument);
        int fileRate;
        try (var source = AudioTrack.open(file, 0)) {
            fileRate = source.sampleRateHz();
        }
        FeaturePipeline pipeline = FeatureInputs.pipeline(featureSpec, fileRate);
        if (raw && Figure.isSvg(target)) {
            throw new Main.UsageException("--raw writes PNG only, got --out " + target);
        }
        if (raw || tiles != null) {
            return onePixelPerFrame(featureSpec, pipeline, target, map, stdout);
        }
        // streamed (two passes for ref="max"/top_db), so memory does not grow with the file: the figure merges
        // columns past MAX_FIGURE_COLUMNS frames
        FrameOverview overview = new FrameOverview(MAX_FIGURE_COLUMNS / 2);
        if (FeatureInputs.stream(featureSpec, file, overview) < 0) {
            FeatureMatrix whole = FeatureInputs.compute(featureSpec, file); // a stage needs the whole clip
            overview.start(whole.bins());
            overview.rows(whole.data(), whole.frames());
        }
        FeatureMatrix m = overview.matrix();
        if (m.frames() < 1) {
            throw new IllegalArgumentException(file + ": too short for one frame of this spec");
        }
        figure(featureSpec, pipeline, target, map, m, overview.framesPerColumn(), overview.frames(), stdout);
        return 0;
    }

    /** Draws the figure of {@code m}, whose columns are {@code framesPerColumn} frames each. */
    private void figure(Map<String, Object> featureSpec, FeaturePipeline pipeline, Path target, Colormap map,
            FeatureMatrix m, long framesPerColumn, long frames, java.io.PrintWriter stdout) throws IOException {
        SpectrogramAxes axes = SpectrogramAxes.of(featureSpec, pipeline.sampleRateHz(), m.bins());
        SpectrogramFigure.Builder figure = SpectrogramFigure.builder(m)
                .frameSeconds(axes.frameSeconds() * framesPerColumn)
                .frequencyAxis(axes.frequencyAxis())
                .colormap(map != null ? map : Colormap.MAGMA)
                .decibels(axes.decibels())
                .title(title != null ? title : file.getFileName() + ": " + axes.description() + ", "
                        + pipeline.sampleRateHz() + " Hz");
        if (vmin != null) {
            figure.range(vmin, vmax);
        }
        figure.build().write(target);
        stdout.printf("%s: %s, %d frames x %d bins%s -> %s%n", file, axes.description(), frames,
                m.bins(), framesPerColumn > 1 ? " (the maximum of each " + framesPerColumn + " frames drawn)" : "",
                out == null ? target.toAbsolutePath() + " (default name; --out sets another)" : target);
    }

    /**
     * The raw image and its tiles, one pixel per frame and bin. A first stream of the rows gives their number and the
     * colour range (the matrix minimum and maximum, unless --vmin/--vmax); the rows are kept while they fit
     * {@link #IN_MEMORY_VALUES} and drawn as one image as before; past that, a second stream draws each tile as its
     * frames arrive and the raw image through a temporary file ({@link StreamedImage}), so memory does not depend on
     * the file's length. Both give the same pixels.
     */
    private Integer onePixelPerFrame(Map<String, Object> featureSpec, FeaturePipeline pipeline, Path target,
            Colormap map, java.io.PrintWriter stdout) throws IOException {
        // the raw image and its tiles keep the workshop's default colours, so tiles stay byte-identical
        Colormap rawMap = map != null ? map : Colormap.GIST_EARTH;
        ImageRange first = new ImageRange(IN_MEMORY_VALUES);
        FeatureMatrix whole = null;
        if (FeatureInputs.stream(featureSpec, file, first) < 0) {
            whole = FeatureInputs.compute(featureSpec, file); // a stage needs the whole clip
            first.start(whole.bins());
            first.rows(whole.data(), whole.frames());
        }
        if (first.frames() < 1) {
            throw new IllegalArgumentException(file + ": too short for one frame of this spec");
        }
        float lo = vmin != null ? vmin : first.min();
        float hi = vmax != null ? vmax : first.max();
        FeatureMatrix m = first.matrix();
        String base = baseName(file);
        int tileCount;
        if (m != null) {
            BufferedImage image = SpectrogramImage.render(m, rawMap, lo, hi);
            if (raw) {
                SpectrogramImage.writePng(image, target);
            } else {
                figure(featureSpec, pipeline, target, map, m, 1, m.frames(), stdout); // --tiles alone: the figure too
            }
            List<BufferedImage> parts = tiles == null ? List.of() : SpectrogramImage.tiles(image, tilePixels);
            for (int i = 0; i < parts.size(); i++) {
                SpectrogramImage.writePng(parts.get(i), tiles.resolve(String.format(Locale.ROOT, "%s_%03d.png", base,
                        i)));
            }
            tileCount = parts.size();
        } else {
            if (!(hi >= lo)) {
                throw new IllegalArgumentException(file + ": no finite value to scale the colours by (vmin " + lo
                        + ", vmax " + hi + "); give --vmin and --vmax");
            }
            // --tiles alone draws the figure too, from columns merged as the figure mode merges them
            FrameOverview overview = raw ? null : new FrameOverview(MAX_FIGURE_COLUMNS / 2);
            try (StreamedImage image = new StreamedImage(file, first.frames(), rawMap, lo, hi, raw ? target : null,
                    tiles, base, tilePixels)) {
                FeatureInputs.RowSink sink = overview == null ? image : new FeatureInputs.RowSink() {
                    @Override
                    public void start(int bins) throws IOException {
                        image.start(bins);
                        overview.start(bins);
                    }

                    @Override
                    public void rows(float[] data, int frames) throws IOException {
                        image.rows(data, frames);
                        overview.rows(data, frames);
                    }
                };
                if (whole != null) {
                    sink.start(whole.bins());
                    sink.rows(whole.data(), whole.frames());
                } else {
                    FeatureInputs.stream(featureSpec, file, sink);
                }
                image.finish();
                tileCount = image.tiles();
            }
            if (overview != null) {
                figure(featureSpec, pipeline, target, map, overview.matrix(), overview.framesPerColumn(),
                        overview.frames(), stdout);
            }
        }
        if (raw) {
            stdout.printf("%s: %d x %d px -> %s%n", file, first.frames(), first.bins(), target);
        }
        if (tiles != null) {
            stdout.printf("%d tiles of %d px -> %s%n", tileCount, tilePixels, tiles);
        }
        return 0;
    }

    private static String baseName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    }
}
