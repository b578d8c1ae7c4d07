package dev.audioml.capture.mic;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/**
 * Lists audio capture devices through Java Sound and picks one by index or name.
 *
 * <p>Thread-safe (stateless).
 *
 * @since 0.1
 */
public final class CaptureDevices {
    static final String NONE_MESSAGE = "no audio capture device found (Java Sound lists no mixer with a capture "
            + "line); connect a microphone, or read a file with AudioFiles / RealtimeFileSource";

    private CaptureDevices() {
    }

    /** @return every mixer that has a capture ({@link TargetDataLine}) line, in Java Sound's order; may be empty */
    public static List<CaptureDevice> list() {
        List<CaptureDevice> devices = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            Mixer mixer = AudioSystem.getMixer(info);
            Set<CaptureFormat> formats = new LinkedHashSet<>();
            boolean capture = false;
            for (Line.Info line : mixer.getTargetLineInfo()) {
                if (line instanceof DataLine.Info && TargetDataLine.class.isAssignableFrom(line.getLineClass())) {
                    capture = true;
                    for (AudioFormat f : ((DataLine.Info) line).getFormats()) {
                        formats.add(toCaptureFormat(f));
                    }
                }
            }
            if (capture) {
                devices.add(new CaptureDevice(devices.size(), info.getName(), info.getDescription(),
                        new ArrayList<>(formats)));
            }
        }
        return devices;
    }

    /**
     * Picks a device from {@link #list()}.
     *
     * @param selector a device index ({@code "0"}), a case-insensitive substring of its name, or null for the first
     * @return the chosen device
     * @throws NoCaptureDeviceException when there is no capture device at all
     * @throws IllegalArgumentException when no device matches {@code selector}
     */
    public static CaptureDevice select(String selector) throws NoCaptureDeviceException {
        return select(list(), selector);
    }

    static CaptureDevice select(List<CaptureDevice> devices, String selector) throws NoCaptureDeviceException {
        if (devices.isEmpty()) {
            throw new NoCaptureDeviceException(NONE_MESSAGE);
        }
        if (selector == null || selector.isBlank()) {
            return devices.get(0);
        }
        String s = selector.trim();
        if (s.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(s);
            if (index < devices.size()) {
                return devices.get(index);
            }
            throw new IllegalArgumentException("capture device index " + index + " is out of range [0, "
                    + (devices.size() - 1) + "]; devices: " + names(devices));
        }
        String needle = s.toLowerCase(Locale.ROOT);
        List<CaptureDevice> matches = devices.stream()
                .filter(d -> d.name().toLowerCase(Locale.ROOT).contains(needle)).collect(Collectors.toList());
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("no capture device name contains \"" + s + "\"; devices: "
                    + names(devices));
        }
        return matches.get(0);
    }

    private static String names(List<CaptureDevice> devices) {
        return devices.stream().map(d -> d.index() + ": " + d.name()).collect(Collectors.joining(", "));
    }

    private static CaptureFormat toCaptureFormat(AudioFormat f) {
        return new CaptureFormat(f.getEncoding().toString(),
                f.getSampleRate() == AudioSystem.NOT_SPECIFIED ? CaptureFormat.ANY_RATE : Math.round(f.getSampleRate()),
                f.getSampleSizeInBits(), f.getChannels(), f.isBigEndian());
    }
}
