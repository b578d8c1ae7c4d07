package dev.audioml.features;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the little-endian float32 {@code .npy} files of the golden folder (1-D or 2-D, C order). */
final class Npy {
    private static final Pattern SHAPE = Pattern.compile("'shape': \\((\\d+),\\s*(\\d*)\\)");

    private Npy() {
    }

    static FeatureMatrix read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if ((all[0] & 0xff) != 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException("not an .npy file");
        }
        int major = all[6];
        int headerLength = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        String header = new String(all, start, headerLength, StandardCharsets.US_ASCII);
        if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException("expected C-order <f4, got " + header);
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IOException("no shape in " + header);
        }
        int rows = Integer.parseInt(m.group(1));
        int cols = m.group(2).isEmpty() ? 1 : Integer.parseInt(m.group(2));
        float[] data = new float[rows * cols];
        b.position(start + headerLength);
        b.asFloatBuffer().get(data);
        return new FeatureMatrix(rows, cols, data);
    }
}
