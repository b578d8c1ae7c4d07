package dev.audioml.onnx.write;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal protocol-buffers decoder: splits a message into its fields, keeping each field's exact encoding so a
 * message can be re-written with fields added or replaced and everything else copied byte for byte.
 *
 * <p>Immutable and thread-safe.
 */
final class ProtoReader {
    private ProtoReader() {
    }

    /**
     * One field of a message.
     *
     * @param number field number
     * @param wireType protobuf wire type
     * @param varint the value of a varint field (0 otherwise)
     * @param payload the bytes of a length-delimited field (empty otherwise)
     * @param encoded the field's whole encoding, tag included
     */
    record Field(int number, int wireType, long varint, byte[] payload, byte[] encoded) {
        String string() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param message an encoded message
     * @return its fields in order
     * @throws IllegalArgumentException if the bytes are not a well-formed message
     */
    static List<Field> parse(byte[] message) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < message.length) {
            int start = pos[0];
            long tag = readVarint(message, pos);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (number < 1) {
                throw malformed("field number " + number, start);
            }
            long varint = 0;
            byte[] payload = new byte[0];
            switch (wireType) {
                case ProtoWriter.WIRE_VARINT -> varint = readVarint(message, pos);
                case ProtoWriter.WIRE_FIXED64 -> skip(message, pos, 8);
                case ProtoWriter.WIRE_FIXED32 -> skip(message, pos, 4);
                case ProtoWriter.WIRE_LEN -> {
                    long length = readVarint(message, pos);
                    if (length < 0 || length > message.length - pos[0]) {
                        throw malformed("length " + length, start);
                    }
                    payload = Arrays.copyOfRange(message, pos[0], pos[0] + (int) length);
                    pos[0] += (int) length;
                }
                default -> throw malformed("wire type " + wireType, start);
            }
            fields.add(new Field(number, wireType, varint, payload, Arrays.copyOfRange(message, start, pos[0])));
        }
        return fields;
    }

    private static long readVarint(byte[] buf, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= buf.length) {
                throw malformed("truncated varint", pos[0]);
            }
            byte b = buf[pos[0]++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw malformed("varint longer than 10 bytes", pos[0]);
    }

    private static void skip(byte[] buf, int[] pos, int n) {
        if (buf.length - pos[0] < n) {
            throw malformed("truncated fixed field", pos[0]);
        }
        pos[0] += n;
    }

    private static IllegalArgumentException malformed(String what, int offset) {
        return new IllegalArgumentException("not a protobuf message: bad " + what + " at byte " + offset);
    }
}
