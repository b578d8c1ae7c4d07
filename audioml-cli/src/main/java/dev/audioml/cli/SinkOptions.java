package dev.audioml.cli;

import dev.audioml.core.FeatureExtractor;
import dev.audioml.core.Sink;
import dev.audioml.core.pipeline.PipelineStats;
import dev.audioml.core.sink.JsonlSink;
import dev.audioml.sinks.delivery.WindowMeter;
import dev.audioml.sinks.midi.MidiMapping;
import dev.audioml.sinks.midi.MidiSink;
import dev.audioml.sinks.osc.OscMode;
import dev.audioml.sinks.osc.OscSink;
import dev.audioml.sinks.osc.WekinatorSink;
import dev.audioml.sinks.web.WebDashboard;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The result outputs shared by {@code live} and {@code classify}: OSC, Wekinator, MIDI, the web page and a JSON Lines
 * file, in any combination (see docs/interactivity.md).
 */
final class SinkOptions {
    @Option(names = "--osc", paramLabel = "HOST:PORT",
            description = "Send results as OSC over UDP (the workshop's port is 127.0.0.1:12000).")
    String osc;

    @Option(names = "--osc-mode", paramLabel = "M", defaultValue = "workshop",
            description = "workshop (/neuralnet2, exactly as the workshop notebook) or native (/audioml/top, /scores, "
                    + "/level, /event, /labels). Default: ${DEFAULT-VALUE}.")
    String oscMode;

    @Option(names = "--osc-rate", paramLabel = "N", description = "Send at most N windows per second over OSC (default: every window).")
    Double oscRate;

    @Option(names = "--wekinator", paramLabel = "HOST:PORT", arity = "0..1", fallbackValue = "",
            description = "Send each window's newest feature row as /wek/inputs floats (default 127.0.0.1:6448).")
    String wekinator;

    @Option(names = "--wekinator-input", paramLabel = "I", defaultValue = "features",
            description = "What --wekinator sends: features (the newest feature row the model saw) or scores (the model's"
                    + " outputs in label order: the embedding, for an embedding model). Default: ${DEFAULT-VALUE}.")
    String wekinatorInput;

    @Option(names = "--midi", paramLabel = "DEVICE", description = "Play the --midi-map (default: one note per label from middle C up, velocity from the score) to this MIDI output (see 'devices --midi').")
    String midiDevice;

    @Option(names = "--midi-out", paramLabel = "FILE", description = "Write the --midi-map's notes and CCs (default: one note per label from middle C up) to a Standard MIDI File.")
    Path midiFile;

    @Option(names = "--midi-map", paramLabel = "FILE", description = "JSON mapping of labels to MIDI notes/CCs for --midi and --midi-out (default: note 60 + label index, velocity from the score).")
    Path midiMap;

    /** Set by {@code live}: keep the --web page served after the stream ends. */
    boolean keepPageOpen;

    /** The --web page once {@link #open} made it, else null. */
    WebDashboard page;

    @Option(names = "--web", description = "Serve a live page of the results (spectrogram, top-k bars, events, counters).")
    boolean web;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port of the --web page (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--jsonl", paramLabel = "FILE", description = "Also write every window and event as JSON Lines to FILE.")
    Path jsonl;

    private Writer jsonlWriter;
    private MidiMapping mapping;
    /** Set by the command: with events on, MIDI notes follow the events (the same rules as every other output). */
    boolean midiNotesFromEvents;

    /**
     * Checks the combination before anything is opened.
     *
     * @param runs how many pipelines the command will run (files × models)
     * @throws Main.UsageException naming the option
     */
    void validate(int runs) {
        if (!oscMode.equals("workshop") && !oscMode.equals("native")) {
            throw new Main.UsageException("--osc-mode must be workshop or native, got " + oscMode);
        }
        if (!wekinatorInput.equals("features") && !wekinatorInput.equals("scores")) {
            throw new Main.UsageException("--wekinator-input must be features or scores, got " + wekinatorInput);
        }
        if (oscRate != null && !(oscRate > 0 && Double.isFinite(oscRate))) {
            throw new Main.UsageException("--osc-rate must be a positive number of windows per second, got " + oscRate);
        }
        if (midiDevice != null && midiFile != null) {
            throw new Main.UsageException("--midi and --midi-out are exclusive: choose a device or a file");
        }
        if (midiMap != null && midiDevice == null && midiFile == null) {
            throw new Main.UsageException("--midi-map needs --midi DEVICE or --midi-out FILE");
        }
        if (runs > 1 && (midiFile != null || web)) {
            throw new Main.UsageException((web ? "--web" : "--midi-out") + " takes one audio file and one model, got " + runs + " runs");
        }
        if (port < 0 || port > 65_535) {
            throw new Main.UsageException("--port must be in [0, 65535], got " + port);
        }
        check("--osc", () -> {
            if (osc != null) {
                OscSink.builder().target(osc); // parses and resolves
            }
        });
        check("--wekinator", () -> {
            if (wekinator != null) {
                WekinatorSink.parse(wekinator);
            }
        });
        check("--midi-map", () -> {
            if (midiMap != null) {
                mapping = MidiMapping.read(midiMap);
            }
        });
    }

    /** Runs a check of one option's value; its failure becomes a usage error naming the option. */
    private static void check(String option, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new Main.UsageException(option + ": " + Main.oneLine(e));
        }
    }

