package dev.audioml.cli;

import dev.audioml.capture.mic.CaptureDevice;
import dev.audioml.capture.mic.CaptureDevices;
import dev.audioml.capture.mic.CaptureFormat;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code audioml devices}: the audio capture devices Java Sound sees, with their formats. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List audio capture devices (index, name, formats) for 'record --device'.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<CaptureDevice> devices = CaptureDevices.list();
        if (devices.isEmpty()) {
            out.println("No audio capture devices found (Java Sound lists no mixer with a capture line).");
        }
        for (CaptureDevice d : devices) {
            out.println(d.index() + ": " + d.name() + " (" + d.description() + ")");
            for (CaptureFormat f : d.formats()) {
                out.println("    " + f);
            }
        }
        out.flush();
        return 0;
    }
}
