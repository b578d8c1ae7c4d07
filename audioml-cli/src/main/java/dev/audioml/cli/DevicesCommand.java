package dev.audioml.cli;

import dev.audioml.capture.mic.CaptureDevice;
import dev.audioml.capture.mic.CaptureDevices;
import dev.audioml.capture.mic.CaptureFormat;
import dev.audioml.sinks.midi.MidiSink;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sound.midi.MidiDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audioml devices}: the audio capture devices Java Sound sees, with their formats; or the MIDI outputs. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List audio capture devices (index, name, formats) for 'record --device', or with --midi the MIDI"
                + " output devices for '--midi DEVICE'.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--midi", description = "List MIDI output devices (synthesizers, ports) instead.")
    boolean midi;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (midi) {
            List<MidiDevice.Info> outputs = MidiSink.outputDevices();
            if (outputs.isEmpty()) {
                out.println("No MIDI output devices found.");
            }
            for (MidiDevice.Info i : outputs) {
                out.println(i.getName() + " (" + i.getVendor() + ", " + i.getDescription() + ")");
            }
            out.flush();
            return 0;
        }
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
