package dev.audioml.train.testing;

import dev.audioml.capture.file.WavWriter;
import dev.audioml.train.data.ClipAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Labelled datasets synthesized on the machine, made once per build under {@code target/synthetic} and reused by every
 * test: instrument notes rendered by fluidsynth from MIDI files written here, and espeak-ng words vs sox noise vs
 * sox tones.
 */
public final class SyntheticSounds {
    /** Rate of every synthesized file. */
    public static final int RATE_HZ = 16_000;
    /** The General MIDI soundfont rendered by fluidsynth. */
    public static final Path SOUNDFONT = Path.of("/usr/share/sounds/sf2/FluidR3_GM.sf2");
    private static final Path ROOT = Path.of("target", "synthetic").toAbsolutePath();
    private static final String[] WORDS = {"hello", "seven", "stop", "window", "yellow", "monday", "water", "garden",
        "happy", "number", "orange", "music"};
    private static final String[] VOICES = {"en-us", "en", "en-gb-x-rp", "en-us+m3", "en+f3"};

    private SyntheticSounds() {
    }

    /**
     * Instrument notes, one folder per class ({@code piano}, {@code flute}, {@code trumpet}), each clip one 1 s note
     * of a random pitch and velocity.
     *
     * @param perClass clips per class
     * @return the dataset folder
     */
    public static synchronized Path instruments(int perClass) throws IOException, InterruptedException {
        Path dir = ROOT.resolve("instruments-" + perClass);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path tmp = Files.createDirectories(ROOT.resolve("tmp"));
        String[] names = {"piano", "flute", "trumpet"};
        int[] programs = {0, 73, 56};
        Path work = Files.createTempDirectory(ROOT, "instruments");
        for (int c = 0; c < names.length; c++) {
            Path mid = tmp.resolve(names[c] + ".mid");
            Random random = new Random(1000 + c);
            writeMidi(mid, programs[c], perClass, random);
            Path wav = tmp.resolve(names[c] + "-" + perClass + ".wav");
            run(List.of("fluidsynth", "-ni", "-g", "0.8", "-r", Integer.toString(RATE_HZ), "-F", wav.toString(),
                    SOUNDFONT.toString(), mid.toString()));
            float[] audio = ClipAudio.read(wav, RATE_HZ);
            Path classDir = Files.createDirectories(work.resolve(names[c]));
            for (int i = 0; i < perClass; i++) {
                float[] clip = new float[RATE_HZ];
                int from = i * RATE_HZ;
                System.arraycopy(audio, from, clip, 0, Math.max(0, Math.min(RATE_HZ, audio.length - from)));
                writeWav(classDir.resolve(String.format("%s-%02d.wav", names[c], i)), clip);
            }
        }
        Files.move(work, dir);
        return dir;
    }

    /**
     * espeak-ng words ({@code speech}), sox noise of three colours ({@code noise}) and sox tones of three waveforms
     * ({@code tone}), clips of 0.4 to 1 s.
     *
     * @param perClass clips per class
     * @return the dataset folder
     */
    public static synchronized Path speechNoiseTones(int perClass) throws IOException, InterruptedException {
        Path dir = ROOT.resolve("speech-noise-tone-" + perClass);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(ROOT);
        Path work = Files.createTempDirectory(ROOT, "snt");
        Path speech = Files.createDirectories(work.resolve("speech"));
        Path noise = Files.createDirectories(work.resolve("noise"));
        Path tone = Files.createDirectories(work.resolve("tone"));
        String[] colours = {"whitenoise", "pinknoise", "brownnoise"};
        String[] waves = {"sine", "square", "triangle"};
        Random random = new Random(7);
        for (int i = 0; i < perClass; i++) {
            run(List.of("espeak-ng", "-v", VOICES[i % VOICES.length], "-s", Integer.toString(130 + 15 * (i % 4)),
                    "-w", speech.resolve(String.format("word-%02d.wav", i)).toString(), WORDS[i % WORDS.length]));
            String seconds = String.format("%.2f", 0.4 + 0.6 * random.nextDouble());
            run(List.of("sox", "-R", "-n", "-r", Integer.toString(RATE_HZ), "-b", "16", "-c", "1",
                    noise.resolve(String.format("noise-%02d.wav", i)).toString(), "synth", seconds,
                    colours[i % colours.length], "vol", String.format("%.2f", 0.2 + 0.5 * random.nextDouble())));
            run(List.of("sox", "-R", "-n", "-r", Integer.toString(RATE_HZ), "-b", "16", "-c", "1",
                    tone.resolve(String.format("tone-%02d.wav", i)).toString(), "synth", seconds,
                    waves[i % waves.length], Integer.toString(200 + random.nextInt(1800)), "vol",
                    String.format("%.2f", 0.2 + 0.5 * random.nextDouble())));
        }
        Files.move(work, dir);
        return dir;
    }

    /**
     * Copies a dataset folder (so a test may change it).
     *
     * @param from source folder
     * @param to destination folder (created)
     * @return {@code to}
     */
    public static Path copy(Path from, Path to) throws IOException {
        List<Path> all;
        try (var s = Files.walk(from)) {
            all = new ArrayList<>(s.toList());
        }
        for (Path p : all) {
            Path t = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(t);
            } else {
                Files.copy(p, t);
            }
        }
        return to;
    }

    /** Writes mono 16-bit PCM at {@link #RATE_HZ}. */
    public static void writeWav(Path file, float[] samples) throws IOException {
        try (WavWriter w = WavWriter.create(file, RATE_HZ, 1, WavWriter.SampleFormat.PCM_16)) {
            w.write(samples, 0, samples.length);
        }
    }

    private static void writeMidi(Path file, int program, int notes, Random random) throws IOException {
        try {
            int ppq = 480; // at the default 120 bpm a beat is 0.5 s: one note every 2 beats = 1 s
            Sequence seq = new Sequence(Sequence.PPQ, ppq);
            Track t = seq.createTrack();
            t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, program, 0), 0));
            for (int i = 0; i < notes; i++) {
                int pitch = 55 + random.nextInt(25);
                int velocity = 70 + random.nextInt(50);
                long on = (long) i * 2 * ppq;
                t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, pitch, velocity), on));
                t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, pitch, 0), on + (long) (1.6 * ppq)));
            }
            MidiSystem.write(seq, 0, file.toFile());
        } catch (javax.sound.midi.InvalidMidiDataException e) {
            throw new IOException("cannot build MIDI file " + file, e);
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("failed with exit code " + p.exitValue() + ": " + command);
        }
    }
}
