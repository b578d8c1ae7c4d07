package dev.audioml.sinks.osc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compares with what NumPy 1.24 / Python print (golden/workshop_format.py wrote the table). */
class WorkshopFormatTest {

    private static List<String[]> golden() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                WorkshopFormatTest.class.getResourceAsStream("/golden/workshop_format.tsv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split("\t", -1);
                f[2] = unescape(f[2]);
                rows.add(f);
            }
        }
        return rows;
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                char n = s.charAt(++i);
                sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Test
    void floatsPrintAsNumpyFloat32InAList() throws IOException {
        int checked = 0;
        for (String[] row : golden()) {
            if (row[0].equals("float")) {
                float x = Float.intBitsToFloat(Integer.parseUnsignedInt(row[1], 16));
                assertThat(WorkshopFormat.floatList(new float[] {x})).as("bits %s", row[1]).isEqualTo(row[2]);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void indicesAndNamesPrintAsPythonLists() throws IOException {
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        for (String[] row : golden()) {
            if (row[0].equals("int")) {
                int[] ints = json.readValue(row[1], int[].class);
                assertThat(WorkshopFormat.indexList(ints)).isEqualTo(row[2]);
                checked++;
            } else if (row[0].equals("str")) {
                List<String> names = List.of(json.readValue(row[1], String[].class));
                assertThat(WorkshopFormat.stringList(names)).as(row[1]).isEqualTo(row[2]);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(9);
    }

    @Test
    void theIssuesExample() {
        assertThat(WorkshopFormat.indexList(new int[] {1, 0})).isEqualTo("[1, 0]");
        assertThat(WorkshopFormat.floatList(new float[] {0.93f, 0.07f})).isEqualTo("[0.93, 0.07]");
        assertThat(WorkshopFormat.stringList(List.of("cat", "dog"))).isEqualTo("['cat', 'dog']");
        assertThat(WorkshopFormat.floatList(new float[0])).isEqualTo("[]");
    }
}
