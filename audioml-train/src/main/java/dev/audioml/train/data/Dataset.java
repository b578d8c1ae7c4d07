package dev.audioml.train.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A labelled set of audio clips read from one of the supported layouts:
 * <ul>
 *   <li>a folder per class: {@code DIR/<label>/*.wav} (any decodable format: wav, flac, ogg, mp3, aiff, au);</li>
 *   <li>{@code DIR/train/<label>/...} with {@code DIR/test/<label>/...} (see {@link #hasTrainTestFolders});</li>
 *   <li>a CSV file whose header names a file column ({@code file}, {@code filename}, {@code path},
 *       {@code slice_file_name}) and a label column ({@code label}, {@code class}, {@code category}), with paths
 *       relative to the CSV, an optional {@code fold} column (UrbanSound8K style) and an optional {@code group} column
 *       (clips of one group never straddle a split or fold).</li>
 * </ul>
 * Classes are sorted by name; that order is the model's label order.
 *
 * <p>Immutable and thread-safe.
 *
 * @param classes the class names, sorted
 * @param clips the clips, in a stable order (by class, then file name, or CSV row order)
 * @param source where the dataset came from, for messages
 * @since 0.1
 */
public record Dataset(List<String> classes, List<Clip> clips, String source) {
    /**
     * File name endings read as audio (case-insensitive), video files included (their first audio track); which
     * decoder reads a file is decided by its content, not by this list.
     */
    public static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "wave", "flac", "ogg", "oga", "opus", "mp3",
            "aif", "aiff", "aifc", "au", "snd", "m4a", "m4b", "aac", "mp4", "m4v", "mov", "3gp", "webm", "mkv", "mka",
            "weba");
    private static final List<String> FILE_COLUMNS = List.of("file", "filename", "path", "slice_file_name");
    private static final List<String> LABEL_COLUMNS = List.of("label", "class", "category");

    /** Checks that there are at least two classes and every class has a clip. */
    public Dataset {
        classes = List.copyOf(classes);
        clips = List.copyOf(clips);
        Map<String, Integer> counts = new TreeMap<>();
        classes.forEach(c -> counts.put(c, 0));
        for (Clip c : clips) {
            if (!counts.containsKey(c.label())) {
                throw new IllegalArgumentException("clip " + c.file() + " has label \"" + c.label()
                        + "\" which is not among the classes " + classes);
            }
            counts.merge(c.label(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() == 0) {
                throw new IllegalArgumentException("dataset " + source + ": class \"" + e.getKey()
                        + "\" has no audio files (expected files ending in " + new TreeSet<>(AUDIO_EXTENSIONS) + ")");
            }
        }
        if (classes.size() < 2) {
            throw new IllegalArgumentException("dataset " + source + " has " + classes.size() + " class"
                    + (classes.size() == 1 ? " (" + classes.get(0) + ")" : "es")
                    + "; a classifier needs at least 2 classes (one folder or CSV label per class)");
        }
    }

    /**
     * @param dir a dataset folder
     * @return whether it has both {@code train/} and {@code test/} sub-folders
     */
    public static boolean hasTrainTestFolders(Path dir) {
        return Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"));
    }

    /**
     * Reads a folder-per-class dataset: each sub-folder of {@code dir} is a class, and the audio files anywhere under
     * it are its clips. Files with other endings are ignored; hidden folders are skipped.
     *
     * @param dir the dataset folder
     * @return the dataset
     * @throws IllegalArgumentException if {@code dir} is not a folder, has fewer than two class folders, or a class
     *     folder has no audio file
     */
    public static Dataset fromFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("dataset folder " + dir + " does not exist or is not a folder");
        }
        List<String> classes = new ArrayList<>();
        List<Clip> clips = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path classDir : children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                String label = classDir.getFileName().toString();
                classes.add(label);
                try (Stream<Path> files = Files.walk(classDir)) {
                    files.filter(Files::isRegularFile).filter(Dataset::isAudioFile).sorted()
                            .forEach(f -> clips.add(new Clip(f, label, null)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list dataset folder " + dir, e);
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("dataset folder " + dir + " has no class folders; expected "
                    + dir + "/<label>/*.wav (one folder per class)");
        }
        return new Dataset(classes, clips, dir.toString());
    }

    /**
     * Reads a CSV dataset. The first line is a header; fields may be double-quoted.
     *
     * @param csv the CSV file
     * @return the dataset; clip paths are resolved against the CSV's folder, and a missing file is an error naming
     *     its line
     */
    public static Dataset fromCsv(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSV " + csv, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("CSV " + csv + " is empty; expected a header line naming a file column "
                    + FILE_COLUMNS + " and a label column " + LABEL_COLUMNS);
        }
        List<String> header = parseCsvLine(lines.get(0)).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        int fileCol = firstIndex(header, FILE_COLUMNS);
        int labelCol = firstIndex(header, LABEL_COLUMNS);
        int foldCol = header.indexOf("fold");
        int groupCol = header.indexOf("group");
        if (fileCol < 0 || labelCol < 0) {
            throw new IllegalArgumentException("CSV " + csv + " header " + header + " must name a file column (one of "
                    + FILE_COLUMNS + ") and a label column (one of " + LABEL_COLUMNS + ")");
        }
        Path base = csv.toAbsolutePath().getParent();
        Map<String, Boolean> classes = new TreeMap<>();
        List<Clip> clips = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> fields = parseCsvLine(lines.get(i));
            int needed = Math.max(Math.max(fileCol, groupCol), Math.max(labelCol, foldCol)) + 1;
            if (fields.size() < needed) {
                throw new IllegalArgumentException("CSV " + csv + " line " + (i + 1) + " has " + fields.size()
                        + " fields, expected at least " + needed);
            }
            Path file = base.resolve(fields.get(fileCol).trim());
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("CSV " + csv + " line " + (i + 1) + ": file " + file
                        + " does not exist (paths are relative to the CSV's folder)");
            }
            String label = fields.get(labelCol).trim();
            if (label.isEmpty()) {
                throw new IllegalArgumentException("CSV " + csv + " line " + (i + 1) + " has an empty label");
            }
            classes.put(label, true);
            String group = groupCol < 0 || fields.get(groupCol).isBlank() ? null : fields.get(groupCol).trim();
            clips.add(new Clip(file, label, foldCol < 0 ? null : fields.get(foldCol).trim(), group));
        }
        return new Dataset(new ArrayList<>(classes.keySet()), clips, csv.toString());
    }

    /** @return clips per class, in class order */
    public Map<String, Integer> counts() {
        return countByClass(classes, clips);
    }

    /**
     * @param classes class order
     * @param clips clips to count
     * @return clips per class in class order (zero for classes without clips)
     */
    public static Map<String, Integer> countByClass(List<String> classes, List<Clip> clips) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        classes.forEach(c -> counts.put(c, 0));
        clips.forEach(c -> counts.merge(c.label(), 1, Integer::sum));
        return counts;
    }

    /** @return whether any clip carries a fold */
    public boolean hasFolds() {
        return clips.stream().anyMatch(c -> c.fold() != null);
    }

    static boolean isAudioFile(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && AUDIO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static int firstIndex(List<String> header, List<String> names) {
        for (String n : names) {
            int i = header.indexOf(n);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 4180 fields of one line: commas separate, double quotes enclose, {@code ""} is a quote. */
    static List<String> parseCsvLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        fields.add(cur.toString());
        return fields;
    }
}
