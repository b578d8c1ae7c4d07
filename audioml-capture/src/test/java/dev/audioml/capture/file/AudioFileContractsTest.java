package dev.audioml.capture.file;

import dev.audioml.core.Source;
import dev.audioml.core.testing.contract.SourceContract;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** Every file decoder runs the source contract, on files made by the reference tools (sox, flac, lame, oggenc). */
class AudioFileContractsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void makeFiles() throws Exception {
        Path wav = dir.resolve("tone.wav");
        ExternalTools.run("sox", "-V1", "-n", "-r", "22050", "-c", "2", "-b", "16", wav.toString(),
                "synth", "0.5", "sine", "440", "sine", "660", "vol", "0.5");
        ExternalTools.run("sox", "-V1", "-n", "-r", "16000", "-c", "1", "-b", "16", dir.resolve("empty.wav").toString(),
                "trim", "0", "0");
        ExternalTools.run("sox", "-V1", wav.toString(), dir.resolve("tone.aiff").toString());
        ExternalTools.run("sox", "-V1", wav.toString(), dir.resolve("tone.au").toString());
        ExternalTools.run("flac", "-s", "-f", "-o", dir.resolve("tone.flac").toString(), wav.toString());
        ExternalTools.run("sox", "-V1", dir.resolve("empty.wav").toString(), dir.resolve("empty.flac").toString());
        ExternalTools.run("lame", "--quiet", wav.toString(), dir.resolve("tone.mp3").toString());
        ExternalTools.run("oggenc", "-Q", "-o", dir.resolve("tone.ogg").toString(), wav.toString());
    }

    /** The contract for one file (and its empty twin, when the format can be empty). */
    abstract static class FileContract extends SourceContract {
        private final String file;
        private final String empty;

        FileContract(String file, String empty) {
            this.file = file;
            this.empty = empty;
        }

        @Override
        protected Source newSource() throws Exception {
            return AudioFiles.open(dir.resolve(file));
        }

        @Override
        protected Source newEmptySource() throws Exception {
            return empty == null ? null : AudioFiles.open(dir.resolve(empty));
        }
    }

    @Nested
    class Wav extends FileContract {
        Wav() {
            super("tone.wav", "empty.wav");
        }
    }

    @Nested
    class Aiff extends FileContract {
        Aiff() {
            super("tone.aiff", null);
        }
    }

    @Nested
    class Au extends FileContract {
        Au() {
            super("tone.au", null);
        }
    }

    @Nested
    class Flac extends FileContract {
        Flac() {
            super("tone.flac", "empty.flac");
        }
    }

    @Nested
    class Mp3 extends FileContract {
        Mp3() {
            super("tone.mp3", null);
        }
    }

    @Nested
    class OggVorbis extends FileContract {
        OggVorbis() {
            super("tone.ogg", null);
        }
    }
}
