package dev.audioml.sinks.osc;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/**
 * Formats numbers and strings the way the workshop's Python sends them: {@code str(list(x))} of a NumPy array of
 * class indices ({@code int64}), of probabilities ({@code float32}), and of a Python list of class names.
 *
 * <p>Reference: FAR-Lab/RealtimeAudioClassification, {@code 03_Running/Inference to OSC.ipynb},
 * {@code FullOutPutOSC}: {@code str(list(predicted))}, {@code str(list(prob))}, {@code str(list(classes))}; the
 * arrays come from {@code torch.topk(softmax, len(classes))} in {@code RunningCode.py}. With NumPy 1.x (the
 * workshop's; verified against NumPy 1.24) a {@code float32} scalar prints as the shortest decimal that reads back as
 * the same {@code float32} (Dragon4, "unique" mode), positional when {@code 1e-4 <= |x| < 1e16} ({@code 0.93},
 * {@code 123456790.0}), otherwise scientific with at least two exponent digits ({@code 1e-05},
 * {@code 1.1754944e-38}); {@code nan}, {@code inf}, {@code -0.0} as Python prints them. Strings follow Python's
 * {@code repr}: single quotes unless the text holds a single quote and no double quote.
 *
 * <p>Immutable and thread-safe (static methods only).
 *
 * @since 0.1
 */
public final class WorkshopFormat {

    private static final double POSITIONAL_MIN = 1e-4;
    private static final double POSITIONAL_MAX = 1e16;
    private static final int FLOAT_MAX_DIGITS = 9;

    private WorkshopFormat() {
    }

    /**
     * @param indices class indices
     * @return e.g. {@code [1, 0]}
     */
    public static String indexList(int[] indices) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < indices.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(indices[i]);
        }
        return sb.append(']').toString();
    }

    /**
     * @param values float32 values
     * @return e.g. {@code [0.93, 0.07]}
     */
    public static String floatList(float[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(floatRepr(values[i]));
        }
        return sb.append(']').toString();
    }

    /**
     * @param values strings
     * @return e.g. {@code ['cat', 'dog']}
     */
    public static String stringList(List<String> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(stringRepr(values.get(i)));
        }
        return sb.append(']').toString();
    }

    /**
     * @param x a float32 value
     * @return what NumPy 1.x prints for {@code np.float32(x)} inside a list
     */
    public static String floatRepr(float x) {
        if (Float.isNaN(x)) {
            return "nan";
        }
        if (Float.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (Float.floatToRawIntBits(x) < 0 ? "-" : "") + "0.0";
        }
        BigDecimal shortest = shortest(x).stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale(); // of the first digit
        String sign = x < 0 ? "-" : "";
        double abs = Math.abs((double) x);
        if (abs >= POSITIONAL_MIN && abs < POSITIONAL_MAX) {
            return sign + positional(digits, exponent);
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    private static String positional(String digits, int exponent) {
        if (exponent < 0) {
            return "0." + "0".repeat(-exponent - 1) + digits;
        }
        if (digits.length() <= exponent + 1) {
            return digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
        }
        return digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
    }

    /** The shortest decimal that reads back as {@code x} (the nearer one of two equally short), like Dragon4. */
    private static BigDecimal shortest(float x) {
        BigDecimal exact = new BigDecimal(x);
        for (int digits = 1; digits <= FLOAT_MAX_DIGITS; digits++) {
            BigDecimal nearest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (readsBack(nearest, x)) {
                return nearest;
            }
            BigDecimal down = exact.round(new MathContext(digits, RoundingMode.DOWN));
            BigDecimal other = down.compareTo(nearest) == 0 ? exact.round(new MathContext(digits, RoundingMode.UP)) : down;
            if (readsBack(other, x)) {
                return other;
            }
        }
        return exact.round(new MathContext(FLOAT_MAX_DIGITS, RoundingMode.HALF_EVEN));
    }

    private static boolean readsBack(BigDecimal candidate, float x) {
        return Float.floatToIntBits(candidate.floatValue()) == Float.floatToIntBits(x);
    }

    /**
     * @param s a string
     * @return Python's {@code repr(s)}: {@code 'cat'}, {@code "it's"}, escapes for backslash, the quote, control
     *     characters ({@code \n}, {@code \t}, {@code \r}, {@code \x07}) and non-printable code points
     */
    public static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        s.codePoints().forEach(cp -> {
            if (cp == quote || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (!isPrintable(cp)) {
                sb.append(cp <= 0xff ? String.format("\\x%02x", cp)
                        : cp <= 0xffff ? String.format("\\u%04x", cp) : String.format("\\U%08x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append(quote).toString();
    }

    /** Python's str.isprintable for one code point: not a separator (other than space) nor "other" category. */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
