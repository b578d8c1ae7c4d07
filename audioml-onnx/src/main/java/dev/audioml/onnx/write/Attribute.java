package dev.audioml.onnx.write;

import java.util.Objects;

/**
 * A node attribute ({@code AttributeProto}): an int, float, string, ints or floats value.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Attribute {
    // AttributeProto.AttributeType numbers and AttributeProto field numbers (onnx.proto).
    private static final int TYPE_FLOAT = 1;
    private static final int TYPE_INT = 2;
    private static final int TYPE_STRING = 3;
    private static final int TYPE_FLOATS = 6;
    private static final int TYPE_INTS = 7;
    private static final int FIELD_NAME = 1;
    private static final int FIELD_F = 2;
    private static final int FIELD_I = 3;
    private static final int FIELD_S = 4;
    private static final int FIELD_FLOATS = 7;
    private static final int FIELD_INTS = 8;
    private static final int FIELD_TYPE = 20;

    private final String name;
    private final ProtoWriter encoded;

    private Attribute(String name, int type, java.util.function.Consumer<ProtoWriter> value) {
        OnnxModelBuilder.requireName(name, "attribute name");
        this.name = name;
        this.encoded = new ProtoWriter().string(FIELD_NAME, name).varint(FIELD_TYPE, type);
        value.accept(encoded);
    }

    /**
     * @param name attribute name, e.g. {@code axis}
     * @param value integer value
     * @return an INT attribute
     */
    public static Attribute of(String name, long value) {
        return new Attribute(name, TYPE_INT, w -> w.varint(FIELD_I, value));
    }

    /**
     * @param name attribute name, e.g. {@code alpha}
     * @param value float value
     * @return a FLOAT attribute
     */
    public static Attribute of(String name, float value) {
        return new Attribute(name, TYPE_FLOAT, w -> w.fixed32(FIELD_F, value));
    }

    /**
     * @param name attribute name
     * @param value string value (UTF-8)
     * @return a STRING attribute
     */
    public static Attribute of(String name, String value) {
        Objects.requireNonNull(value, "value");
        return new Attribute(name, TYPE_STRING, w -> w.string(FIELD_S, value));
    }

    /**
     * @param name attribute name, e.g. {@code axes}
     * @param values integer values; copied
     * @return an INTS attribute
     */
    public static Attribute ints(String name, long... values) {
        long[] copy = values.clone();
        return new Attribute(name, TYPE_INTS, w -> w.packedVarints(FIELD_INTS, copy));
    }

    /**
     * @param name attribute name
     * @param values float values; copied
     * @return a FLOATS attribute
     */
    public static Attribute floats(String name, float... values) {
        float[] copy = values.clone();
        return new Attribute(name, TYPE_FLOATS, w -> w.packedFloats(FIELD_FLOATS, copy));
    }

    /** @return the attribute name */
    public String name() {
        return name;
    }

    ProtoWriter encode() {
        return encoded;
    }
}
