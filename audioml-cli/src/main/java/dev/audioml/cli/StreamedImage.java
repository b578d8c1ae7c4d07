package dev.audioml.cli;

import dev.audioml.features.image.Colormap;
import dev.audioml.features.image.SpectrogramImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * {@code spectrogram --raw/--tiles} of a file too long to draw in memory, from a second stream of its rows (the first
 * gave their number and colour range, {@link ImageRange}): each tile is drawn and written as soon as its
 * {@code tilePixels} frames have arrived ({@link SpectrogramImage#tile}, the pixels {@link SpectrogramImage#tiles}
 * cuts from the whole image); the raw image's pixels go to a temporary file beside it, row after row of the image
 * (3 bytes a pixel, {@code 3 × frames × bins} bytes of disk), and are written as PNG at the end, a few KiB at a time.
 * Memory does not depend on the number of frames: one tile's frames, 4096 frames of pixels, and buffers.
 *
 * <p>Not thread-safe. Closing deletes the temporary file (after a failure too).
 */
final class StreamedImage implements FeatureInputs.RowSink, AutoCloseable {
    /** Frames of raw pixels gathered before they are written to the temporary file. */
    private static final int BATCH_FRAMES = 4096;

    private final Path file;
    private final long frames;
    private final Colormap colormap;
    private final float vmin;
    private final float vmax;
    private final Path raw;
    private final Path tileDir;
    private final String baseName;
    private final int tilePixels;
    private int bins;
    private float[] tile;
    private int inTile;
    private int tiles;
    private Path pixelFile;
    private FileChannel pixelChannel;
    /** Per image row (top first): the batch's pixels. */
    private byte[][] batch;
    private int inBatch;
    private long written;
    private long seen;

    /**
     * @param file the audio file, for messages
     * @param frames the number of frames the stream gives (from the first look at it)
     * @param colormap the colours
     * @param vmin the value drawn with the first colour
     * @param vmax the value drawn with the last colour
     * @param raw where the raw image goes, or {@code null} for tiles alone
     * @param tileDir where tiles go, or {@code null} for none
     * @param baseName tiles are {@code baseName_000.png}, ...
     * @param tilePixels tile edge in pixels
     */
    StreamedImage(Path file, long frames, Colormap colormap, float vmin, float vmax, Path raw, Path tileDir,
            String baseName, int tilePixels) {
        this.file = file;
        this.frames = frames;
        this.colormap = colormap;
        this.vmin = vmin;
        this.vmax = vmax;
        this.raw = raw;
        this.tileDir = tileDir;
        this.baseName = baseName;
        this.tilePixels = tilePixels;
    }

    @Override
    public void start(int binCount) throws IOException {
        bins = binCount;
        if (tileDir != null) {
            tile = new float[tilePixels * bins];
        }
        if (raw != null) {
            if (frames > Integer.MAX_VALUE) {
                throw new IOException(file + ": " + frames + " frames, more than a PNG's 2147483647 pixels of width");
            }
            Path parent = raw.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            pixelFile = Files.createTempFile(parent, "." + raw.getFileName(), ".pixels");
            pixelChannel = FileChannel.open(pixelFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            batch = new byte[bins][3 * BATCH_FRAMES];
        }
    }

    @Override
    public void rows(float[] data, int count) throws IOException {
        for (int f = 0; f < count; f++) {
            if (++seen > frames) {
                throw changed();
            }
            int at = f * bins;
            if (tile != null) {
                System.arraycopy(data, at, tile, inTile * bins, bins);
                if (++inTile == tilePixels) {
                    SpectrogramImage.writePng(SpectrogramImage.tile(tile, 0, bins, tilePixels, colormap, vmin, vmax),
                            tileDir.resolve(String.format(Locale.ROOT, "%s_%03d.png", baseName, tiles)));
                    tiles++;
                    inTile = 0;
                }
            }
            if (batch != null) {
                for (int b = 0; b < bins; b++) {
                    int rgb = SpectrogramImage.rgb(data[at + b], colormap, vmin, vmax);
                    byte[] row = batch[bins - 1 - b]; // bin 0 at the bottom
                    row[3 * inBatch] = (byte) (rgb >>> 16);
                    row[3 * inBatch + 1] = (byte) (rgb >>> 8);
                    row[3 * inBatch + 2] = (byte) rgb;
                }
                if (++inBatch == BATCH_FRAMES) {
                    flushBatch();
                }
            }
        }
    }

    /** Ends the stream: writes the raw image (if asked for). */
    void finish() throws IOException {
        if (seen != frames) {
            throw changed();
        }
        if (pixelChannel == null) {
            return;
        }
        flushBatch();
        byte[] buffer = new byte[1 << 16];
        try (PngStream png = new PngStream(new BufferedOutputStream(Files.newOutputStream(raw), 1 << 16), frames,
                bins)) {
            for (int y = 0; y < bins; y++) {
                png.startRow();
                long position = (long) y * frames * 3;
                long end = position + frames * 3;
                while (position < end) {
                    ByteBuffer b = ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, end - position));
                    while (b.hasRemaining()) {
                        if (pixelChannel.read(b, position + b.position()) < 0) {
                            throw new IOException(pixelFile + ": ends early");
                        }
                    }
                    png.write(buffer, 0, b.position());
                    position += b.position();
                }
            }
        }
    }

    /** @return tiles written */
    int tiles() {
        return tiles;
    }

    @Override
    public void close() throws IOException {
        if (pixelChannel != null) {
            pixelChannel.close();
            pixelChannel = null;
        }
        if (pixelFile != null) {
            Files.deleteIfExists(pixelFile);
            pixelFile = null;
        }
    }

    private void flushBatch() throws IOException {
        for (int y = 0; y < bins; y++) {
            ByteBuffer b = ByteBuffer.wrap(batch[y], 0, 3 * inBatch);
            long position = 3 * ((long) y * frames + written);
            while (b.hasRemaining()) {
                pixelChannel.write(b, position + b.position());
            }
        }
        written += inBatch;
        inBatch = 0;
    }

    private IOException changed() {
        return new IOException(file + ": the stream changed between passes: the first gave " + frames
                + " frames, the second " + (seen > frames ? "more" : seen));
    }
}
