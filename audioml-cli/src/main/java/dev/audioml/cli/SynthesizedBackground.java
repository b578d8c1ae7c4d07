package dev.audioml.cli;

import dev.audioml.core.Source;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Background audio for {@code audioml calibrate --synthesize-background}, made on this machine (espeak-ng, sox) as it
 * plays, in 10 s segments: speech (half of them: new word sequences or everyday sentences, 8 English accents x 14 voice
 * variants, pitch 20-80, 110-220 words per minute, over noise or music, sometimes two talkers), music (sox-synthesized
 * chords and melodies in 7 timbres) or noise (pink, brown, white, filtered), each at a random gain in [0.5, 1.5).
 *
 * <p>The vocabulary matters: a model's false accepts come from rare sound sequences, and a background drawn from a
 * few fixed sentences holds them in some hours and not in others, so its false accepts are not the steady Poisson rate
 * calibrate's bound assumes (session notes in docs/presets.md). Every segment here is new (seeded by seed and segment
 * index), word sequences come from about 730 words, so hours are hours of distinct audio. The presets' wake words
 * are not in the word list. The same seed gives the same audio. Stateless; thread-safe.
 */
final class SynthesizedBackground {
    static final double SEGMENT_S = 10.0;
    private static final String[] SENTENCES = {
        "the weather is nice today", "please open the door", "what time is it", "good morning everyone",
        "turn on the kitchen lights", "i would like a cup of tea", "the train leaves at seven", "call me later",
        "where did you put the keys", "this is a test of the speech system", "let us meet after lunch",
        "how was your weekend", "the meeting has been moved to thursday", "can you hear me now",
        // near misses for wake words: similar sounds, the name alone
        "hey travis", "jarvis is a name", "hey, are you there", "the harvest is late this year", "hey service",
        "hey charles", "ask jarvis later", "hey marvin", "okay, let us go", "my computer is slow", "okay google",
        "alexander is here", "hey mike, come here",
    };
    private static final String[] ACCENTS = {
        "en-us", "en", "en-gb-x-rp", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en-029", "en-us-nyc",
    };
    private static final String[] VARIANTS = {
        "", "+m1", "+m2", "+m3", "+m4", "+m5", "+m6", "+m7", "+f1", "+f2", "+f3", "+f4", "+f5", "+klatt",
    };
    private static final String[] TIMBRES = {"pluck", "sine", "triangle", "square", "sawtooth", "trapezium", "exp"};
    private static final String[] WORDS = words();

    private SynthesizedBackground() {}

    /** {@code hours} of background of {@code seed} at {@code rate} Hz; memory does not grow with {@code hours}. */
    static Source of(double hours, int rate, long seed, PrintWriter err) {
        long total = Math.round(hours * 3600 * rate);
        if (err != null) {
            err.printf(Locale.ROOT, "calibrate: synthesizing %.3f h of background (%d segments of %.0f s) as it plays%n",
                    hours, (total + (long) (SEGMENT_S * rate) - 1) / (long) (SEGMENT_S * rate), SEGMENT_S);
            err.flush();
        }
        return CalibrationAudio.generated(k -> segment(k, rate, seed), total, rate);
    }

    /** Segment {@code k} of the background of {@code seed}: {@code SEGMENT_S} seconds at {@code rate} Hz in [-1, 1]. */
    static float[] segment(long k, int rate, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + k);
        Path tmp = Files.createTempDirectory("audioml-calibrate");
        try {
            Path wav = tmp.resolve("segment.wav");
            String kind = k % 2 == 0 ? "speech" : k % 4 == 1 ? "music" : "noise";
            switch (kind) {
                case "speech" -> speech(random, tmp, rate, wav);
                case "music" -> music(random, tmp, rate, wav);
                default -> run("sox", "-R", "-n", "-r", Integer.toString(rate), "-c", "1", "-b", "16", wav.toString(),
                        "synth", Double.toString(SEGMENT_S + 60), noiseKind(random), "vol", "0.05", "trim",
                        noiseOffset(random), Double.toString(SEGMENT_S));
            }
            float[] x = CalibrationAudio.read(wav, rate);
            float gain = (float) (0.5 + random.nextDouble());
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.max(-1f, Math.min(1f, x[i] * gain));
            }
            return x;
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One or (a quarter of the time) two talkers over noise or music, filling the segment with short pauses. */
    private static void speech(SplittableRandom random, Path tmp, int rate, Path wav) throws IOException {
        String r = Integer.toString(rate);
        List<String> mix = new ArrayList<>();
        mix.add("sox");
        mix.add("-R");
        mix.add("-m");
        Path bed = tmp.resolve("bed.wav");
        if (random.nextInt(3) == 0) {
            music(random, tmp, rate, bed);
            mix.addAll(List.of("-v", "0.3", bed.toString()));
        } else {
            run("sox", "-R", "-n", "-r", r, "-c", "1", "-b", "16", bed.toString(), "synth", Double.toString(SEGMENT_S + 60),
                    noiseKind(random), "vol", "0.02", "trim", noiseOffset(random), Double.toString(SEGMENT_S));
            mix.addAll(List.of("-v", "1", bed.toString()));
        }
        int talkers = random.nextInt(4) == 0 ? 2 : 1;
        for (int t = 0; t < talkers; t++) {
            Path raw = tmp.resolve("talker" + t + ".wav");
            run("espeak-ng", "-v", ACCENTS[random.nextInt(ACCENTS.length)] + VARIANTS[random.nextInt(VARIANTS.length)],
                    "-s", Integer.toString(110 + random.nextInt(111)), "-p", Integer.toString(20 + random.nextInt(61)),
                    "-g", Integer.toString(random.nextInt(12)), "-w", raw.toString(), text(random));
            Path atRate = tmp.resolve("talker" + t + "-r.wav");
            // a talker starts anywhere in the first 2 s; sox pads so the mix is as long as the bed
            run("sox", "-R", raw.toString(), "-r", r, "-c", "1", "-b", "16", atRate.toString(),
                    "pad", Double.toString(random.nextInt(2000) / 1000.0));
            mix.addAll(List.of("-v", Double.toString(t == 0 ? 0.5 : 0.25 + random.nextDouble() * 0.25), atRate.toString()));
        }
        // sox -m pads the shorter inputs with silence; the bed is SEGMENT_S long, longer speech is cut
        mix.addAll(List.of("-r", r, "-c", "1", "-b", "16", wav.toString(), "trim", "0", Double.toString(SEGMENT_S)));
        run(mix.toArray(String[]::new));
    }

