package dev.audioml.core.sink;

import java.util.Locale;

/** The few JSON and number-formatting helpers the sinks need (core has no JSON library). */
final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /**
     * Appends {@code s} as a JSON string literal (RFC 8259 section 7): quotes, backslashes and control characters
     * escaped; U+2028/U+2029 and unpaired surrogates written as {@code \\uXXXX} so the text stays valid UTF-8 and
     * valid JavaScript; {@code null} becomes the literal {@code null}.
     */
    static StringBuilder string(StringBuilder out, String s) {
        if (s == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (paired) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 15]).append(HEX[(c >> 4) & 15])
                                .append(HEX[c & 15]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Appends a score: the shortest decimal that reads back as the same float; NaN and infinities as null. */
    static StringBuilder number(StringBuilder out, float x) {
        return Float.isFinite(x) ? out.append(Float.toString(x)) : out.append("null");
    }

    /** Formats seconds with up to 6 decimals (microseconds), trailing zeros removed: {@code 1.5}, {@code 0.000063}. */
    static String seconds(double s) {
        String text = String.format(Locale.ROOT, "%.6f", s);
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        return text.substring(0, end);
    }
}
