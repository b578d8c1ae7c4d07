package dev.audioml.cli;

import dev.audioml.features.workshop.WorkshopSettings;
import dev.audioml.train.Trainer;
import dev.audioml.train.TrainingConfig;
import dev.audioml.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audioml train}: train a sound classifier on labelled clips and export it as one ONNX model. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a sound classifier on labelled clips: DIR/<label>/*.wav (any format), "
                + "DIR/train|test/<label>/, or a CSV with file and label columns (optional fold column).",
            "Writes model.onnx (runs with 'audioml classify --model'), report.json, confusion.png and loss.png."})
final class TrainCommand implements Callable<Integer> {
    private static final String WORKSHOP_IMAGE = "workshop-image";

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset folder (one sub-folder per class).")
    Path data;

    @Option(names = "--test", paramLabel = "DIR", description = "Separate labelled test folder (default: a seeded "
            + "stratified split, DIR/test, or the CSV's last fold).")
    Path test;

    @Option(names = "--csv", paramLabel = "FILE", description = "CSV dataset instead of --data; paths relative to it.")
    Path csv;

    @Option(names = "--test-fold", paramLabel = "F", description = "CSV fold held out for testing (default: the last).")
    String testFold;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--backbone", defaultValue = "auto", paramLabel = "NAME",
            description = "auto (cross-validate all), logmel-stats, oww-embedding, onnx:PATH[#TENSOR] (a model's "
                    + "output or internal tensor as the embedding; default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--features", paramLabel = "F", description = "Input of an onnx: backbone without its own "
            + "audioml.features: workshop-image (the workshop's spectrogram images, settings from --workshop-settings "
            + "or the shipped SpectrumVariables.csv values).")
    String features;

    @Option(names = "--workshop-settings", paramLabel = "CSV", description = "The workshop's SpectrumVariables.csv "
            + "for --features workshop-image (implies it).")
    Path workshopSettings;

    @Option(names = "--pooling", paramLabel = "P", description = "Pooling (logmel-stats: mean_std, mean; "
            + "oww-embedding: mean_max, mean, sequence; default: every pooling is cross-validated).")
    String pooling;

    @Option(names = "--head", paramLabel = "KIND", description = "logreg (default), mlp (one ReLU hidden layer), or "
            + "auto (both cross-validated; the MLP is kept only if it wins by more than the noise).")
    String head;

    @Option(names = "--hidden", defaultValue = "" + TrainingConfig.DEFAULT_HIDDEN_UNITS, paramLabel = "N", description = "MLP hidden units (default: "
            + "${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--C", paramLabel = "C", description = "Regularisation strength as scikit-learn's C (larger is "
            + "weaker; default: chosen from 0.01, 0.1, 1, 10, 100 by cross-validation).")
    Double c;

    @Option(names = "--max-iterations", defaultValue = "" + TrainingConfig.DEFAULT_MAX_ITERATIONS, paramLabel = "N", description = "Most L-BFGS iterations "
            + "per fit (default: ${DEFAULT-VALUE}).")
    int maxIterations;

    @Option(names = "--seed", defaultValue = "" + TrainingConfig.DEFAULT_SEED, paramLabel = "S", description = "Seed of split, folds, "
            + "initialisation and augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--window-seconds", defaultValue = "auto", paramLabel = "S", description = "Window length in "
            + "seconds, or auto: 1 s and the median clip length compared by cross-validation (default: "
            + "${DEFAULT-VALUE}).")
    String windowSeconds;

    @Option(names = "--hop-seconds", paramLabel = "S", description = "Hop between a clip's windows (default: half "
            + "the window).")
    Double hopSeconds;

    @Option(names = "--gate-db", defaultValue = "auto", paramLabel = "DB", description = "Level gate: windows more "
            + "than DB below their clip's loudest window are neither trained on nor scored; off, a number, or auto "
            + "(off and 20 compared by cross-validation; default: ${DEFAULT-VALUE}).")
    String gateDb;

    @Option(names = "--group", paramLabel = "REGEX", description = "Clips whose file names give the same match "
            + "(first capturing group, else the whole match) stay on one side of every split, e.g. takes of one "
            + "source: '^(.+)_take\\d+'.")
    String group;

    @Option(names = "--folds", defaultValue = "" + TrainingConfig.DEFAULT_FOLDS, paramLabel = "K", description = "Cross-validation folds "
            + "(default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--repeats", defaultValue = "" + TrainingConfig.DEFAULT_REPEATS, paramLabel = "N", description = "Cross-validation repeats with "
            + "fresh folds (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--balance", defaultValue = "weights", paramLabel = "HOW",
            description = "weights, undersample or none (default: ${DEFAULT-VALUE}).")
    String balance;

    @Option(names = "--augment", defaultValue = "0", paramLabel = "N", description = "Augmented copies of each "
            + "training clip: random gain, time shift, optional background noise (default: ${DEFAULT-VALUE}).")
    int augment;

    @Option(names = "--aug-gain-db", defaultValue = "6", paramLabel = "DB", description = "Random gain range +-DB "
            + "(default: ${DEFAULT-VALUE}).")
    double augGainDb;

    @Option(names = "--aug-shift-seconds", defaultValue = "0.1", paramLabel = "S", description = "Random time shift "
            + "range +-S (default: ${DEFAULT-VALUE}).")
    double augShiftSeconds;

    @Option(names = "--aug-noise", paramLabel = "DIR", description = "Folder of background noise to mix in.")
    Path augNoise;

    @Option(names = "--aug-snr-db", defaultValue = "10", paramLabel = "DB", description = "Lowest signal-to-noise "
            + "ratio of mixed noise; the ratio is random in [DB, DB+10] (default: ${DEFAULT-VALUE}).")
    double augSnrDb;

    @Option(names = "--fail-fast", description = "Stop at the first audio file that cannot be decoded (default: "
            + "skip it, train on the rest, name it on stderr and exit 1).")
    boolean failFast;

    @Option(names = "--cache", paramLabel = "DIR", description = "Embedding cache folder (default: "
            + "$AUDIOML_CACHE/embeddings or ~/.cache/audioml/embeddings).")
    Path cache;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if ((data == null) == (csv == null)) {
            throw new Main.UsageException("give exactly one of --data DIR and --csv FILE");
        }
        Trainer.Balance how;
        try {
            how = Trainer.Balance.valueOf(balance.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--balance must be weights, undersample or none, got \"" + balance + "\"");
        }
        if (features != null && !features.equals(WORKSHOP_IMAGE)) {
            throw new Main.UsageException("--features must be " + WORKSHOP_IMAGE + ", got \"" + features + "\"");
        }
        WorkshopSettings image = null;
        if (workshopSettings != null || features != null) {
            try {
                image = workshopSettings != null ? FeatureInputs.workshopSettings(workshopSettings)
                        : WorkshopSettings.shipped();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + workshopSettings, e);
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Trainer trainer;
        try {
            Trainer.Builder b = Trainer.builder().data(data).csv(csv).testData(test).testFold(testFold).out(out).backbone(backbone)
                    .pooling(pooling).head(head).hiddenUnits(hidden).c(c).maxIterations(maxIterations).seed(seed)
                    .windowSeconds(autoOrNumber("--window-seconds", windowSeconds, false))
                    .gateDb(autoOrNumber("--gate-db", gateDb, true)).folds(folds).repeats(repeats).balance(how)
                    .progress(line -> {
                        stdout.println(line);
                        stdout.flush();
                    });
            if (group != null) {
                try {
                    b.group(Pattern.compile(group));
                } catch (PatternSyntaxException e) {
                    throw new Main.UsageException("--group: not a regular expression: " + e.getDescription() + " in "
                            + group);
                }
            }
            b.failFast(failFast);
            b.augmentation(new dev.audioml.train.data.Augmentation(augment, augGainDb, augShiftSeconds, augNoise,
                    augSnrDb, seed));
            if (image != null) {
                b.onnxInput(image.toSpec(), image.windowSeconds());
            }
            if (hopSeconds != null) {
                b.hopSeconds(hopSeconds);
            }
            if (cache != null) {
                b.cacheDir(cache);
            }
            b.models(dev.audioml.onnx.preset.ModelCache.defaultCache(err::println));
            trainer = b.build();
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        TrainingResult r = trainer.run();
        stdout.printf("test accuracy %.3f, balanced accuracy %.3f (%s); model: %s%n",
                r.testMetrics().accuracy(), r.testMetrics().balancedAccuracy(), r.chosen().describe(),
                r.out().resolve("model.onnx"));
        if (!r.unreadable().isEmpty()) {
            // the model is written from the readable files; the exit code still says some were skipped
            int total = r.unreadable().size() + r.counts().values().stream()
                    .flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
            for (String file : r.unreadable()) {
                err.println("audioml train: " + file + ": unreadable, skipped (reason above)");
            }
            err.println("audioml train: " + r.unreadable().size() + " of " + total + " files failed");
            err.flush();
            return 1;
        }
        return 0;
    }

    /** @return null for {@code auto}, 0 for {@code off} (when allowed), else the number */
    private static Double autoOrNumber(String option, String value, boolean offAllowed) {
        if (value.equalsIgnoreCase("auto")) {
            return null;
        }
        if (offAllowed && value.equalsIgnoreCase("off")) {
            return 0.0;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new Main.UsageException(option + " must be auto" + (offAllowed ? ", off" : "") + " or a number, got \""
                    + value + "\"");
        }
    }
}
