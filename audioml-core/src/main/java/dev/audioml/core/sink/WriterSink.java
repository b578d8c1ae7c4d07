package dev.audioml.core.sink;

import dev.audioml.core.Sink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/** A sink that writes lines of text to a {@link Writer}, closing it only when it opened it. */
abstract class WriterSink implements Sink {
    private final Writer out;
    private final boolean owned;
    private final String lineSeparator;
    private final AtomicBoolean closed = new AtomicBoolean();

    WriterSink(Writer out, boolean owned, String lineSeparator) {
        this.out = Objects.requireNonNull(out, "out");
        this.owned = owned;
        this.lineSeparator = lineSeparator;
    }

    static Writer create(Path path) {
        try {
            return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes one line and flushes it, so a reader following the file sees whole lines. */
    final void writeLine(CharSequence line) {
        ensureOpen();
        try {
            out.append(line).append(lineSeparator);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(getClass().getSimpleName() + " failed to write: " + e.getMessage(), e);
        }
    }

    final void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
    }

    /** Flushes; closes the writer if this sink created it. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (owned) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(getClass().getSimpleName() + " failed to close: " + e.getMessage(), e);
        }
    }
}
