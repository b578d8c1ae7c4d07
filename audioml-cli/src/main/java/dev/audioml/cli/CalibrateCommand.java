package dev.audioml.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import dev.audioml.core.Source;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.post.EventDetector;
import dev.audioml.core.post.EventRules;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.cli.CalibrationAudio.Positive;
import dev.audioml.onnx.AudioModel;
import dev.audioml.plot.DetFigure;
import dev.audioml.plot.Figure;
import dev.audioml.train.eval.Plots;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code audioml calibrate}: stream calibration of a label's threshold and patience. Positive clips are mixed into
 * background audio at known times and SNRs, the mixture runs through the live path (the model's pipeline at its own
 * hop, or {@code --hop}, as {@code live} runs it), and every threshold x patience is scored: false accepts per hour of
 * audio and false-reject rate. Writes a DET curve (PNG), the table (JSON) and the setting meeting
 * {@code --max-fa-per-hour} with the lowest false-reject rate, which {@code classify}/{@code live --calibration}
 * load. Experimental: may change in a minor release.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Calibrate a label's event threshold and patience on a stream.",
            "Positives are mixed into background audio at known times and SNRs; writes false accepts per hour vs "
                + "false-reject rate, a DET curve and the setting classify/live --calibration load."})
public final class CalibrateCommand implements Callable<Integer> {
    /** An event counts as accepting a positive if it starts before the positive's end plus this (head latency). */
    static final double ACCEPT_AFTER_END_S = 1.5;
    private static final double FIRST_POSITIVE_S = 2.0;
    private static final double MIN_GAP_S = 3.0;
    private static final double EXTRA_GAP_S = 3.0;
    /** Times each clip x SNR is placed. */
    private static final int POSITIVE_ROUNDS = 2;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--label", paramLabel = "L", description = "The label to calibrate (default: the model's first).")
    String label;

    @Option(names = "--positives", required = true, paramLabel = "DIR", description = "Folder of positive clips (any format capture decodes).")
    Path positives;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Background background;

    static final class Background {
        @Option(names = "--background", paramLabel = "PATH", description = "Background audio: a file, or a folder of files played one after another.")
        Path path;

        @Option(names = "--synthesize-background", paramLabel = "HOURS",
                description = "Make HOURS of background on this machine: espeak-ng speech over sox noise, sox-synthesized music, noise.")
        Double hours;
    }

    @Option(names = "--snr-db", paramLabel = "DB", split = ",", defaultValue = "10,5",
            description = "SNRs the positives are mixed at, in dB against the background under them (default: ${DEFAULT-VALUE}).")
    List<Double> snrDb;

    @Option(names = "--patience", paramLabel = "N", split = ",", defaultValue = "1,2,3,4",
            description = "Patience values to try, in windows (default: ${DEFAULT-VALUE}).")
    List<Integer> patience;

    @Option(names = "--max-fa-per-hour", paramLabel = "R", defaultValue = "0.5",
            description = "Target: at most R false accepts per hour, as a 95 %% upper bound (0 false accepts in H hours shows < 3/H; default: ${DEFAULT-VALUE}).")
    double maxFaPerHour;

    @Option(names = "--recheck-hours", paramLabel = "HOURS",
            description = "Recheck the chosen setting on this much fresh synthesized background (default: as much as --synthesize-background, none with --background).")
    Double recheckHours;

    @Option(names = "--hop", paramLabel = "S",
            description = "Hop between windows in seconds, as live/classify --hop (default: the model's own hop, else its window); "
                + "the chosen patience counts windows at this hop, so live must run at the same hop.")
    Double hopSeconds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "15", description = "Seed of the mixing and synthesis (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Writes calibration.json, det.png and det.svg here.")
    Path out;

    @Spec
    CommandSpec spec;

    /** The thresholds tried: 0.05, 0.10, ..., 0.95. */
    static float[] thresholds() {
        float[] t = new float[19];
        for (int i = 0; i < t.length; i++) {
            t[i] = Math.round((i + 1) * 5) / 100f;
        }
        return t;
    }


    record Point(float threshold, int patience, int falseAccepts, double faPerHour, double faPerHourUpper, int rejected,
            double frr) {
    }

