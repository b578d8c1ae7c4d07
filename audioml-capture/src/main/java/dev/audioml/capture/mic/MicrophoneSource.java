package dev.audioml.capture.mic;

import dev.audioml.core.Source;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/**
 * Live mono float audio from a capture device through Java Sound. The line is opened with 16-bit signed PCM at the
 * requested rate when the device takes it, otherwise at the closest rate it declares (48000, 44100, ... Hz); the
 * rate actually opened is {@link #sampleRateHz()}; resampling to a model's rate is the pipeline's job. Stereo devices
 * are mixed to mono (mean of channels).
 *
 * <p>{@link #read} blocks on the device line until the requested samples have been captured; call it from a
 * dedicated capture thread (the core pipeline does so for live sources) so that processing never holds up the
 * device. {@link #close()} may be called from any thread and ends a blocked read, which then returns -1.
 *
 * <p>Not thread-safe apart from {@code close}: confine reads to one thread.
 *
 * @since 0.1
 */
public final class MicrophoneSource implements Source {
    private static final int BITS = 16;
    private static final int[] FALLBACK_RATES_HZ = {48_000, 44_100, 32_000, 22_050, 16_000, 11_025, 8_000};
    /** Largest read handed to the device at once: 100 ms at 48 kHz stereo. */
    private static final int MAX_READ_FRAMES = 4800;

    private final CaptureDevice device;
    private final TargetDataLine line;
    private final AudioFormat format;
    private final byte[] raw;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MicrophoneSource(CaptureDevice device, TargetDataLine line, AudioFormat format) {
        this.device = device;
        this.line = line;
        this.format = format;
        this.raw = new byte[MAX_READ_FRAMES * format.getFrameSize()];
    }

    /**
     * Opens and starts the device chosen by {@code selector} (see {@link CaptureDevices#select}).
     *
     * @param selector device index, name substring, or null for the first device
     * @param requestedRateHz preferred sample rate in Hz, at least 1
     * @return a started live source; the caller closes it
     * @throws NoCaptureDeviceException when there is no capture device
     * @throws IOException when the device cannot be opened in any 16-bit PCM format
     */
    public static MicrophoneSource open(String selector, int requestedRateHz) throws IOException {
        return open(CaptureDevices.select(selector), requestedRateHz);
    }

    /**
     * Opens and starts {@code device}.
     *
     * @param device a device from {@link CaptureDevices#list()}
     * @param requestedRateHz preferred sample rate in Hz, at least 1
     * @return a started live source; the caller closes it
     * @throws IOException when the device is gone or cannot be opened in any 16-bit PCM format
     */
    public static MicrophoneSource open(CaptureDevice device, int requestedRateHz) throws IOException {
        Objects.requireNonNull(device, "device");
        if (requestedRateHz < 1) {
            throw new IllegalArgumentException("requestedRateHz must be >= 1, got " + requestedRateHz);
        }
        Mixer mixer = findMixer(device);
        List<String> tried = new ArrayList<>();
        for (AudioFormat format : candidates(device, requestedRateHz)) {
            DataLine.Info info = new DataLine.Info(TargetDataLine.class, format);
            if (!mixer.isLineSupported(info)) {
                continue;
            }
            try {
                TargetDataLine line = (TargetDataLine) mixer.getLine(info);
                line.open(format);
                line.start();
                return new MicrophoneSource(device, line, format);
            } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                tried.add(format + " (" + e.getMessage() + ")");
            }
        }
        throw new IOException("capture device \"" + device.name() + "\" cannot be opened for 16-bit PCM at "
                + requestedRateHz + " Hz or any fallback rate" + (tried.isEmpty() ? "" : "; tried " + tried));
    }

    /** 16-bit formats to try: the requested rate first, then the device's declared rates, then common rates. */
    static List<AudioFormat> candidates(CaptureDevice device, int requestedRateHz) {
        Set<Integer> rates = new LinkedHashSet<>();
        rates.add(requestedRateHz);
        device.formats().stream().filter(f -> f.sampleRateHz() != CaptureFormat.ANY_RATE)
                .map(CaptureFormat::sampleRateHz).sorted((a, b) -> Integer.compare(
                        Math.abs(a - requestedRateHz), Math.abs(b - requestedRateHz)))
                .forEach(rates::add);
        for (int r : FALLBACK_RATES_HZ) {
            rates.add(r);
        }
        List<AudioFormat> out = new ArrayList<>();
        for (int rate : rates) {
            for (int channels = 1; channels <= 2; channels++) {
                out.add(new AudioFormat(rate, BITS, channels, true, false));
                out.add(new AudioFormat(rate, BITS, channels, true, true));
            }
        }
        return out;
    }

    private static Mixer findMixer(CaptureDevice device) throws NoCaptureDeviceException {
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            if (info.getName().equals(device.name())) {
                return AudioSystem.getMixer(info);
            }
        }
        throw new NoCaptureDeviceException("capture device \"" + device.name() + "\" is no longer available");
    }

    /** @return the rate the device was opened at, in Hz (may differ from the requested one) */
    @Override
    public int sampleRateHz() {
        return Math.round(format.getSampleRate());
    }

    /** @return the device this source captures from */
    public CaptureDevice device() {
        return device;
    }

    /** @return the channel count the line was opened with (mixed to mono on read) */
    public int deviceChannels() {
        return format.getChannels();
    }

    /**
     * Blocks until {@code min(length, 4800)} samples have been captured, then converts them to mono float.
     *
     * @return samples read, or -1 once the source is closed
     */
    @Override
    public int read(float[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length < 1) {
            throw new IllegalArgumentException("length must be >= 1, got " + length);
        }
        if (closed.get()) {
            return -1;
        }
        int frameBytes = format.getFrameSize();
        int want = Math.min(length, MAX_READ_FRAMES) * frameBytes;
        int got = line.read(raw, 0, want);
        int frames = got / frameBytes;
        if (frames == 0) {
            if (closed.get() || !line.isOpen()) {
                return -1;
            }
            throw new IOException("capture device \"" + device.name() + "\" delivered no audio");
        }
        Pcm16.toMono(raw, frames, format.getChannels(), format.isBigEndian(), buffer, offset);
        return frames;
    }

    /** @return true: samples arrive in real time */
    @Override
    public boolean isLive() {
        return true;
    }

    @Override
    public String description() {
        return "microphone \"" + device.name() + "\" @ " + sampleRateHz() + " Hz";
    }

    /** Stops and closes the line. Idempotent; safe from any thread. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            line.stop();
            line.close();
        }
    }
}
