package dev.audioml.examples.oscbridge;

import dev.audioml.capture.file.AudioFiles;
import dev.audioml.capture.mic.MicrophoneSource;
import dev.audioml.capture.realtime.RealtimeFileSource;
import dev.audioml.core.Source;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.sinks.osc.OscMode;
import dev.audioml.sinks.osc.OscSink;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The workshop's realtime classifier to OSC, a drop-in for its Python "Inference to OSC" script: microphone (or a
 * file played in real time) → the model → {@code /neuralnet2} messages on {@code 127.0.0.1:12000}, the same ones the
 * notebook sends, so existing Max / Pure Data patches keep working.
 *
 * <p>Run: {@code java -cp ... dev.audioml.examples.oscbridge.OscBridge --model model.onnx [--osc HOST:PORT]
 * [--mode workshop|native] [--file clip.wav] [--device NAME] [--hop-seconds S]}
 */
public final class OscBridge {
    private static final Set<String> OPTIONS = Set.of("--model", "--osc", "--mode", "--file", "--device", "--hop-seconds");

    private OscBridge() {
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        if (!opts.containsKey("--model")) {
            throw new IllegalArgumentException("usage: OscBridge --model model.onnx [--osc HOST:PORT] [--mode workshop|native]"
                    + " [--file clip.wav] [--device NAME] [--hop-seconds S]");
        }
        OscMode mode = OscMode.valueOf(opts.getOrDefault("--mode", "workshop").toUpperCase(Locale.ROOT));
        try (OnnxModel model = OnnxModel.open(Path.of(opts.get("--model")))) {
            int window = model.windowSamples();
            int hop = opts.containsKey("--hop-seconds")
                    ? (int) Math.round(Double.parseDouble(opts.get("--hop-seconds")) * model.sampleRateHz())
                    : Math.max(1, window / 2);
            Source source = opts.containsKey("--file")
                    ? RealtimeFileSource.of(AudioFiles.open(Path.of(opts.get("--file"))))
                    : MicrophoneSource.open(opts.get("--device"), model.sampleRateHz());
            OscSink osc = OscSink.builder().target(opts.getOrDefault("--osc", "127.0.0.1:12000")).mode(mode).build();
            try (Pipeline pipeline = Pipeline.builder().source(source).window(window, hop)
                    .features(model.newExtractor()).classifier(model.newClassifier()).sink(osc).build()) {
                Thread stopper = new Thread(pipeline::stop);
                Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C stops cleanly
                System.err.println("OSC " + mode.name().toLowerCase(Locale.ROOT) + " -> " + opts.getOrDefault("--osc",
                        "127.0.0.1:12000") + " from " + source.description() + " (Ctrl-C to stop)");
                pipeline.run();
                Runtime.getRuntime().removeShutdownHook(stopper);
            }
            System.err.println("OSC " + osc.stats());
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options are " + OPTIONS);
            }
            opts.put(args[i], args[i + 1]);
        }
        return opts;
    }
}
