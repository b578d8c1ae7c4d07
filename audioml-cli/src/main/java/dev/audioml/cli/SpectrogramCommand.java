package dev.audioml.cli;

import dev.audioml.features.FeatureMatrix;
import dev.audioml.features.image.Colormap;
import dev.audioml.features.image.SpectrogramImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
        description = {"Render a spectrogram of an audio file as a PNG (time left to right, low frequencies at the",
            "bottom, pixels as matplotlib's imsave), optionally sliced into square tiles for CNN training.",
            "With --workshop-settings SpectrumVariables.csv --tiles OUT DATA: the workshop's \"Generating Spectrums\"",
            "on DATA/<class>/*.wav|flac|aif|mp3, a seeded 80/20 split into OUT/<class>/train|test."})
final class SpectrogramCommand implements Callable<Integer> {
    /** librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=sr), ref=np.max) at the file's rate. */
    static final String DEFAULT_SPEC = "{\"feature\": \"melspectrogram\", \"to_db\": {\"ref\": \"max\"}}";

    @Parameters(index = "0", paramLabel = "FILE|DATA", description = "Audio file (with --workshop-settings: a folder "
            + "of class folders).")
    Path file;

    @Option(names = "--out", paramLabel = "IMG.png", description = "The whole image (required without "
            + "--workshop-settings).")
    Path out;

    @Option(names = "--workshop-settings", paramLabel = "CSV", description = "The workshop's SpectrumVariables.csv: "
            + "tile every file of DATA/<class>/ into --tiles OUT/<class>/train|test as the notebook does.")
    Path workshopSettings;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the workshop mode's train/test shuffle. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--spec", paramLabel = "SPEC", defaultValue = DEFAULT_SPEC,
            description = "Feature spec (JSON file or inline). Default: ${DEFAULT-VALUE}.")
    String specArgument;

    @Option(names = "--colormap", defaultValue = "gist_earth",
            description = "viridis, magma, gray or gist_earth. Default: ${DEFAULT-VALUE}.")
    String colormap;

    @Option(names = "--vmin", description = "Value drawn with the first colour (default: the matrix minimum).")
    Float vmin;

    @Option(names = "--vmax", description = "Value drawn with the last colour (default: the matrix maximum).")
    Float vmax;

    @Option(names = "--tiles", paramLabel = "DIR", description = "Also write square tiles NAME_000.png, ... here.")
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
        if (out == null) {
            throw new Main.UsageException("Missing required option: '--out=IMG.png'");
        }
        Colormap map;
        try {
            map = Colormap.parse(colormap);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--colormap: " + e.getMessage());
        }
        if ((vmin == null) != (vmax == null)) {
            throw new Main.UsageException("--vmin and --vmax go together, got only " + (vmin == null ? "--vmax"
                    : "--vmin"));
        }
        if (tilePixels < 1) {
            throw new Main.UsageException("--tile-pixels must be >= 1, got " + tilePixels);
        }
        FeatureMatrix m = FeatureInputs.compute(FeatureInputs.spec(specArgument), file);
        BufferedImage image;
        try {
            image = vmin == null ? SpectrogramImage.render(m, map) : SpectrogramImage.render(m, map, vmin, vmax);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        SpectrogramImage.writePng(image, out);
        var stdout = spec.commandLine().getOut();
        stdout.printf("%s: %d x %d px -> %s%n", file, image.getWidth(), image.getHeight(), out);
        if (tiles != null) {
            List<BufferedImage> parts = SpectrogramImage.tiles(image, tilePixels);
            String base = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            for (int i = 0; i < parts.size(); i++) {
                SpectrogramImage.writePng(parts.get(i), tiles.resolve(String.format(Locale.ROOT, "%s_%03d.png", base,
                        i)));
            }
            stdout.printf("%d tiles of %d px -> %s%n", parts.size(), tilePixels, tiles);
        }
        return 0;
    }
}