    /** Text of about 10 s: everyday sentences (a third of the time) or 16-28 words drawn from the word list. */
    static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder();
        if (random.nextInt(3) == 0) {
            for (int i = 0; i < 3; i++) {
                text.append(SENTENCES[random.nextInt(SENTENCES.length)]).append(". ");
            }
        } else {
            int n = 16 + random.nextInt(13);
            for (int i = 0; i < n; i++) {
                text.append(WORDS[random.nextInt(WORDS.length)]);
                text.append(random.nextInt(7) == 0 ? ". " : random.nextInt(6) == 0 ? ", " : " ");
            }
        }
        return text.toString().trim();
    }

    /** Chords (major or minor triads) or a melody, notes 0.15-1 s long, in one of 7 timbres, MIDI 36-83, faded. */
    private static void music(SplittableRandom random, Path tmp, int rate, Path wav) throws IOException {
        String timbre = TIMBRES[random.nextInt(TIMBRES.length)];
        double noteS = 0.15 + random.nextInt(86) / 100.0;
        int notes = (int) Math.ceil(SEGMENT_S / noteS);
        boolean chords = random.nextBoolean();
        List<Path> parts = new ArrayList<>();
        // a few distinct notes looped with sox's repeat keeps the number of sox calls small
        int distinct = Math.min(notes, 4);
        for (int i = 0; i < distinct; i++) {
            double root = 440 * Math.pow(2, (36 + random.nextInt(48) - 69) / 12.0);
            Path note = tmp.resolve("note" + i + ".wav");
            List<String> cmd = new ArrayList<>(List.of("sox", "-R", "-n", "-r", Integer.toString(rate), "-c", "1", "-b", "16",
                    note.toString(), "synth", Double.toString(noteS), timbre, hz(root)));
            if (chords) {
                cmd.addAll(List.of(timbre, hz(root * Math.pow(2, (3 + random.nextInt(2)) / 12.0)), timbre, hz(root * Math.pow(2, 7 / 12.0))));
            }
            cmd.addAll(List.of("fade", "0.01", Double.toString(noteS), Double.toString(noteS / 3), "vol", "0.3"));
            run(cmd.toArray(String[]::new));
            parts.add(note);
        }
        List<String> cat = new ArrayList<>(List.of("sox", "-R"));
        for (int i = 0; i < notes; i++) {
            cat.add(parts.get(random.nextInt(parts.size())).toString());
        }
        cat.addAll(List.of(wav.toString(), "trim", "0", Double.toString(SEGMENT_S)));
        run(cat.toArray(String[]::new));
    }

    private static String hz(double f) {
        return String.format(Locale.ROOT, "%.2f", f);
    }

    private static String noiseKind(SplittableRandom random) {
        return new String[] {"pinknoise", "brownnoise", "whitenoise", "pinknoise"}[random.nextInt(4)];
    }

    /** sox -R is repeatable but has one fixed seed: each noise is cut from a different offset of a longer one. */
    private static String noiseOffset(SplittableRandom random) {
        return Double.toString(random.nextInt(60_000) / 1000.0);
    }

    private static String[] words() {
        try (InputStream in = SynthesizedBackground.class.getResourceAsStream("background-words.txt")) {
            if (in == null) {
                throw new IllegalStateException("background-words.txt missing from the audioml-cli jar");
            }
            List<String> words = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (!line.startsWith("#")) {
                        for (String w : line.trim().split("\\s+")) {
                            if (!w.isEmpty()) {
                                words.add(w);
                            }
                        }
                    }
                }
            }
            return words.toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command[0], e);
        }
    }
}
