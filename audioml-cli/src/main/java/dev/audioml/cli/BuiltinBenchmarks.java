package dev.audioml.cli;

import dev.audioml.core.resample.Resampler;
import dev.audioml.features.FeaturePipeline;
import dev.audioml.features.StreamingFeatures;
import dev.audioml.features.stft.Spectrum;
import dev.audioml.onnx.oww.WakeWordClassifier;
import dev.audioml.onnx.oww.WakeWordModel;
import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import dev.audioml.onnx.preset.Presets;
import dev.audioml.onnx.silero.SileroVad;
import dev.audioml.onnx.silero.SileroVadModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The built-in set of {@code audioml bench}: one frame's power spectrum (FFT), streaming features per hop, a whole
 * clip, the resampler, Silero VAD per chunk and the openWakeWord chain per hop (the last two with the cached or
 * fetched presets).
 */
final class BuiltinBenchmarks {
    /** Seed of the synthetic noise. */
    static final long SEED = 42;

    /** A prepared benchmark: the op to time, and what to close afterwards. */
    interface Prepared extends AutoCloseable {
        BenchTimer.Op op();

        @Override
        default void close() {
        }

        /**
         * @param op the op
         * @param resources closed in order by {@link #close()}
         * @return a prepared benchmark owning the resources
         */
        static Prepared owning(BenchTimer.Op op, AutoCloseable... resources) {
            return new Prepared() {
                @Override
                public BenchTimer.Op op() {
                    return op;
                }

                @Override
                public void close() {
                    for (AutoCloseable r : resources) {
                        try {
                            r.close();
                        } catch (Exception e) {
                            throw new IllegalStateException("cannot close " + r + ": " + e.getMessage(), e);
                        }
                    }
                }
            };
        }
    }

    /** Offsets of consecutive steps through a signal, wrapping to its start, so that each op reads new audio. */
    static final class Cursor {
        private final int signalSamples;
        private final int stepSamples;
        private int position;

        Cursor(int signalSamples, int stepSamples) {
            this.signalSamples = signalSamples;
            this.stepSamples = stepSamples;
        }

        int next() {
            if (position + stepSamples > signalSamples) {
                position = 0;
            }
            int at = position;
            position += stepSamples;
            return at;
        }
    }

    /**
     * One entry of the set.
     *
     * @param name short name shown in the table and JSON
     * @param description what one op is
     * @param audioSecondsPerOp seconds of audio one op handles (0 when not audio, e.g. one spectrum): real-time factor =
     *     this / time per op
     * @param needsModels whether it needs pretrained presets
     * @param setup builds the op
     */
    record Case(String name, String description, double audioSecondsPerOp, boolean needsModels,
            Supplier<Prepared> setup) {
    }

    private BuiltinBenchmarks() {
    }