    /**
     * One-sided 95 % upper confidence bound of a Poisson rate given {@code k} events (exact: the rate at which
     * {@code P(X <= k) = 0.05}); 3.0 for k = 0, the "rule of three".
     */
    static double poissonUpper95(int k) {
        double lo = k;
        double hi = k + 10 + 10 * Math.sqrt(k + 1);
        for (int it = 0; it < 100; it++) {
            double mid = (lo + hi) / 2;
            double term = Math.exp(-mid);
            double cdf = term;
            for (int i = 1; i <= k; i++) {
                term *= mid / i;
                cdf += term;
            }
            if (cdf > 0.05) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    @Override
    public Integer call() throws Exception {
        if (modelOptions.models.size() != 1) {
            throw new Main.UsageException("calibrate takes one --model, got " + modelOptions.models.size());
        }
        if (!Files.isDirectory(positives)) {
            throw new Main.UsageException("--positives must be a folder, got " + positives);
        }
        if (background.hours != null && !(background.hours > 0 && background.hours < 1000)) {
            throw new Main.UsageException("--synthesize-background must be in (0, 1000) hours, got " + background.hours);
        }
        if (background.path != null && !Files.exists(background.path)) {
            throw new Main.UsageException("no such background: " + background.path);
        }
        ModelOptions.requirePositive("--hop", hopSeconds);
        if (!(maxFaPerHour >= 0)) {
            throw new Main.UsageException("--max-fa-per-hour must be >= 0, got " + maxFaPerHour);
        }
        for (int p : patience) {
            if (p < 1) {
                throw new Main.UsageException("--patience values must be >= 1, got " + p);
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        Files.createDirectories(out);
        List<ModelOptions.NamedModel> models = modelOptions.open(spec.commandLine().getErr());
        try (AudioModel model = models.get(0).model()) {
            List<String> labels = model.labels();
            String target = label != null ? label : labels.get(0);
            int index = labels.indexOf(target);
            if (index < 0) {
                throw new Main.UsageException("--label " + target + " is not one of the model's labels " + labels);
            }
            int rate = model.sampleRateHz();
            int hop = ModelOptions.hopSamples(hopSeconds, model);
            List<float[]> clips = new ArrayList<>();
            for (Path clip : CalibrationAudio.audioFiles(positives)) {
                clips.add(CalibrationAudio.read(clip, rate));
            }
            if (clips.isEmpty()) {
                throw new Main.UsageException("--positives " + positives + " holds no audio file");
            }
            // the positives come first, each clip x SNR POSITIVE_ROUNDS times; false accepts are counted only in the
            // background after them (events near a positive would be taken for it), so the synthesized background is
            // the asked hours plus room for the positives
            int placements = clips.size() * snrDb.size() * POSITIVE_ROUNDS;
            long positiveRoom = Math.round(FIRST_POSITIVE_S * rate) + (long) placements
                    * (clips.stream().mapToInt(c -> c.length).max().orElse(0) + Math.round((MIN_GAP_S + EXTRA_GAP_S) * rate));
            Source bg = background.path != null ? CalibrationAudio.sequence(CalibrationAudio.audioFiles(background.path), rate)
                    : SynthesizedBackground.of(background.hours + positiveRoom / (double) rate / 3600, rate, seed, spec.commandLine().getErr());
            CalibrationAudio.Mixer mixture = new CalibrationAudio.Mixer(bg, clips, snrDb, new SplittableRandom(seed),
                    FIRST_POSITIVE_S, MIN_GAP_S, EXTRA_GAP_S, placements);
            o.printf(Locale.ROOT, "calibrate: %s label %s; mixing %d clips x SNR %s dB into the background and scoring it%n",
                    models.get(0).name(), target, clips.size(), snrDb);
            o.flush();
            double[][] scored = scoreStream(model, mixture, index, hop, spec.commandLine().getErr());
            List<Positive> truth = mixture.positives();
            if (truth.isEmpty()) {
                throw new Main.UsageException("the background (" + mixture.samples() / rate + " s) is too short to place a positive");
            }
            long cleanFrom = Math.min(mixture.samples(), truth.get(truth.size() - 1).endSample()
                    + Math.round((ACCEPT_AFTER_END_S + MIN_GAP_S) * rate));
            double hours = (mixture.samples() - cleanFrom) / (double) rate / 3600;
            if (!(hours > 0)) {
                throw new Main.UsageException("the background (" + mixture.samples() / rate + " s) has no room left for false"
                        + " accepts after the " + truth.size() + " positives (" + cleanFrom / rate + " s)");
            }
            o.printf(Locale.ROOT, "calibrate: %d positives in the first %.1f min, then %.3f h of background alone%n",
                    truth.size(), cleanFrom / (double) rate / 60, hours);
            o.flush();
            EventRules base = model.defaultEvents() instanceof EventRules r ? r : EventRules.DEFAULT;
            List<Point> table = new ArrayList<>();
            for (int p : patience) {
                for (float t : thresholds()) {
                    table.add(evaluate(base, t, p, scored, truth, cleanFrom, rate, hours, target));
                }
            }
            // a setting meets the target when the 95 % upper bound of its false-accept rate does: zero false accepts in
            // H hours only shows a rate below 3 / H per hour
            Point chosen = choose(table, maxFaPerHour);
            Double recheck = null;
            double recheckH = recheckHours != null ? recheckHours : background.hours != null ? background.hours : 0;
            if (chosen != null && recheckH > 0) {
                Source fresh = SynthesizedBackground.of(recheckH, rate, seed + 1_000_003L, spec.commandLine().getErr());
                long freshSamples = fresh.frameCount().orElseThrow();
                double[][] freshScores = scoreStream(model, fresh, index, hop, spec.commandLine().getErr());
                Point p = evaluate(base, chosen.threshold(), chosen.patience(), freshScores, List.of(), 0, rate,
                        freshSamples / (double) rate / 3600, target);
                recheck = p.faPerHour();
            }
            writeJson(models.get(0).name(), target, hop / (double) rate, hours, truth.size(), table, chosen, recheck, recheckH, base);
            plot(table, chosen, out.resolve("det.png"), models.get(0).name() + " " + target);
            if (chosen == null) {
                // among the settings that accept a positive at all
                OptionalInt fewest = table.stream().filter(pt -> pt.frr() < 1).mapToInt(Point::falseAccepts).min();
                if (fewest.isEmpty()) {
                    o.printf(Locale.ROOT, "no setting accepts any of the %d positives; see %s%n", truth.size(),
                            out.resolve("calibration.json"));
                } else {
                    o.printf(Locale.ROOT, "no setting that accepts positives shows at most %.2f false accepts per hour (95 %%"
                            + " upper bound) on %.3f h of background: with %d false accepts that needs at least %.1f h; see %s%n",
                            maxFaPerHour, hours, fewest.getAsInt(), poissonUpper95(fewest.getAsInt()) / maxFaPerHour,
                            out.resolve("calibration.json"));
                }
            } else {
                o.printf(Locale.ROOT, "chosen: threshold %.2f, patience %d: %.2f false accepts per hour (95 %% upper bound %.2f),"
                        + " false-reject rate %.3f%s%n", chosen.threshold(), chosen.patience(), chosen.faPerHour(),
                        chosen.faPerHourUpper(), chosen.frr(),
                        recheck == null ? "" : String.format(Locale.ROOT, "; recheck on %.3f h of fresh background: %.2f per hour", recheckH, recheck));
            }
            o.println("wrote " + out.resolve("calibration.json") + ", " + out.resolve("det.png") + " and det.svg");
            o.flush();
            return chosen == null ? 1 : 0;
        } finally {
            if (models.size() > 1) {
                models.subList(1, models.size()).forEach(ModelOptions.NamedModel::close);
            }
        }
    }

    /**
     * The label's score per window of the live path (windows {@code hop} samples apart, no padding): rows {start
     * sample, end sample, score}, doubles so that sample positions stay exact past 2^24 (17 min at 16 kHz). Prints a
     * progress line to {@code err} (nullable) every half hour of audio. Closes {@code audio}.
     */
    static double[][] scoreStream(AudioModel model, Source audio, int index, int hop, PrintWriter err) {
        List<double[]> rows = new ArrayList<>();
        int rate = model.sampleRateHz();
        long every = 1800L * rate;
        long started = System.nanoTime();
        OptionalLong total = audio.frameCount();
        long[] next = {every};
        try (Pipeline p = Pipeline.builder().source(audio)
                .features(model.newExtractor()).window(model.windowSamples(), hop)
                .classifier(model.newClassifier())
                .sink(new CallbackSink(c -> {
                    rows.add(new double[] {c.startSample(), c.endSample(), c.score(index)});
                    if (err != null && c.endSample() >= next[0]) {
                        next[0] += every;
                        err.printf(Locale.ROOT, "calibrate: scored %.1f%s h in %.1f min%n", c.endSample() / (double) rate / 3600,
                                total.isPresent() ? String.format(Locale.ROOT, " of %.1f", total.getAsLong() / (double) rate / 3600) : "",
                                (System.nanoTime() - started) / 6e10);
                        err.flush();
                    }
                }))
                .build()) {
            p.run();
        }
        return rows.toArray(double[][]::new);
    }

    /**
     * The setting to use: among those whose false-accept bound meets {@code maxFaPerHour} and that accept at least one
     * positive (a setting that never fires meets any target), the lowest false-reject rate; among equals the fewest
     * false accepts, then the highest threshold (the most margin on fresh audio), then the lowest patience (latency).
     *
     * @return the setting, or null when none qualifies
     */
    static Point choose(List<Point> table, double maxFaPerHour) {
        return table.stream().filter(pt -> pt.faPerHourUpper() <= maxFaPerHour && pt.frr() < 1)
                .min((a, b) -> a.frr() != b.frr() ? Double.compare(a.frr(), b.frr())
                        : a.faPerHour() != b.faPerHour() ? Double.compare(a.faPerHour(), b.faPerHour())
                        : a.threshold() != b.threshold() ? Float.compare(b.threshold(), a.threshold())
                        : Integer.compare(a.patience(), b.patience()))
                .orElse(null);
    }

    /**
     * Runs one setting's event rules over the scores and matches the events to the positives; an event that matches
     * none is a false accept if it starts at or after {@code cleanFrom} (the background alone, {@code hours} long).
     */
    static Point evaluate(EventRules base, float threshold, int patience, double[][] scored, List<Positive> truth,
            long cleanFrom, int rate, double hours, String label) {
        EventDetector rules = base.toBuilder().threshold(threshold).patience(patience).build();
        EventDetector.LabelDetector d = rules.newLabel(label);
        List<Event> events = new ArrayList<>();
        List<String> labels = List.of(label);
        for (double[] row : scored) {
            d.accept(new Classification((long) row[0], (long) row[1], rate, labels, new float[] {(float) row[2]}), (float) row[2], events::add);
        }
        d.finish(events::add);
        boolean[] accepted = new boolean[truth.size()];
        int falseAccepts = 0;
        long after = Math.round(ACCEPT_AFTER_END_S * rate);
        for (Event e : events) {
            boolean matched = false;
            for (int i = 0; i < truth.size() && !matched; i++) {
                Positive p = truth.get(i);
                if (e.endSample() > p.startSample() && e.startSample() < p.endSample() + after) {
                    matched = true;
                    accepted[i] = true;
                }
            }
            if (!matched && e.startSample() >= cleanFrom) {
                falseAccepts++;
            }
        }
        int rejected = 0;
        for (boolean a : accepted) {
            rejected += a ? 0 : 1;
        }
        return new Point(threshold, patience, falseAccepts, falseAccepts / hours, poissonUpper95(falseAccepts) / hours, rejected,
                truth.isEmpty() ? 0 : rejected / (double) truth.size());
    }

    private void writeJson(String model, String target, double hopS, double hours, int positiveCount, List<Point> table, Point chosen,
            Double recheck, double recheckH, EventRules base) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("label", target);
        json.put("max_fa_per_hour", maxFaPerHour);
        json.put("background_hours", hours);
        json.put("positives", positiveCount);
        json.put("snr_db", snrDb);
        json.put("hop_seconds", hopS);
        json.put("base_rules", base.toString());
        if (chosen != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("threshold", chosen.threshold());
            c.put("patience", chosen.patience());
            c.put("fa_per_hour", chosen.faPerHour());
            c.put("fa_per_hour_upper95", chosen.faPerHourUpper());
            c.put("frr", chosen.frr());
            if (recheck != null) {
                c.put("recheck_hours", recheckH);
                c.put("recheck_fa_per_hour", recheck);
            }
            json.put("chosen", c);
        } else {
            json.put("chosen", null);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Point p : table) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("threshold", p.threshold());
            r.put("patience", p.patience());
            r.put("false_accepts", p.falseAccepts());
            r.put("fa_per_hour", p.faPerHour());
            r.put("fa_per_hour_upper95", p.faPerHourUpper());
            r.put("false_rejects", p.rejected());
            r.put("frr", p.frr());
            rows.add(r);
        }
        json.put("table", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("calibration.json").toFile(), json);
    }

    /**
     * DET curve: false-reject rate against false accepts per hour, one line per patience, the chosen point ringed;
     * written as {@code png} and an SVG beside it.
     */
    private void plot(List<Point> table, Point chosen, Path png, String title) throws IOException {
        DetFigure det = DetFigure.builder().title("DET: " + title).target(maxFaPerHour);
        for (int p : patience) {
            List<Point> line = table.stream().filter(pt -> pt.patience() == p).toList();
            det.curve("patience " + p, line.stream().mapToDouble(Point::faPerHour).toArray(),
                    line.stream().mapToDouble(Point::frr).toArray());
        }
        if (chosen != null) {
            det.chosen(chosen.faPerHour(), chosen.frr(), String.format(Locale.ROOT, "threshold %.2f, patience %d",
                    chosen.threshold(), chosen.patience()));
        }
        Figure figure = det.build();
        figure.writePng(png);
        figure.writeSvg(Plots.svgBeside(png));
    }
}
