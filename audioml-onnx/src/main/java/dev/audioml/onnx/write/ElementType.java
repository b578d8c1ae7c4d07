package dev.audioml.onnx.write;

/**
 * ONNX tensor element types ({@code TensorProto.DataType}) that the writer supports.
 *
 * @since 0.1
 */
public enum ElementType {
    /** 32-bit IEEE float. */
    FLOAT(1),
    /** Unsigned 8-bit integer. */
    UINT8(2),
    /** Signed 8-bit integer. */
    INT8(3),
    /** Signed 32-bit integer. */
    INT32(6),
    /** Signed 64-bit integer. */
    INT64(7),
    /** Boolean. */
    BOOL(9),
    /** 64-bit IEEE float. */
    DOUBLE(11);

    private final int code;

    ElementType(int code) {
        this.code = code;
    }

    /**
     * @param code a {@code TensorProto.DataType} number
     * @return the element type
     * @throws IllegalArgumentException if the writer does not support that type
     * @since 0.1
     */
    public static ElementType fromCode(int code) {
        for (ElementType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported ONNX element type " + code + "; supported: "
                + java.util.Arrays.toString(values()));
    }

    /** @return the {@code TensorProto.DataType} number */
    public int code() {
        return code;
    }
}
