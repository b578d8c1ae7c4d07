package dev.audioml.train.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * A train / validation / test partition of clips. Splits are stratified (each class contributes the same fraction to
 * each part) and seeded: the same clips, fractions and seed give the same split.
 *
 * <p>Immutable and thread-safe.
 *
 * @param train clips the head is fitted on
 * @param validation clips for early stopping (may be empty: training then runs all epochs)
 * @param test held-out clips the report is computed on
 * @since 0.1
 */
public record Split(List<Clip> train, List<Clip> validation, List<Clip> test) {
    /** Copies the lists. */
    public Split {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
        test = List.copyOf(test);
    }

    /**
     * Splits every class's clips into train, validation and test parts. A class with fewer than three clips gives none
     * to the smaller parts (it cannot be in all three); otherwise each part gets at least one clip.
     *
     * @param classes class order
     * @param clips clips to split
     * @param validationFraction share for validation, in [0, 1)
     * @param testFraction share for test, in [0, 1)
     * @param seed shuffling seed
     * @return the split
     */
    public static Split stratified(List<String> classes, List<Clip> clips, double validationFraction,
            double testFraction, long seed) {
        checkFraction("validationFraction", validationFraction);
        checkFraction("testFraction", testFraction);
        if (validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException("validationFraction + testFraction must be < 1, got "
                    + (validationFraction + testFraction));
        }
        List<Clip> train = new ArrayList<>();
        List<Clip> val = new ArrayList<>();
        List<Clip> test = new ArrayList<>();
        Random random = new Random(seed);
        for (List<Clip> group : byClass(classes, clips).values()) {
            Collections.shuffle(group, random);
            int n = group.size();
            int nTest = share(n, n, testFraction);
            int nVal = share(n, n - nTest, validationFraction);
            test.addAll(group.subList(0, nTest));
            val.addAll(group.subList(nTest, nTest + nVal));
            train.addAll(group.subList(nTest + nVal, n));
        }
        return new Split(train, val, test);
    }

    /**
     * Uses the clips of one CSV fold as the test set, and a stratified validation share of the others.
     *
     * @param classes class order
     * @param clips clips with folds
     * @param testFold the fold held out for testing, or {@code null} for the last fold in sorted order
     * @param validationFraction share of the remaining clips for validation
     * @param seed shuffling seed
     * @return the split
     * @throws IllegalArgumentException if no clip is in {@code testFold}
     */
    public static Split byFold(List<String> classes, List<Clip> clips, String testFold, double validationFraction,
            long seed) {
        TreeSet<String> folds = new TreeSet<>((a, b) -> compareFolds(a, b));
        clips.forEach(c -> folds.add(String.valueOf(c.fold())));
        String fold = testFold == null ? folds.last() : testFold;
        if (!folds.contains(fold)) {
            throw new IllegalArgumentException("test fold \"" + fold + "\" has no clips; folds are " + folds);
        }
        List<Clip> rest = clips.stream().filter(c -> !fold.equals(String.valueOf(c.fold()))).toList();
        List<Clip> test = clips.stream().filter(c -> fold.equals(String.valueOf(c.fold()))).toList();
        Split tv = stratified(classes, rest, validationFraction, 0, seed);
        return new Split(tv.train, tv.validation, test);
    }

    /**
     * Undersamples the training part so that every class has as many clips as the smallest one (the workshop's
     * balancing); validation and test stay as they are.
     *
     * @param classes class order
     * @param seed which clips are kept
     * @return the balanced split
     */
    public Split undersampled(List<String> classes, long seed) {
        Map<String, List<Clip>> groups = byClass(classes, train);
        int min = groups.values().stream().mapToInt(List::size).filter(n -> n > 0).min().orElse(0);
        Random random = new Random(seed);
        List<Clip> kept = new ArrayList<>();
        for (List<Clip> g : groups.values()) {
            Collections.shuffle(g, random);
            kept.addAll(g.subList(0, Math.min(min, g.size())));
        }
        return new Split(kept, validation, test);
    }

    static Map<String, List<Clip>> byClass(List<String> classes, List<Clip> clips) {
        Map<String, List<Clip>> groups = new LinkedHashMap<>();
        classes.forEach(c -> groups.put(c, new ArrayList<>()));
        clips.forEach(c -> groups.get(c.label()).add(c));
        return groups;
    }

    /** {@code round(total * fraction)} clips out of the {@code left} still unassigned, keeping at least 2 behind. */
    private static int share(int total, int left, double fraction) {
        if (fraction <= 0 || left < 3) {
            return 0;
        }
        return Math.max(1, Math.min(left - 2, (int) Math.round(total * fraction)));
    }

    private static int compareFolds(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private static void checkFraction(String name, double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + f);
        }
    }
}
