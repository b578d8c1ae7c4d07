package dev.audioml.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine a benchmark ran on: CPU model (from {@code /proc/cpuinfo}), cores, OS, JVM, ONNX Runtime version. */
final class MachineInfo {
    private MachineInfo() {
    }

    /** @return the description as an ordered map (written as the JSON {@code machine} object) */
    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpuModel", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("jvm", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        m.put("onnxRuntime", onnxRuntimeVersion());
        return m;
    }

    /** @return the first {@code model name} of {@code /proc/cpuinfo}, or {@code os.arch} where there is none */
    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals("model name")) {
                    return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return "unknown (" + System.getProperty("os.arch") + ")";
    }

    /** @return ONNX Runtime's version, from the native library */
    static String onnxRuntimeVersion() {
        try {
            return ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }
}