    /**
     * @param cache where the presets live (fetched on first use)
     * @return every case, in table order
     */
    static List<Case> all(ModelCache cache) {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("spectrum-512", "power spectrum of one 512-point frame (features.stft.Spectrum)", 0, false,
                () -> {
                    Spectrum spectrum = new Spectrum(512, null, 2.0);
                    double[] x = doubles(512);
                    double[] bins = new double[spectrum.bins()];
                    return () -> () -> {
                        spectrum.compute(x, x.length, bins);
                        return Double.doubleToRawLongBits(bins[1]);
                    };
                }));
        cases.add(streaming("logmel-16k-512-160-64", "streaming log-mel per 10 ms hop", 16_000, 160,
                Map.of("feature", "melspectrogram", "sr", 16_000, "n_fft", 512, "hop_length", 160, "n_mels", 64,
                        "to_db", nullTopDb())));
        cases.add(streaming("mfcc-16k-512-160-64", "streaming 20 MFCC per 10 ms hop", 16_000, 160,
                Map.of("feature", "mfcc", "sr", 16_000, "n_fft", 512, "hop_length", 160, "n_mels", 64,
                        "to_db", nullTopDb())));
        cases.add(streaming("fbank-16k-400-160-80", "streaming Kaldi fbank per 10 ms hop", 16_000, 160,
                Map.of("feature", "kaldi_fbank", "num_mel_bins", 80)));
        cases.add(streaming("logmel-22k-2048-512-128", "streaming log-mel per 23 ms hop", 22_050, 512,
                Map.of("feature", "melspectrogram", "sr", 22_050, "n_fft", 2048, "hop_length", 512, "n_mels", 128,
                        "to_db", nullTopDb())));
        cases.add(new Case("logmel-clip-10s", "whole 10 s clip, log-mel 16k 512/160/64 (1001 frames)", 10, false,
                () -> {
                    FeaturePipeline p = FeaturePipeline.fromSpec(Map.of("feature", "melspectrogram", "sr", 16_000,
                            "n_fft", 512, "hop_length", 160, "n_mels", 64));
                    float[] clip = noise(160_000);
                    return () -> () -> p.compute(clip).frames();
                }));
        cases.add(resampler(48_000));
        cases.add(resampler(44_100));
        cases.add(new Case("silero-vad", "Silero VAD v5 per 32 ms chunk", 0.032, true, () -> {
            SileroVadModel model = Presets.sileroVad(cache);
            SileroVad vad = model.newStream(16_000);
            float[] audio = noise(30 * 16_000);
            Cursor cursor = new Cursor(audio.length, vad.chunkSamples());
            return Prepared.owning(() -> Float.floatToRawIntBits(vad.speechProbability(audio, cursor.next())), vad,
                    model);
        }));
        cases.add(new Case("oww-hey-jarvis", "openWakeWord mel+embedding+hey_jarvis per 80 ms hop", 0.080, true,
                () -> {
                    WakeWordModel model = Presets.wakeWords(cache, List.of(Preset.HEY_JARVIS));
                    WakeWordClassifier stream = model.newClassifier();
                    float[] audio = noise(30 * 16_000);
                    float[] scores = new float[stream.labels().size()];
                    Cursor cursor = new Cursor(audio.length, stream.hopSamples());
                    return Prepared.owning(() -> {
                        stream.score(audio, cursor.next(), scores);
                        return Float.floatToRawIntBits(scores[0]);
                    }, stream, model);
                }));
        return cases;
    }

    private static Case streaming(String name, String description, int rateHz, int hop, Map<String, ?> spec) {
        return new Case(name, description, hop / (double) rateHz, false, () -> {
            StreamingFeatures s = FeaturePipeline.fromSpec(spec).streaming();
            float[] audio = noise(10 * rateHz);
            float[] out = new float[s.maxFrames(hop) * s.bins()];
            Cursor cursor = new Cursor(audio.length, hop);
            return () -> () -> s.push(audio, cursor.next(), hop, out, 0);
        });
    }

    private static Case resampler(int fromHz) {
        int block = fromHz / 100;
        return new Case("resample-" + fromHz / 1000 + "k-16k", "resampler " + fromHz + " -> 16000 Hz per 10 ms",
                0.010, false, () -> {
                    Resampler r = new Resampler(fromHz, 16_000);
                    float[] audio = noise(10 * fromHz);
                    float[] out = new float[r.maxOutputSamples(block)];
                    Cursor cursor = new Cursor(audio.length, block);
                    return () -> () -> r.process(audio, cursor.next(), block, out, 0);
                });
    }

    private static Map<String, Object> nullTopDb() {
        Map<String, Object> db = new java.util.HashMap<>();
        db.put("top_db", null); // per-frame dB: top_db would clip against the whole clip's maximum
        return db;
    }

    /**
     * @param samples length
     * @return uniform noise in [-0.5, 0.5) from {@link #SEED}
     */
    static float[] noise(int samples) {
        float[] x = new float[samples];
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (random.nextDouble() - 0.5);
        }
        return x;
    }

    private static double[] doubles(int samples) {
        float[] f = noise(samples);
        double[] d = new double[samples];
        for (int i = 0; i < samples; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
