package dev.audioml.spark.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * Runs a per-file scan over a partition of {@code (path, content)} rows, one file after the other: the file is made
 * local (its {@code binaryFile} bytes written to a temporary file, or a Hadoop path copied; a local path used as it
 * is), scanned, and its rows followed by one {@link Rows#STATUS} row. A file that fails gives only its status row with
 * the error on one line, never a failed task. Not API.
 *
 * <p>Serializable (shipped to executors); one instance per task, not thread-safe.
 */
public abstract class FileScan implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    /**
     * Scans one local file.
     *
     * @param path the path as the input names it (written into every row)
     * @param local a readable local copy
     * @param out where the file's rows go
     * @return the file's duration in seconds
     * @throws Exception anything that makes the file fail (reported as its status row)
     */
    protected abstract double scan(String path, Path local, List<Row> out) throws Exception;

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new Iterator<>() {
            private Iterator<Row> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && input.hasNext()) {
                    current = scanOne(input.next()).iterator();
                }
                return current.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private List<Row> scanOne(Row file) {
        String path = file.getString(0);
        byte[] content = file.isNullAt(1) ? null : (byte[]) file.get(1);
        List<Row> out = new ArrayList<>();
        Path temp = null;
        try {
            Path local;
            if (content != null) {
                temp = Files.createTempFile("audioml-", suffix(path));
                Files.write(temp, content);
                local = temp;
            } else if (isLocal(path)) {
                local = path.startsWith("file:") ? Path.of(URI.create(path)) : Path.of(path);
            } else {
                temp = Files.createTempFile("audioml-", suffix(path));
                copyFromHadoop(path, temp);
                local = temp;
            }
            double duration = scan(path, local, out);
            out.add(Rows.status(path, duration, null));
            return out;
        } catch (Exception | LinkageError e) {
            // the file's partial rows are dropped: a failed file is its status row alone, named as the input names it
            String message = oneLine(e);
            if (temp != null) {
                message = message.replace(temp.toString() + ": ", "").replace(temp.toString(), path);
            }
            return List.of(Rows.status(path, null, message));
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private static boolean isLocal(String path) {
        int colon = path.indexOf(':');
        int slash = path.indexOf('/');
        return path.startsWith("file:") || colon < 0 || (slash >= 0 && slash < colon) || colon == 1;
    }

    private static void copyFromHadoop(String path, Path target) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        FileSystem fs = p.getFileSystem(new Configuration());
        try (InputStream in = fs.open(p)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String suffix(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash && path.length() - dot <= 6 ? path.substring(dot) : ".audio";
    }

    /**
     * @param e a failure
     * @return its message on one line, falling back to its type, with the cause's message when it adds to it
     */
    static String oneLine(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !msg.contains(cause.getMessage())) {
            msg = msg + ": " + cause.getMessage();
        }
        return msg.replace('\n', ' ').trim();
    }
}
