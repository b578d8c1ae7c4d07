package dev.audioml.onnx.write;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protocol-buffers encoder: varint, 32-bit and length-delimited fields, written in call order. Enough for
 * ONNX's {@code ModelProto} without a protobuf dependency (wire format per the protobuf encoding guide).
 *
 * <p>Not thread-safe.
 */
final class ProtoWriter {
    static final int WIRE_VARINT = 0;
    static final int WIRE_FIXED64 = 1;
    static final int WIRE_LEN = 2;
    static final int WIRE_FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter varint(int field, long value) {
        tag(field, WIRE_VARINT);
        rawVarint(value);
        return this;
    }

    ProtoWriter fixed32(int field, float value) {
        tag(field, WIRE_FIXED32);
        rawFixed32(Float.floatToRawIntBits(value));
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, WIRE_LEN);
        rawVarint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** Writes a packed repeated float field (wire type 2 of fixed32 values). */
    ProtoWriter packedFloats(int field, float[] values) {
        ProtoWriter body = new ProtoWriter();
        for (float v : values) {
            body.rawFixed32(Float.floatToRawIntBits(v));
        }
        return message(field, body);
    }

    /** Writes a packed repeated varint field (int64 and int32 values). */
    ProtoWriter packedVarints(int field, long[] values) {
        ProtoWriter body = new ProtoWriter();
        for (long v : values) {
            body.rawVarint(v);
        }
        return message(field, body);
    }

    /** Copies an already encoded field (tag and payload) unchanged. */
    ProtoWriter raw(byte[] encodedField) {
        out.write(encodedField, 0, encodedField.length);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void rawFixed32(int bits) {
        out.write(bits);
        out.write(bits >>> 8);
        out.write(bits >>> 16);
        out.write(bits >>> 24);
    }
}
