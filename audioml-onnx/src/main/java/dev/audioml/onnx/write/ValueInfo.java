package dev.audioml.onnx.write;

import java.util.Arrays;
import java.util.Objects;

/**
 * A graph input or output: name, element type and shape. A negative dimension is dynamic and is written as the
 * symbolic dimension {@code <name>_d<axis>} (axis 0 as {@code batch}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param name tensor name, not empty
 * @param type element type
 * @param dims shape; copied; negative entries are dynamic
 * @since 0.1
 */
public record ValueInfo(String name, ElementType type, long[] dims) {

    /** Validates and copies. */
    public ValueInfo {
        Objects.requireNonNull(type, "type");
        OnnxModelBuilder.requireName(name, "value name");
        dims = dims.clone();
    }

    /**
     * @param name tensor name
     * @param type element type
     * @param dims shape; negative entries are dynamic
     * @return a value info
     */
    public static ValueInfo of(String name, ElementType type, long... dims) {
        return new ValueInfo(name, type, dims);
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** Encodes a {@code ValueInfoProto}: name (1), type (2) = TypeProto{tensor_type (1) = {elem_type (1), shape (2)}}. */
    ProtoWriter encode() {
        ProtoWriter shape = new ProtoWriter();
        for (int axis = 0; axis < dims.length; axis++) {
            ProtoWriter dim = new ProtoWriter();
            if (dims[axis] >= 0) {
                dim.varint(1, dims[axis]);
            } else {
                dim.string(2, axis == 0 ? "batch" : name + "_d" + axis);
            }
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().varint(1, type.code()).message(2, shape);
        ProtoWriter typeProto = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, typeProto);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueInfo v && name.equals(v.name) && type == v.type && Arrays.equals(dims, v.dims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type) * 31 + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return name + ":" + type + Arrays.toString(dims);
    }
}
