package dev.audioml.examples.reactions;

import dev.audioml.capture.file.AudioFiles;
import dev.audioml.core.Event;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.onnx.OnnxModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reacts to what a model hears, through the callback API: each time a label is detected (an event: smoothed score
 * above 0.6, held above 0.4, at least 0.2 s long) it prints a reaction line; a student's app would start a light show,
 * play a sample or send a message here.
 *
 * <p>Run: {@code java -cp ... dev.audioml.examples.reactions.EventReactions model.onnx clip.wav [label]}: with a
 * label, react only to that one.
 */
public final class EventReactions {
    private EventReactions() {
    }

    /** @param args model, audio file, optional label */
    public static void main(String[] args) throws Exception {
        String only = args.length > 2 ? args[2] : null;
        PrintStream out = System.out;
        try (OnnxModel model = OnnxModel.open(Path.of(args[0]));
             Pipeline pipeline = Pipeline.builder()
                     .source(AudioFiles.open(Path.of(args[1])))
                     .window(model.windowSamples(), model.windowSamples() / 2)
                     .features(model.newExtractor())
                     .classifier(model.newClassifier())
                     .postProcess(PostProcessor.builder().movingAverage(2).events(0.6f, 0.4f).minEventSeconds(0.2).build())
                     .sink(new CallbackSink(window -> { }, event -> {
                         if (only == null || only.equals(event.label())) {
                             react(event, out);
                         }
                     }))
                     .build()) {
            pipeline.run();
        }
    }

    private static void react(Event e, PrintStream out) {
        out.printf(Locale.ROOT, "heard %s from %.2f to %.2f s (peak %.2f)%n", e.label(), e.startSeconds(), e.endSeconds(),
                e.peakScore());
    }
}
