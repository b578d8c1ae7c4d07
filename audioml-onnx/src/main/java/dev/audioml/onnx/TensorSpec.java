package dev.audioml.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A model input or output as ONNX Runtime reports it: name, element type and shape.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the tensor name
 * @param elementType element type in lower case ({@code float}, {@code int64}, ...), or {@code sequence}/{@code map}
 *     for non-tensor values
 * @param shape declared dimensions; -1 marks a dynamic (symbolic) dimension; empty for scalars and non-tensors
 * @since 0.1
 */
public record TensorSpec(String name, String elementType, long[] shape) {

    /** Validates and copies. */
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(elementType, "elementType");
        shape = shape.clone();
    }

    static TensorSpec of(NodeInfo node) {
        if (node.getInfo() instanceof TensorInfo t) {
            return new TensorSpec(node.getName(), t.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "").toLowerCase(Locale.ROOT), t.getShape());
        }
        return new TensorSpec(node.getName(), node.getInfo().getClass().getSimpleName().replace("Info", "").toLowerCase(Locale.ROOT), new long[0]);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of axes */
    public int rank() {
        return shape.length;
    }

    /** @return whether it is a float32 tensor */
    public boolean isFloat() {
        return "float".equals(elementType);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && name.equals(t.name) && elementType.equals(t.elementType) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, elementType) * 31 + Arrays.hashCode(shape);
    }

    /** @return e.g. {@code "input_features" float[1, -1, 80]} */
    @Override
    public String toString() {
        return "\"" + name + "\" " + elementType + Arrays.toString(shape);
    }
}
