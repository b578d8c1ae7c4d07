package dev.audioml.core.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.audioml.core.Classification;
import dev.audioml.core.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinksTest {
    private static final List<String> LABELS = List.of("speech", "dog \"rex\", big", "noise");
    private static final Classification WINDOW = new Classification(8_000, 24_000, 16_000, LABELS,
            new float[] {0.25f, 0.5f, 0.125f});
    private static final Event EVENT = new Event("speech", 16_000, 40_000, 16_000, 0.875f);

    private static String json(String s) {
        return Json.string(new StringBuilder(), s).toString();
    }

    @Test
    void jsonEscaperHandlesQuotesBackslashesControlCharactersAndUnicode() {
        assertThat(json("plain")).isEqualTo("\"plain\"");
        assertThat(json("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(json("C:\\dir\\a.wav")).isEqualTo("\"C:\\\\dir\\\\a.wav\"");
        assertThat(json("a\nb\tc\rd\be\ff")).isEqualTo("\"a\\nb\\tc\\rd\\be\\ff\"");
        assertThat(json("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
        assertThat(json("café 日本 🐕")).isEqualTo("\"café 日本 🐕\"");
        assertThat(json("line\u2028sep")).isEqualTo("\"line\\u2028sep\"");
        assertThat(json("lone \ud83d end")).isEqualTo("\"lone \\ud83d end\"");
        assertThat(json("/\u007f")).isEqualTo("\"/\u007f\"");
        assertThat(json(null)).isEqualTo("null");
    }

    @Test
    void secondsUseUpToSixDecimalsWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(Json.seconds(1.5)).isEqualTo("1.5");
            assertThat(Json.seconds(0)).isEqualTo("0");
            assertThat(Json.seconds(1.0 / 16_000)).isEqualTo("0.000063");
            assertThat(Json.seconds(12)).isEqualTo("12");
            StringWriter console = new StringWriter();
            try (ConsoleSink sink = new ConsoleSink(console)) {
                sink.onClassification(WINDOW);
            }
            assertThat(console.toString()).contains("0.500 s", "0.500 |").doesNotContain("0,5");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void jsonlSinkWritesTheDocumentedWindowAndEventLines() {
        StringWriter out = new StringWriter();
        try (JsonlSink sink = new JsonlSink(out, "clips/a \"b\".wav", 2)) {
            sink.open(LABELS);
            sink.onClassification(WINDOW);
            sink.onEvent(EVENT);
        }
        assertThat(out.toString().split("\n", -1)).containsExactly(
                "{\"file\":\"clips/a \\\"b\\\".wav\",\"start_s\":0.5,\"end_s\":1.5,"
                        + "\"scores\":{\"speech\":0.25,\"dog \\\"rex\\\", big\":0.5,\"noise\":0.125},"
                        + "\"top\":[{\"label\":\"dog \\\"rex\\\", big\",\"score\":0.5},{\"label\":\"speech\",\"score\":0.25}]}",
                "{\"file\":\"clips/a \\\"b\\\".wav\",\"event\":\"speech\",\"start_s\":1,\"end_s\":2.5,\"score\":0.875}",
                "");
    }

    @Test
    void nonFiniteScoresBecomeJsonNull() {
        StringWriter out = new StringWriter();
        try (JsonlSink sink = new JsonlSink(out, null)) {
            sink.onClassification(new Classification(0, 1, 1, List.of("x"), new float[] {Float.NaN}));
        }
        assertThat(out.toString()).startsWith("{\"file\":null,").contains("\"scores\":{\"x\":null}");
    }

    @Test
    void csvSinkQuotesPerRfc4180AndLeavesMissingLabelsEmpty() {
        StringWriter out = new StringWriter();
        try (CsvSink sink = new CsvSink(out)) {
            sink.open(LABELS);
            sink.onClassification(WINDOW);
            sink.onClassification(new Classification(24_000, 40_000, 16_000, List.of("noise"), new float[] {0.75f}));
            sink.onEvent(EVENT);
        }
        assertThat(out.toString()).isEqualTo("start_s,end_s,speech,\"dog \"\"rex\"\", big\",noise\r\n"
                + "0.5,1.5,0.25,0.5,0.125\r\n"
                + "1.5,2.5,,,0.75\r\n");
        assertThat(CsvSink.field(new StringBuilder(), "two\nlines").toString()).isEqualTo("\"two\nlines\"");
    }

    @Test
    void pathSinksCreateAndCloseTheirFilesWriterSinksLeaveTheWriterOpen(@TempDir Path dir) throws IOException {
        Path jsonl = dir.resolve("out.jsonl");
        Path csv = dir.resolve("out.csv");
        try (JsonlSink j = new JsonlSink(jsonl, "a.wav"); CsvSink c = new CsvSink(csv)) {
            j.onClassification(WINDOW);
            c.onClassification(WINDOW);
        }
        assertThat(Files.readAllLines(jsonl)).hasSize(1);
        assertThat(Files.readString(csv)).startsWith("start_s,end_s,speech,").endsWith("0.125\r\n");
        assertThatThrownBy(() -> new CsvSink(dir.resolve("missing/x.csv"))).hasMessageContaining("missing");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleSink console = new ConsoleSink(stream);
        console.onClassification(WINDOW);
        console.onEvent(EVENT);
        console.close();
        console.close();
        stream.println("still open");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("|##########          |", "EVENT speech 1.000-2.500 s peak 0.875",
                "still open");
    }

    @Test
    void useAfterCloseNamesTheSink() {
        JsonlSink jsonl = new JsonlSink(new StringWriter(), "a");
        jsonl.close();
        jsonl.close();
        assertThatThrownBy(() -> jsonl.onClassification(WINDOW)).isInstanceOf(IllegalStateException.class)
                .hasMessage("JsonlSink is closed");
        CallbackSink callback = new CallbackSink(c -> { });
        callback.close();
        assertThatThrownBy(() -> callback.onEvent(EVENT)).hasMessage("CallbackSink is closed");
    }

    @Test
    void callbackSinkForwardsClassificationsAndEvents() {
        List<Object> got = new ArrayList<>();
        try (CallbackSink sink = new CallbackSink(got::add, got::add)) {
            sink.onClassification(WINDOW);
            sink.onEvent(EVENT);
        }
        assertThat(got).containsExactly(WINDOW, EVENT);
    }
}
