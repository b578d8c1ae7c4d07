package dev.audioml.train.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Stratified, grouped fold assignment, in the spirit of scikit-learn's {@code StratifiedGroupKFold(shuffle=True)}:
 * every clip of a group (e.g. the takes of one source, the notes of one instrument sample set) lands in the same fold,
 * and each class is spread over the folds as evenly as the groups allow. Groups are shuffled with the seed, then
 * placed largest first, each into the fold where its classes are least represented so far (ties: the fold with fewer
 * clips, then the lower index). Without groups (each clip its own group) this is a stratified shuffle into folds.
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class Folds {
    private Folds() {
    }

    /**
     * Assigns clips to folds.
     *
     * @param classes the class names (labels of the clips)
     * @param clips the clips
     * @param groupOf each clip's group key; clips with equal keys share a fold
     * @param k number of folds, at least 2
     * @param seed shuffling seed
     * @return the fold of each clip, in [0, k), in the order of {@code clips}
     */
    public static int[] assign(List<String> classes, List<Clip> clips, Function<Clip, String> groupOf, int k,
            long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("folds must be >= 2, got " + k);
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < clips.size(); i++) {
            groups.computeIfAbsent(groupOf.apply(clips.get(i)), g -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> order = new ArrayList<>(groups.values());
        Collections.shuffle(order, new Random(seed));
        order.sort(Comparator.comparingInt(g -> -g.size())); // stable: equal sizes keep the shuffled order
        int[] classTotals = new int[classes.size()];
        clips.forEach(c -> classTotals[classes.indexOf(c.label())]++);
        int[][] perFold = new int[k][classes.size()];
        int[] foldSize = new int[k];
        int[] fold = new int[clips.size()];
        for (List<Integer> g : order) {
            int[] counts = new int[classes.size()];
            g.forEach(i -> counts[classes.indexOf(clips.get(i).label())]++);
            int best = 0;
            double bestFill = Double.POSITIVE_INFINITY;
            for (int f = 0; f < k; f++) {
                double fill = 0;
                for (int c = 0; c < counts.length; c++) {
                    if (counts[c] > 0) {
                        fill += (perFold[f][c] + counts[c]) / (double) classTotals[c];
                    }
                }
                if (fill < bestFill - 1e-12 || (Math.abs(fill - bestFill) <= 1e-12 && foldSize[f] < foldSize[best])) {
                    best = f;
                    bestFill = fill;
                }
            }
            for (int c = 0; c < counts.length; c++) {
                perFold[best][c] += counts[c];
            }
            foldSize[best] += g.size();
            for (int i : g) {
                fold[i] = best;
            }
        }
        return fold;
    }
}
