package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Help text wraps to the terminal ($COLUMNS) and no sentence is cut by a hard-coded line break. */
class HelpTextTest {
    private static String help(String columns, String... args) {
        StringWriter out = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(new StringWriter()), columns);
        assertThat(code).isZero();
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {60, 80, 120, 160})
    void helpFitsTheWidthAndKeepsSentencesWhole(int columns) {
        for (String[] args : new String[][] {{"--help"}, {"spectrogram", "--help"}, {"live", "--help"},
            {"calibrate", "--help"}, {"features", "--help"}, {"demo", "--help"}}) {
            String text = help(Integer.toString(columns), args);
            assertThat(text.lines()).as(String.join(" ", args)).allSatisfy(l -> assertThat(l.length())
                    .isLessThanOrEqualTo(columns));
            String joined = text.replaceAll("\\s+", " ");
            if (args[0].equals("--help")) {
                // the command list shows each command's whole first sentence, wrapped, never cut
                assertThat(joined).contains("Draw an audio file's spectrogram as a figure with time, Hz and dB axes, "
                        + "or as image tiles.");
                assertThat(joined).contains("Calibrate a label's event threshold and patience on a stream.");
            }
        }
        String live = help(Integer.toString(columns), "live", "--help").replaceAll("\\s+", " ");
        assertThat(live).contains("on exit (end of file, --seconds, Ctrl-C) prints the windows processed, dropped "
                + "blocks and the latency p50/p99");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "0", "-3"})
    void unusableColumnsFallBackToDetection(String columns) {
        assertThat(Main.usageWidth(columns)).isNull();
        assertThat(Main.usageWidth("20")).isEqualTo(Main.MIN_USAGE_WIDTH);
        assertThat(Main.usageWidth("400")).isEqualTo(Main.MAX_USAGE_WIDTH);
    }

    /**
     * picocli runs every description line through {@code String.format}; a bare {@code %} (as in "95 % upper
     * bound") makes it print a warning to stderr on every {@code --help} and show the raw text.
     */
    @Test
    void noHelpTextMakesPicocliWarn() {
        PrintStream original = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            renderAll(AudioMLCommand.commandLine());
        } finally {
            System.setErr(original);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private static void renderAll(CommandLine cli) {
        cli.usage(new PrintWriter(new StringWriter()));
        cli.getSubcommands().values().forEach(HelpTextTest::renderAll);
    }
}
