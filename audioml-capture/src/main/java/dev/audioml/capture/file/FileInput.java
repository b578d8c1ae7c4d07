package dev.audioml.capture.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Bounded, position-tracking reads of a file's header fields; every short read is a "truncated" format error. */
final class FileInput implements Closeable {
    /** Largest header structure read into memory (a fmt/COMM chunk); bigger declared sizes are errors. */
    static final int MAX_HEADER_BYTES = 1 << 16;

    final Path path;
    final long sizeBytes;
    private final FileChannel channel;

    FileInput(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.sizeBytes = channel.size();
    }

    long position() throws IOException {
        return channel.position();
    }

    long remaining() throws IOException {
        return Math.max(0, sizeBytes - channel.position());
    }

    void seek(long position) throws IOException {
        channel.position(position);
    }

    /** Reads exactly {@code n} bytes of the structure named {@code what}. */
    byte[] readFully(int n, String what) throws IOException {
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw format(what + " size " + n + " is outside [0, " + MAX_HEADER_BYTES + "] bytes");
        }
        long at = channel.position();
        if (n > sizeBytes - at) {
            throw format("truncated header: " + what + " needs " + n + " bytes at offset " + at + ", file has "
                    + sizeBytes + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                throw format("truncated header: unexpected end of file in " + what + " at offset " + at);
            }
        }
        return buf.array();
    }

    /** Reads up to {@code n} bytes from offset 0 without failing on short files (for magic-byte detection). */
    byte[] peek(int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(n, sizeBytes));
        long saved = channel.position();
        channel.position(0);
        while (buf.hasRemaining() && channel.read(buf) >= 0) {
            // keep reading
        }
        channel.position(saved);
        return buf.array();
    }

    AudioFormatException format(String problem) {
        return new AudioFormatException(path, problem);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static String fourcc(byte[] b, int off) {
        return new String(b, off, 4, StandardCharsets.ISO_8859_1);
    }

    static int u16le(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static long u32le(byte[] b, int off) {
        return (u16le(b, off) | (long) u16le(b, off + 2) << 16) & 0xFFFFFFFFL;
    }

    static int u16be(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF);
    }

    static long u32be(byte[] b, int off) {
        return ((long) u16be(b, off) << 16 | u16be(b, off + 2)) & 0xFFFFFFFFL;
    }

    /** Printable hex of the first bytes, for "unrecognised format" messages. */
    static String hex(byte[] b, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, max); i++) {
            sb.append(String.format("%02x", b[i] & 0xFF));
            if (i + 1 < Math.min(b.length, max)) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }
}
