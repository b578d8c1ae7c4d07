package dev.audioml.train;

import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.train.data.Augmentation;
import dev.audioml.train.embed.Backbones;
import dev.audioml.train.embed.OnnxTensorBackbone;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Everything a training run is told, validated once ({@link Trainer.Builder#build()}) and immutable afterwards; the
 * stages read it. The defaults and ranges are the library's; the CLI's options use these constants.
 *
 * @param data dataset folder, or null with {@code csv}
 * @param testDir a separate labelled test folder, or null
 * @param csv a CSV dataset, or null with {@code data}
 * @param testFold the CSV fold used as test set, or null for the last
 * @param out output folder
 * @param backbone {@code auto}, a name of {@link Backbones#NAMES} or {@code onnx:PATH[#TENSOR]}
 * @param pooling a pooling of the backbone, or null to compare them all
 * @param head {@code logreg}, {@code mlp}, {@code auto}, or null for {@code logreg}
 * @param hiddenUnits MLP hidden units
 * @param maxIterations most L-BFGS iterations per fit
 * @param c scikit-learn's C, or null to cross-validate {@link Trainer#C_GRID}
 * @param seed split, fold, initialisation and augmentation seed
 * @param windowSeconds window length in seconds, or null for {@code auto}
 * @param gateDb level gate in dB (0 = none), or null for {@code auto}
 * @param group file-name grouping, or null (every clip its own group)
 * @param folds cross-validation folds
 * @param repeats cross-validation repeats
 * @param onnxInput input feature spec of an {@code onnx:} backbone, or null for the model's own
 * @param hopSeconds hop between a clip's windows in seconds, or null for half the window
 * @param testFraction test share when no test set is given
 * @param balance class balancing
 * @param failFast whether an unreadable file stops the run
 * @param cacheDir embedding cache folder
 * @param models pretrained model cache
 * @param progress receives progress lines
 * @param augmentation training-clip augmentation
 * @since 0.1
 */
public record TrainingConfig(Path data, Path testDir, Path csv, String testFold, Path out, String backbone,
        String pooling, String head, int hiddenUnits, int maxIterations, Double c, long seed, Double windowSeconds,
        Double gateDb, Pattern group, int folds, int repeats, Map<String, Object> onnxInput, Double hopSeconds,
        double testFraction, Trainer.Balance balance, boolean failFast, Path cacheDir, ModelCache models,
        Consumer<String> progress, Augmentation augmentation) {

    /** Default MLP hidden units. */
    public static final int DEFAULT_HIDDEN_UNITS = 64;
    /** Default most L-BFGS iterations per fit. */
    public static final int DEFAULT_MAX_ITERATIONS = 500;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;
    /** Default cross-validation folds. */
    public static final int DEFAULT_FOLDS = 5;
    /** Default cross-validation repeats. */
    public static final int DEFAULT_REPEATS = 2;
    /** Default test share: one fold of five. */
    public static final double DEFAULT_TEST_FRACTION = 0.2;
    /** Shortest window accepted, in seconds: a few STFT frames. */
    public static final double MIN_WINDOW_SECONDS = 0.1;
    /** Longest window or hop accepted, in seconds: the backbones' limit. */
    public static final double MAX_WINDOW_SECONDS = Backbones.MAX_WINDOW_SECONDS;

    /**
     * Checks every value.
     *
     * @throws IllegalArgumentException naming the value and its valid range
     */
    public TrainingConfig {
        if (data == null && csv == null) {
            throw new IllegalArgumentException("give a dataset folder (data) or a CSV file (csv)");
        }
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(augmentation, "augmentation");
        if (!backbone.equals(Trainer.AUTO) && !Backbones.NAMES.contains(backbone)
                && !backbone.startsWith(OnnxTensorBackbone.PREFIX)) {
            throw new IllegalArgumentException("unknown backbone \"" + backbone + "\"; known: " + Trainer.AUTO + ", "
                    + String.join(", ", Backbones.NAMES) + ", onnx:PATH[#TENSOR]");
        }
        if (onnxInput != null && !backbone.startsWith(OnnxTensorBackbone.PREFIX)) {
            throw new IllegalArgumentException("an image or other input feature spec needs an onnx:PATH[#TENSOR] "
                    + "backbone (the CNN that takes it), got \"" + backbone + "\"");
        }
        if (head != null && !Trainer.HEADS.contains(head) && !head.equals(Trainer.AUTO)) {
            throw new IllegalArgumentException("head must be logreg, mlp or auto, got \"" + head + "\"");
        }
        check(windowSeconds == null || windowSeconds >= MIN_WINDOW_SECONDS && windowSeconds <= MAX_WINDOW_SECONDS,
                "window", windowSeconds, "[" + MIN_WINDOW_SECONDS + ", " + MAX_WINDOW_SECONDS + "] seconds");
        check(hopSeconds == null || hopSeconds > 0 && hopSeconds <= MAX_WINDOW_SECONDS, "hop", hopSeconds,
                "(0, " + MAX_WINDOW_SECONDS + "] seconds");
        check(gateDb == null || gateDb >= 0 && gateDb <= 120, "gate", gateDb, "[0, 120] dB (0: no gate)");
        check(c == null || c >= 1e-6 && c <= 1e6, "C", c, "[1e-6, 1e6]");
        check(hiddenUnits >= 1 && hiddenUnits <= 4096, "hidden units", hiddenUnits, "[1, 4096]");
        check(maxIterations >= 1 && maxIterations <= 100_000, "iterations", maxIterations, "[1, 100000]");
        check(folds >= 2 && folds <= 20, "folds", folds, "[2, 20]");
        check(repeats >= 1 && repeats <= 20, "repeats", repeats, "[1, 20]");
        check(testFraction >= 0.05 && testFraction <= 0.5, "test fraction", testFraction, "[0.05, 0.5]");
        onnxInput = onnxInput == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(onnxInput));
    }

    private static void check(boolean ok, String name, Object value, String range) {
        if (!ok) {
            throw new IllegalArgumentException(name + " must be in " + range + ", got " + value);
        }
    }
}
