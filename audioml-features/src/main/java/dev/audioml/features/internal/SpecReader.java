package dev.audioml.features.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads typed values out of a feature spec map (as JSON parsers give it: numbers, strings, booleans, {@code null},
 * lists, maps) and rejects what it does not understand, naming the key and the value.
 *
 * <p>Every accessor records the key as known; {@link #requireNoUnknownKeys()} then fails on any other key.
 *
 * <p>Not thread-safe: use during construction only.
 *
 * @since 0.1
 */
public final class SpecReader {
    private final Map<String, ?> spec;
    private final String context;
    private final Set<String> known = new LinkedHashSet<>();

    /**
     * @param spec the spec (or a nested object of it)
     * @param context what the spec describes, for messages (e.g. {@code "melspectrogram spec"})
     */
    public SpecReader(Map<String, ?> spec, String context) {
        if (spec == null) {
            throw new IllegalArgumentException(context + " must be a JSON object, got null");
        }
        this.spec = spec;
        this.context = context;
    }

    /**
     * @param key a key
     * @return whether the spec has that key with a non-null value (marks the key known)
     */
    public boolean has(String key) {
        known.add(key);
        return spec.get(key) != null;
    }

    /**
     * Marks keys as known without reading them.
     *
     * @param keys keys
     */
    public void allow(String... keys) {
        known.addAll(List.of(keys));
    }

    /**
     * @param key key
     * @param defaultValue used when the key is absent or null
     * @return the integral value
     */
    public int integer(String key, int defaultValue) {
        Integer v = optionalInteger(key);
        return v == null ? defaultValue : v;
    }

    /**
     * @param key key
     * @return the integral value, or {@code null} when absent or null
     */
    public Integer optionalInteger(String key) {
        Object v = get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw bad(key, v, "an integer");
    }

    /**
     * @param key key
     * @param defaultValue used when the key is absent or null
     * @return the numeric value
     */
    public double number(String key, double defaultValue) {
        Double v = optionalNumber(key);
        return v == null ? defaultValue : v;
    }

    /**
     * @param key key
     * @return the numeric value, or {@code null} when absent or null
     */
    public Double optionalNumber(String key) {
        Object v = get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw bad(key, v, "a finite number");
    }

    /**
     * @param key key
     * @param defaultValue used when the key is absent or null
     * @return the boolean value
     */
    public boolean bool(String key, boolean defaultValue) {
        Object v = get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw bad(key, v, "true or false");
    }

    /**
     * @param key key
     * @param defaultValue used when the key is absent (an explicit null gives {@code null})
     * @param allowed the accepted values (case-sensitive)
     * @return the string value, or {@code null}
     */
    public String choice(String key, String defaultValue, String... allowed) {
        known.add(key);
        if (!spec.containsKey(key)) {
            return defaultValue;
        }
        Object v = spec.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s && List.of(allowed).contains(s)) {
            return s;
        }
        throw bad(key, v, "one of " + List.of(allowed));
    }

    /**
     * @param key key
     * @return whether the key is present, even with a null value
     */
    public boolean present(String key) {
        known.add(key);
        return spec.containsKey(key);
    }

    /**
     * @param key key
     * @return the raw value (or {@code null})
     */
    public Object get(String key) {
        known.add(key);
        return spec.get(key);
    }

    /**
     * @param key key
     * @return the nested object, or {@code null} when absent or null
     */
    @SuppressWarnings("unchecked")
    public Map<String, ?> object(String key) {
        Object v = get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, ?>) m;
        }
        throw bad(key, v, "a JSON object");
    }

    /**
     * @param key key
     * @return the numbers of a JSON array, or {@code null} when absent or null
     */
    public double[] numbers(String key) {
        Object v = get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list) {
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                    throw bad(key, v, "an array of finite numbers");
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
        throw bad(key, v, "an array of numbers");
    }

    /**
     * An error naming the key, the value and what was expected.
     *
     * @param key key
     * @param value the offending value
     * @param expected what would have been accepted
     * @return the exception to throw
     */
    public IllegalArgumentException bad(String key, Object value, String expected) {
        String shown = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        return new IllegalArgumentException(context + ": " + shorten(key) + " must be " + expected + ", got "
                + shorten(shown));
    }

    /** Longest key or value quoted whole in a message, in characters; longer ones are cut and their length given. */
    static final int MAX_SHOWN_CHARS = 120;

    /**
     * @param text a key or value for a message
     * @return {@code text}, or its first {@link #MAX_SHOWN_CHARS} characters, "..." and its length, on one line
     */
    public static String shorten(String text) {
        String line = text.replace('\n', ' ').replace('\r', ' ');
        return line.length() <= MAX_SHOWN_CHARS ? line
                : line.substring(0, MAX_SHOWN_CHARS) + "... (" + line.length() + " characters)";
    }

    /** @throws IllegalArgumentException naming the first key no accessor asked for */
    public void requireNoUnknownKeys() {
        List<String> unknown = new ArrayList<>();
        for (String k : spec.keySet()) {
            if (!known.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(context + ": unknown key \"" + shorten(unknown.get(0)) + "\" (value "
                    + shorten(String.valueOf(spec.get(unknown.get(0)))) + "); known keys: " + known);
        }
    }
}
