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

    /** @return the {@code TensorProto.DataType} number */
    public int code() {
        return code;
    }
}
