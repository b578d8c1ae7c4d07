package dev.audioml.examples.trainsounds;

import dev.audioml.capture.file.AudioFiles;
import dev.audioml.capture.realtime.RealtimeFileSource;
import dev.audioml.core.Event;
import dev.audioml.core.Source;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.core.sink.CallbackSink;
import dev.audioml.onnx.OnnxModel;
import dev.audioml.train.Trainer;
import dev.audioml.train.TrainingResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a classifier for your own sounds and uses it: the same {@link Trainer} that {@code audioml train} runs reads
 * {@code DATA/<label>/*.wav}, picks a backbone, trains a head and writes {@code OUT/model.onnx} (plus
 * {@code report.json} and the plots); the app prints the held-out accuracy, then classifies {@code FILE} with the
 * exported model through a core {@link Pipeline} and prints each detected event.
 *
 * <p>Run: {@code java -cp ... dev.audioml.examples.trainsounds.TrainYourSounds DATA OUT FILE [--backbone NAME]
 * [--realtime]}. {@code --backbone} defaults to {@code auto} (cross-validated choice); {@code --realtime} plays the
 * file at its real pace, as a microphone would deliver it.
 *
 * @since 0.1
 */
public final class TrainYourSounds {
    /** Score at or above which an event starts. */
    public static final float EVENT_ON = 0.6f;
    /** Score below which an event ends. */
    public static final float EVENT_OFF = 0.4f;

    private TrainYourSounds() {
    }

    /** @param args DATA OUT FILE [--backbone NAME] [--realtime] */
    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    /**
     * Trains, reports and classifies.
     *
     * @param args DATA OUT FILE [--backbone NAME] [--realtime]
     * @param out where the report and events go
     * @return 0 on success, 2 for bad arguments
     */
    public static int run(String[] args, PrintStream out) throws Exception {
        List<String> positional = new ArrayList<>();
        String backbone = Trainer.AUTO;
        boolean realtime = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--realtime")) {
                realtime = true;
            } else if (args[i].equals("--backbone") && i + 1 < args.length) {
                backbone = args[++i];
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() != 3) {
            out.println("usage: TrainYourSounds DATA OUT FILE [--backbone NAME] [--realtime]");
            return 2;
        }
        Path data = Path.of(positional.get(0));
        Path dir = Path.of(positional.get(1));
        Path file = Path.of(positional.get(2));

        TrainingResult result = Trainer.builder().data(data).out(dir).backbone(backbone).progress(out::println)
                .build().run();
        out.printf(Locale.ROOT, "test accuracy %.3f, balanced accuracy %.3f (%s / %s, %s head)%n",
                result.testMetrics().accuracy(), result.testMetrics().balancedAccuracy(), result.backbone(),
                result.pooling(), result.head());

        out.println("== " + file);
        try (OnnxModel model = OnnxModel.open(dir.resolve("model.onnx"))) {
            Source source = realtime ? RealtimeFileSource.of(AudioFiles.open(file)) : AudioFiles.open(file);
            try (Pipeline pipeline = Pipeline.builder()
                    .source(source)
                    .window(model.windowSamples(), model.hopSamples())     // the hop it was trained with
                    .features(model.newExtractor())
                    .classifier(model.newClassifier())
                    .postProcess(PostProcessor.builder().events(EVENT_ON, EVENT_OFF).build())
                    .sink(new CallbackSink(window -> { }, event -> print(event, out)))
                    .build()) {
                pipeline.run();
            }
        }
        return 0;
    }

    private static void print(Event e, PrintStream out) {
        out.printf(Locale.ROOT, "event %s from %.2f to %.2f s (peak %.2f)%n", e.label(), e.startSeconds(),
                e.endSeconds(), e.peakScore());
    }
}
