package dev.audioml.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.audioml.core.post.EventDetector;
import dev.audioml.core.post.EventRules;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.onnx.AudioModel;
import dev.audioml.onnx.silero.SpeechSegmenter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The event options shared by {@code classify} and {@code live}: one set of flags over the model's default events step
 * ({@link AudioModel#defaultEvents()}: {@link EventRules} for most models, Silero's {@code get_speech_timestamps}
 * segmenter for {@code silero-vad}); a flag given replaces that one value of the default.
 */
final class EventOptions {
    @Option(names = "--events", description = "Also report events: runs of windows where a label scores at least the threshold, with start, end and peak"
            + " score, under the model's default rules (presets: see docs/presets.md) changed by the flags below.")
    boolean events;

    @Option(names = "--threshold", paramLabel = "T",
            description = "Report only labels scoring at least T (windows with none are skipped); with --events, the score that starts an event"
                    + " (default: the model's, 0.5 for most).")
    Float threshold;

    @Option(names = "--off-threshold", paramLabel = "T",
            description = "Hysteresis: an event goes on while the score stays at least T (<= the threshold; Silero: its neg_threshold). Implies --events.")
    Float offThreshold;

    @Option(names = "--patience", paramLabel = "N",
            description = "An event starts only after N consecutive windows at or above the threshold (openWakeWord's patience). Implies --events.")
    Integer patience;

    @Option(names = "--debounce-seconds", paramLabel = "S",
            description = "After an event starts, the same label cannot start another for S seconds (openWakeWord's debounce_time). Implies --events.")
    Double debounceSeconds;

    @Option(names = "--cooldown-seconds", paramLabel = "S",
            description = "After an event ends, the same label cannot start another for S seconds. Implies --events.")
    Double cooldownSeconds;

    @Option(names = "--min-event-seconds", paramLabel = "S",
            description = "Drop events shorter than S seconds (Silero: min_speech_duration_ms). Implies --events.")
    Double minEventSeconds;

    @Option(names = "--merge-gap-seconds", paramLabel = "S",
            description = "Merge events of one label less than S seconds apart (Silero: min_silence_duration_ms). Implies --events.")
    Double mergeGapSeconds;

    @Option(names = "--vad-threshold", paramLabel = "P",
            description = "Labels fire only around speech: zero a window's scores unless Silero VAD scored at least P in it"
                    + " (any model), or in 0.32-0.56 s before (openWakeWord presets: openWakeWord's vad_threshold).")
    Float vadThreshold;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "A calibration.json written by 'audioml calibrate': its chosen threshold and patience become the event rules'"
                    + " (--threshold/--patience given here win). Implies --events.")
    Path calibration;

    private Float calibratedThreshold;
    private Integer calibratedPatience;
    private Double calibratedHopSeconds;

    /** @return whether events are reported: {@code --events} or any event rule flag */
    boolean eventsOn() {
        return events || calibration != null || offThreshold != null || patience != null || debounceSeconds != null || cooldownSeconds != null
                || minEventSeconds != null || mergeGapSeconds != null;
    }

    /**
     * Checks the values.
     *
     * @throws Main.UsageException naming the flag, its allowed range and the value given
     */
    void validate() {
        if (threshold != null && !Float.isFinite(threshold)) {
            throw new Main.UsageException("--threshold must be a finite score, got " + threshold);
        }
        if (offThreshold != null && !(Float.isFinite(offThreshold) && (threshold == null || offThreshold <= threshold))) {
            throw new Main.UsageException("--off-threshold must be a finite score <= --threshold" + (threshold == null ? "" : " (" + threshold + ")")
                    + ", got " + offThreshold);
        }
        if (vadThreshold != null && !(vadThreshold > 0 && vadThreshold < 1)) {
            throw new Main.UsageException("--vad-threshold must be in (0, 1), got " + vadThreshold);
        }
        if (patience != null && patience < 1) {
            throw new Main.UsageException("--patience must be >= 1 windows, got " + patience);
        }
        if (calibration != null) {
            readCalibration();
        }
        requireSeconds("--debounce-seconds", debounceSeconds);
        requireSeconds("--cooldown-seconds", cooldownSeconds);
        requireSeconds("--min-event-seconds", minEventSeconds);
        requireSeconds("--merge-gap-seconds", mergeGapSeconds);
    }

    private void readCalibration() {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(calibration.toFile());
        } catch (IOException e) {
            throw new Main.UsageException("--calibration " + calibration + ": cannot read it (" + e.getMessage() + ")");
        }
        JsonNode chosen = root.path("chosen");
        if (!chosen.path("threshold").isNumber() || !chosen.path("patience").isIntegralNumber()) {
            throw new Main.UsageException("--calibration " + calibration + " has no chosen setting (\"chosen\": {\"threshold\": .., \"patience\": ..})");
        }
        calibratedThreshold = chosen.get("threshold").floatValue();
        calibratedPatience = chosen.get("patience").intValue();
        JsonNode hop = root.path("hop_seconds");
        calibratedHopSeconds = hop.isNumber() ? hop.doubleValue() : null; // files before 0.1's hop_seconds: not known
    }

    /**
     * A calibrated patience counts windows at the hop the calibration ran at: the same count at another hop is another
     * setting, whose false accepts per hour were never measured.
     *
     * @param hopSamples this run's hop, in samples at {@code rateHz}
     * @param rateHz the model's sample rate
     * @throws Main.UsageException if {@code --calibration} was made at another hop
     */
    void requireCalibratedHop(int hopSamples, int rateHz) {
        if (calibratedHopSeconds != null && Math.abs(calibratedHopSeconds * rateHz - hopSamples) > 0.5) {
            throw new Main.UsageException(String.format(Locale.ROOT, "--calibration %s was made at a hop of %.4g s and this run's hop"
                    + " is %.4g s: its patience counts windows, so run with --hop %.4g (or calibrate at this hop)", calibration,
                    calibratedHopSeconds, hopSamples / (double) rateHz, calibratedHopSeconds));
        }
    }

    private static void requireSeconds(String flag, Double seconds) {
        if (seconds != null && !(seconds >= 0 && seconds < Double.POSITIVE_INFINITY)) {
            throw new Main.UsageException(flag + " must be a number of seconds >= 0, got " + seconds);
        }
    }

    /**
     * @param model the model whose default events step the flags change
     * @param reportThreshold whether {@code --threshold} also filters the reported windows
     * @return a post-processor builder with the threshold filter and, when events are on, the events step
     */
    PostProcessor.Builder postProcessor(AudioModel model, boolean reportThreshold) {
        PostProcessor.Builder post = PostProcessor.builder();
        if (threshold != null && reportThreshold) {
            post.threshold(threshold);
        }
        if (eventsOn()) {
            post.events(detector(model.defaultEvents(), model));
        }
        return post;
    }

    /**
     * @param defaults the model's default events step
     * @param model the model, for messages
     * @return the defaults with every given flag applied
     */
    EventDetector detector(EventDetector defaults, Object model) {
        if (calibratedThreshold != null && !(defaults instanceof EventRules)) {
            throw new Main.UsageException("--calibration applies to models whose events are EventRules (threshold and patience), not "
                    + model + "'s " + (defaults instanceof SpeechSegmenter ? "speech segments" : defaults));
        }
        if (defaults instanceof SpeechSegmenter seg) {
            for (Object[] flag : new Object[][] {{"--patience", patience}, {"--debounce-seconds", debounceSeconds},
                    {"--cooldown-seconds", cooldownSeconds}}) {
                if (flag[1] != null) {
                    throw new Main.UsageException(flag[0] + " does not apply to speech segments (Silero's get_speech_timestamps);"
                            + " use --threshold, --off-threshold, --min-event-seconds, --merge-gap-seconds");
                }
            }
            SpeechSegmenter.Builder b = SpeechSegmenter.builder().sampleRateHz(seg.sampleRateHz())
                    .threshold(threshold != null ? threshold : seg.threshold())
                    .minSpeechMs(minEventSeconds != null ? ms(minEventSeconds) : seg.minSpeechMs())
                    .minSilenceMs(mergeGapSeconds != null ? ms(mergeGapSeconds) : seg.minSilenceMs())
                    .speechPadMs(seg.speechPadMs());
            if (offThreshold != null) {
                b.negativeThreshold(offThreshold);
            }
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException("speech segments: " + e.getMessage());
            }
        }
        EventRules.Builder b = defaults instanceof EventRules rules ? rules.toBuilder() : null;
        if (b == null) {
            if (threshold != null || offThreshold != null || patience != null || debounceSeconds != null
                    || cooldownSeconds != null || minEventSeconds != null || mergeGapSeconds != null) {
                throw new Main.UsageException("the event flags do not apply to " + model + "'s own events step " + defaults);
            }
            return defaults;
        }
        if (calibratedThreshold != null) {
            b.threshold(calibratedThreshold);
        }
        if (calibratedPatience != null) {
            b.patience(calibratedPatience);
        }
        if (threshold != null) {
            b.threshold(threshold);
        }
        if (offThreshold != null) {
            b.thresholds(threshold != null ? threshold : defaults instanceof EventRules r ? r.onThreshold() : 0.5f, offThreshold);
        }
        if (patience != null) {
            b.patience(patience);
        }
        if (debounceSeconds != null) {
            b.debounceSeconds(debounceSeconds);
        }
        if (cooldownSeconds != null) {
            b.cooldownSeconds(cooldownSeconds);
        }
        if (minEventSeconds != null) {
            b.minEventSeconds(minEventSeconds);
        }
        if (mergeGapSeconds != null) {
            b.mergeGapSeconds(mergeGapSeconds);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("events: " + e.getMessage());
        }
    }

    private static int ms(double seconds) {
        return (int) Math.round(seconds * 1000);
    }
}
