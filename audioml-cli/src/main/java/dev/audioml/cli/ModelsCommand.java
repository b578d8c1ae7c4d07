package dev.audioml.cli;

import dev.audioml.onnx.preset.ModelCache;
import dev.audioml.onnx.preset.Preset;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code audioml models}: lists the pretrained presets and whether they are cached; {@code --fetch} fetches them. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the pretrained model presets: name, kind, license, cached or not, size.",
            "Presets are fetched on first use into the cache (~/.cache/audioml/models, or $AUDIOML_CACHE)."})
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--fetch", paramLabel = "PRESET", split = ",",
            description = "Fetch these presets now (comma-separated, or 'all'), e.g. before going offline.")
    List<String> fetch = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelCache cache = ModelCache.defaultCache(line -> {
            err.println(line);
            err.flush();
        });
        List<Preset> toFetch = new ArrayList<>();
        for (String name : fetch) {
            if (name.equalsIgnoreCase("all")) {
                toFetch.addAll(List.of(Preset.values()));
            } else {
                try {
                    toFetch.add(Preset.byName(name));
                } catch (IllegalArgumentException e) {
                    throw new Main.UsageException("--fetch: " + e.getMessage());
                }
            }
        }
        for (Preset p : toFetch) {
            cache.resolve(p);
        }
        out.printf(Locale.ROOT, "%-12s %-10s %-16s %-7s %8s%n", "NAME", "KIND", "LICENSE", "CACHED", "SIZE");
        for (Preset p : Preset.values()) {
            out.printf(Locale.ROOT, "%-12s %-10s %-16s %-7s %5.1f MB%n", p.presetName(), p.kind().displayName(),
                    p.license().shortName(), cache.isCached(p) ? "yes" : "no", p.sizeBytes() / 1e6);
        }
        out.println();
        out.println("Cache: " + cache.root() + " (set " + ModelCache.CACHE_ENV + " to use another folder)");
        out.println("Wake-word sizes include the shared melspectrogram + embedding models (2.4 MB, fetched once).");
        out.println("openWakeWord heads are " + Preset.HEY_JARVIS.license().shortName()
                + ": non-commercial use only. Silero VAD is MIT.");
        return 0;
    }
}
