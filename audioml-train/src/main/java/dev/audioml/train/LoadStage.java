package dev.audioml.train;

import dev.audioml.train.data.Clip;
import dev.audioml.train.data.Dataset;
import dev.audioml.train.data.Folds;
import dev.audioml.train.data.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Stage 1, load: reads the dataset (folders, {@code train/}+{@code test/}, a separate test folder, or a CSV) and holds
 * out the test split: the given test set, the CSV's last (or named) fold, or one stratified, grouped fold of
 * {@code 1 / testFraction}.
 */
final class LoadStage {

    /**
     * The loaded dataset.
     *
     * @param source where the training clips came from, for messages
     * @param classes the classes, sorted
     * @param split train and test clips
     * @param groupOf each clip's group (clips of one group never straddle a split or fold)
     */
    record Loaded(String source, List<String> classes, Split split, Function<Clip, String> groupOf) {
    }

    private LoadStage() {
    }

    static Loaded run(TrainingConfig cfg, Consumer<String> say) {
        Dataset train;
        Dataset test = null;
        if (cfg.csv() != null) {
            train = Dataset.fromCsv(cfg.csv());
        } else if (cfg.testDir() == null && Dataset.hasTrainTestFolders(cfg.data())) {
            train = Dataset.fromFolders(cfg.data().resolve("train"));
            test = Dataset.fromFolders(cfg.data().resolve("test"));
        } else {
            train = Dataset.fromFolders(cfg.data());
            if (cfg.testDir() != null) {
                test = Dataset.fromFolders(cfg.testDir());
            }
        }
        List<String> classes = train.classes();
        Function<Clip, String> groupOf = groupFunction(cfg);
        Split split;
        String splitKind;
        if (test != null) {
            for (String c : test.classes()) {
                if (!classes.contains(c)) {
                    throw new IllegalArgumentException("test set " + test.source() + " has class \"" + c
                            + "\" which the training set " + train.source() + " lacks; classes: " + classes);
                }
            }
            split = new Split(train.clips(), List.of(), test.clips());
            splitKind = "given test set " + test.source();
        } else if (train.hasFolds()) {
            Split f = Split.byFold(classes, train.clips(), cfg.testFold(), 0, cfg.seed());
            split = new Split(f.train(), List.of(), f.test());
            splitKind = "CSV fold " + (cfg.testFold() == null ? "(last)" : cfg.testFold()) + " as test";
        } else {
            int k = (int) Math.round(1 / cfg.testFraction());
            int[] fold = Folds.assign(classes, train.clips(), groupOf, k, cfg.seed());
            List<Clip> tr = new ArrayList<>();
            List<Clip> te = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                (fold[i] == 0 ? te : tr).add(train.clips().get(i));
            }
            split = new Split(tr, List.of(), te);
            splitKind = String.format("%s%.0f %% test, seed %d", cfg.group() != null ? "grouped by " + cfg.group()
                    + ", " : "", 100.0 / k, cfg.seed());
        }
        if (cfg.balance() == Trainer.Balance.UNDERSAMPLE) {
            split = split.undersampled(classes, cfg.seed());
        }
        say.accept("Dataset " + train.source() + ": " + classes.size() + " classes, split " + splitKind
                + ", balance " + cfg.balance().name().toLowerCase());
        say.accept(countsTable(classes, split));
        return new Loaded(train.source(), classes, split, groupOf);
    }

    private static Function<Clip, String> groupFunction(TrainingConfig cfg) {
        if (cfg.group() == null) {
            return c -> c.group() != null ? "group:" + c.group() : c.file().toString();
        }
        return c -> {
            String name = c.file().getFileName().toString();
            Matcher m = cfg.group().matcher(name);
            if (!m.find()) {
                return c.file().toString();
            }
            return c.label() + "/" + (m.groupCount() > 0 && m.group(1) != null ? m.group(1) : m.group());
        };
    }

    private static String countsTable(List<String> classes, Split s) {
        Map<String, Integer> tr = Dataset.countByClass(classes, s.train());
        Map<String, Integer> te = Dataset.countByClass(classes, s.test());
        int w = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(5));
        StringBuilder sb = new StringBuilder(String.format("  %-" + w + "s  %5s  %5s", "class", "train", "test"));
        for (String c : classes) {
            sb.append(String.format("%n  %-" + w + "s  %5d  %5d", c, tr.get(c), te.get(c)));
        }
        return sb.toString();
    }
}