    /** @return true if a sink needs each window's level and feature row */
    boolean needsMeter() {
        return (wekinator != null && wekinatorInput.equals("features")) || web || (osc != null && oscMode.equals("native"));
    }

    /**
     * @param extractor the model's extractor
     * @return it, or a {@link WindowMeter} around it when a sink needs one
     */
    FeatureExtractor wrap(FeatureExtractor extractor) {
        return needsMeter() ? new WindowMeter(extractor) : extractor;
    }

    /**
     * Opens the chosen sinks for one pipeline (which owns and closes them).
     *
     * @param features what {@link #wrap} returned for this pipeline
     * @param labels the model's labels (the MIDI mapping must name only these)
     * @param title names the run (file and model), for the page
     * @param fileName the audio's name for JSON Lines
     * @param stats the pipeline's counters, for the page
     * @param out where the page's address is printed
     * @return the sinks, possibly none
     */
    List<Sink> open(FeatureExtractor features, List<String> labels, String title, String fileName, Supplier<PipelineStats> stats, PrintWriter out) {
        WindowMeter meter = features instanceof WindowMeter m ? m : null;
        List<Sink> sinks = new ArrayList<>();
        try {
            MidiMapping midi = mapping;
            if (midi != null) {
                midi.requireLabels(labels);
            } else if (midiDevice != null || midiFile != null) {
                midi = MidiMapping.defaultFor(labels);
            }
            if (osc != null) {
                OscSink.Builder b = OscSink.builder().target(osc).meter(meter)
                        .mode(oscMode.equals("native") ? OscMode.NATIVE : OscMode.WORKSHOP);
                if (!wekinatorInput.equals("features") && !wekinatorInput.equals("scores")) {
            throw new Main.UsageException("--wekinator-input must be features or scores, got " + wekinatorInput);
        }
        if (oscRate != null) {
                    b.maxMessagesPerSecond(oscRate);
                }
                sinks.add(b.build());
            }
            if (wekinator != null) {
                sinks.add(new WekinatorSink(WekinatorSink.parse(wekinator), wekinatorInput.equals("features") ? meter : null));
            }
            if (midi != null) {
                MidiSink.Notes notes = midiNotesFromEvents ? MidiSink.Notes.EVENTS : MidiSink.Notes.SCORES;
                sinks.add(midiFile != null ? MidiSink.toFile(midi, midiFile, notes) : MidiSink.toDevice(midi, midiDevice, notes));
            }
            if (web) {
                WebDashboard page = WebDashboard.builder().port(port).meter(meter).stats(stats).title(title)
                        .keepOpen(keepPageOpen).build();
                this.page = page;
                out.println("web: " + page.url());
                out.flush();
                sinks.add(page);
            }
            if (jsonl != null) {
                sinks.add(new JsonlSink(jsonlWriter(), fileName));
            }
        } catch (IllegalArgumentException e) {
            sinks.forEach(Sink::close);
            throw new Main.UsageException(e.getMessage());
        } catch (RuntimeException e) {
            sinks.forEach(Sink::close);
            throw e;
        }
        return sinks;
    }

    /** One writer for all the command's pipelines (a JsonlSink on a Writer only flushes it). */
    private Writer jsonlWriter() {
        if (jsonlWriter == null) {
            try {
                jsonlWriter = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + jsonl + ": " + e.getMessage(), e);
            }
        }
        return jsonlWriter;
    }

    /** Closes the JSON Lines file, if one was opened. */
    void closeShared() throws IOException {
        if (jsonlWriter != null) {
            jsonlWriter.close();
        }
    }
}
