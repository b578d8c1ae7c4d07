package dev.audioml.features.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * matplotlib's colormaps {@code viridis}, {@code magma}, {@code gray} and {@code gist_earth}, as the 256-entry lookup
 * tables matplotlib itself builds ({@code cmap(x, bytes=True)}; viridis/magma from {@code matplotlib/_cm_listed.py},
 * gray/gist_earth from the segment data in {@code matplotlib/_cm.py}; regenerate with
 * {@code tools/golden/make_colormaps.py}).
 *
 * <p>{@link #rgb(float)} maps a value already scaled to [0, 1] exactly as {@code Colormap.__call__} does in float32:
 * index {@code int(x * 256)}, below 0 the first colour, 1 and above the last.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Colormap {
    /** Perceptually uniform blue-green-yellow (matplotlib's default). */
    VIRIDIS,
    /** Perceptually uniform black-purple-yellow. */
    MAGMA,
    /** Black to white. */
    GRAY,
    /** Earth tones (the workshop's spectrogram colormap). */
    GIST_EARTH;

    /** The lookup-table length matplotlib uses ({@code rcParams["image.lut"]}). */
    public static final int ENTRIES = 256;

    private int[] lut;

    /**
     * @param name a matplotlib name: {@code viridis}, {@code magma}, {@code gray}, {@code gist_earth}
     * @return the colormap
     * @throws IllegalArgumentException naming the value for any other name
     */
    public static Colormap parse(String name) {
        for (Colormap c : values()) {
            if (c.matplotlibName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("colormap must be one of " + names() + ", got \"" + name + "\"");
    }

    /** @return the accepted names */
    public static List<String> names() {
        return List.of("viridis", "magma", "gray", "gist_earth");
    }

    /** @return the matplotlib name */
    public String matplotlibName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param x a value scaled to [0, 1] (float32, as matplotlib computes it); NaN maps to black
     * @return the colour as {@code 0xRRGGBB}
     */
    public int rgb(float x) {
        if (Float.isNaN(x)) {
            return 0;
        }
        float scaled = x * ENTRIES;
        int index = scaled < 0 ? 0 : scaled >= ENTRIES ? ENTRIES - 1 : (int) scaled;
        return table()[index];
    }

    private synchronized int[] table() {
        if (lut == null) {
            lut = load(matplotlibName());
        }
        return lut;
    }

    private static int[] load(String name) {
        try (InputStream in = Colormap.class.getResourceAsStream("colormaps.txt")) {
            if (in == null) {
                throw new IllegalStateException("colormaps.txt is missing from the audioml-features jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith(name + " ")) {
                    String hex = line.substring(name.length() + 1).trim();
                    int[] out = new int[ENTRIES];
                    for (int i = 0; i < ENTRIES; i++) {
                        out[i] = Integer.parseInt(hex.substring(6 * i, 6 * i + 6), 16);
                    }
                    return out;
                }
            }
            throw new IllegalStateException("colormap " + name + " is missing from colormaps.txt");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read colormaps.txt", e);
        }
    }
}
