package dev.audioml.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: {@code audioml live --model hey_jarvis --source FILE} as a user runs it (its own JVM), for an hour of
 * real-time audio (the demo recording looped), sampling the process's resident memory, Java heap and native memory
 * (Native Memory Tracking) every {@value #SAMPLE_SECONDS} s. The heap is touched whole at start, so resident memory
 * that grows later is native (ONNX Runtime's allocations are not in NMT). It passes when nothing is dropped, the p99
 * window latency stays far below the hop, and memory after warm-up does not grow. Writes {@code target/soak-report.md}
 * (docs/reliability.md quotes it).
 *
 * <p>In the long profile only: {@code ./mvnw -B verify -Plong -pl audioml-cli -am -Dtest=LiveSoakTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Daudioml.soak.seconds=N} shortens it.
 */
@Tag("long")
class LiveSoakTest {
    private static final int SAMPLE_SECONDS = 30;
    private static final Pattern SUMMARY = Pattern.compile(
            "live: (\\d+) windows, (\\d+) blocks dropped \\((\\d+) samples\\), latency p50 ([\\d.]+) ms, p99 ([\\d.]+) ms");
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    private static final Pattern NMT_HEAP = Pattern.compile("Java Heap \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");

    /** One sample: seconds since start, resident set, NMT committed total and Java heap committed, in KiB. */
    private record Sample(long seconds, long rssKb, long nmtCommittedKb, long heapCommittedKb) {
        long nonHeapKb() {
            return nmtCommittedKb - heapCommittedKb;
        }
    }

    @Test
    void anHourLiveRunDropsNothingAndHoldsItsMemory(@TempDir Path tmp) throws Exception {
        long seconds = Long.getLong("audioml.soak.seconds", 3_600);
        Path demo = Path.of("src/main/resources/dev/audioml/cli/demo.wav");
        Path looped = tmp.resolve("looped.wav");
        long repeats = (seconds + 11) / 12; // the demo recording is 12 s
        run(List.of("sox", "-V1", demo.toString(), looped.toString(), "repeat", String.valueOf(repeats - 1)));
        Path out = tmp.resolve("live.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the heap is committed and touched at start (AlwaysPreTouch), so resident memory that grows later is native
        Process p = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
                "-XX:NativeMemoryTracking=summary", "-cp",
                System.getProperty("java.class.path"), "dev.audioml.cli.Main", "live", "--model", "hey_jarvis",
                "--source", looped.toString(), "--seconds", String.valueOf(seconds))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        while (!p.waitFor(SAMPLE_SECONDS, TimeUnit.SECONDS)) {
            Sample s = sample(p.pid(), (System.nanoTime() - start) / 1_000_000_000L);
            if (s != null) {
                samples.add(s);
            }
        }
        assertThat(p.exitValue()).as(tail(out)).isZero();
        Matcher m = SUMMARY.matcher(Files.readString(out));
        assertThat(m.find()).as("the live summary in %s", tail(out)).isTrue();
        long windows = Long.parseLong(m.group(1));
        long dropped = Long.parseLong(m.group(2));
        double p50 = Double.parseDouble(m.group(4));
        double p99 = Double.parseDouble(m.group(5));
        String report = report(seconds, windows, dropped, p50, p99, samples);
        Files.writeString(Path.of("target/soak-report.md"), report);
        System.out.println(report);

        assertThat(windows).as("windows of 80 ms").isGreaterThanOrEqualTo(seconds * 1000 / 80 - 20);
        assertThat(dropped).isZero();
        assertThat(p99).as("p99 window latency in ms, against the 80 ms hop").isLessThan(40);
        // memory after warm-up (the first quarter) must not grow: last quarter vs second quarter
        List<Sample> warm = samples.subList(samples.size() / 4, samples.size());
        assertThat(warm).hasSizeGreaterThanOrEqualTo(4);
        long firstRss = mean(warm.subList(0, warm.size() / 2), Sample::rssKb);
        long lastRss = mean(warm.subList(warm.size() / 2, warm.size()), Sample::rssKb);
        long firstNative = mean(warm.subList(0, warm.size() / 2), Sample::nonHeapKb);
        long lastNative = mean(warm.subList(warm.size() / 2, warm.size()), Sample::nonHeapKb);
        assertThat(lastRss - firstRss).as("resident growth in KiB").isLessThan(16 * 1024);
        assertThat(lastNative - firstNative).as("NMT non-heap growth in KiB").isLessThan(8 * 1024);
    }

    private static Sample sample(long pid, long seconds) throws IOException, InterruptedException {
        long rss = -1;
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.exists(status)) {
            return null;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), "VM.native_memory", "summary").redirectErrorStream(true).start();
        String nmt = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor(30, TimeUnit.SECONDS);
        Matcher total = NMT_TOTAL.matcher(nmt);
        Matcher heap = NMT_HEAP.matcher(nmt);
        if (rss < 0 || !total.find() || !heap.find()) {
            return null; // the process is ending
        }
        return new Sample(seconds, rss, Long.parseLong(total.group(2)), Long.parseLong(heap.group(2)));
    }

    private static String report(long seconds, long windows, long dropped, double p50, double p99, List<Sample> samples) {
        StringBuilder r = new StringBuilder(String.format(Locale.ROOT,
                "# Soak: audioml live --model hey_jarvis --source (demo looped), %d s%n%n"
                        + "windows %d, blocks dropped %d, window latency p50 %.2f ms, p99 %.2f ms%n%n"
                        + "| t (s) | RSS (MiB) | NMT committed (MiB) | Java heap committed (MiB) | non-heap (MiB) |%n"
                        + "|---:|---:|---:|---:|---:|%n", seconds, windows, dropped, p50, p99));
        int step = Math.max(1, samples.size() / 12);
        for (int i = 0; i < samples.size(); i += step) {
            Sample s = samples.get(i);
            r.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f |%n", s.seconds(), s.rssKb() / 1024.0,
                    s.nmtCommittedKb() / 1024.0, s.heapCommittedKb() / 1024.0, s.nonHeapKb() / 1024.0));
        }
        return r.toString();
    }

    private static long mean(List<Sample> samples, java.util.function.ToLongFunction<Sample> f) {
        return Math.round(samples.stream().mapToLong(f).average().orElseThrow());
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static String tail(Path out) throws IOException {
        String s = Files.readString(out);
        return s.substring(Math.max(0, s.length() - 2_000));
    }
}
