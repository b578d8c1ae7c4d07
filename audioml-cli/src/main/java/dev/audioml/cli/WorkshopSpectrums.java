package dev.audioml.cli;

import dev.audioml.features.image.SpectrogramImage;
import dev.audioml.features.workshop.WorkshopImages;
import dev.audioml.features.workshop.WorkshopSettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The workshop notebook "01_Spectrum Generation/Generating Spectrums" (FAR-Lab RealtimeAudioClassification): every
 * audio file of {@code DATA/<class>/} is shuffled into an 80/20 split ({@code trainCount = floor(0.8 * n)}) and turned
 * into tiles by {@code GenerateSpectrums}, written by {@code log_mel_spec_tfm} as {@code OUT/<class>/train|test/
 * NAME-I.png}. The notebook shuffles with numpy's unseeded global generator; here the shuffle is seeded (and the
 * files sorted first), so a run can be repeated.
 */
final class WorkshopSpectrums {
    /** The notebook's {@code f.name.endswith(...)} filter, in {@code log_mel_spec_tfm}'s replacement order. */
    static final List<String> EXTENSIONS = List.of(".flac", ".aif", ".wav", ".m4a", ".mp3");
    /** {@code np.floor(0.8 * FileList.shape[0])} files train. */
    static final double TRAIN_SHARE = 0.8;

    private WorkshopSpectrums() {
    }

    static void generate(WorkshopSettings settings, Path data, Path out, long seed, PrintWriter log)
            throws IOException {
        if (!Files.isDirectory(data)) {
            throw new Main.UsageException("DATA must be a folder of class folders, got \"" + data + "\"");
        }
        List<Path> classes = list(data, Files::isDirectory);
        if (classes.isEmpty()) {
            throw new Main.UsageException("DATA " + data + " holds no class folders (expected DATA/<class>/*.wav)");
        }
        WorkshopImages images = new WorkshopImages(settings);
        Random random = new Random(seed);
        int totalTiles = 0;
        for (Path classDir : classes) {
            List<Path> files = list(classDir, f -> Files.isRegularFile(f) && EXTENSIONS.stream()
                    .anyMatch(e -> f.getFileName().toString().endsWith(e)));
            Collections.shuffle(files, random);
            int trainCount = (int) Math.floor(TRAIN_SHARE * files.size());
            String label = classDir.getFileName().toString();
            for (int i = 0; i < files.size(); i++) {
                Path target = out.resolve(label).resolve(i < trainCount ? "train" : "test");
                Files.createDirectories(target);
                totalTiles += writeTiles(images, files.get(i), target, log);
            }
            Files.createDirectories(out.resolve(label).resolve("test"));
            log.printf("class %s: %d train, %d test files%n", label, trainCount, files.size() - trainCount);
        }
        log.printf("%d tiles of %d x %d px -> %s%n", totalTiles, settings.resolution(), settings.melBands(), out);
    }

    private static int writeTiles(WorkshopImages images, Path file, Path target, PrintWriter log) throws IOException {
        FeatureInputs.Clip clip = FeatureInputs.decode(file);
        List<BufferedImage> tiles;
        try {
            tiles = images.tiles(clip.samples(), clip.rateHz());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        String stem = tileStem(file.getFileName().toString());
        for (int i = 0; i < tiles.size(); i++) {
            SpectrogramImage.writePng(tiles.get(i), target.resolve(stem + i + ".png"));
        }
        if (tiles.isEmpty()) {
            log.printf("%s: shorter than one tile, no image%n", file); // the notebook prints the path too
        }
        return tiles.size();
    }

    /** {@code fname.replace(".flac", '-').replace(".aif", '-')...replace(".mp3", '-')}, as the notebook names tiles. */
    static String tileStem(String fileName) {
        String stem = fileName;
        for (String e : EXTENSIONS) {
            stem = stem.replace(e, "-");
        }
        return stem;
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> keep) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(keep).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList());
        }
    }
}
