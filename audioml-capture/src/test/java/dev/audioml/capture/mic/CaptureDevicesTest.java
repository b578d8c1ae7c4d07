package dev.audioml.capture.mic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;

class CaptureDevicesTest {
    private static final List<CaptureDevice> DEVICES = List.of(
            new CaptureDevice(0, "default [default]", "Direct Audio Device", List.of()),
            new CaptureDevice(1, "USB Microphone [plughw:1,0]", "Direct Audio Device",
                    List.of(new CaptureFormat("PCM_SIGNED", 44_100, 16, 1, false),
                            new CaptureFormat("PCM_SIGNED", 48_000, 16, 2, false))));

    @Test
    void noDeviceAtAllIsAClearError() {
        assertThatThrownBy(() -> CaptureDevices.select(List.of(), null))
                .isInstanceOf(NoCaptureDeviceException.class)
                .hasMessageStartingWith("no audio capture device found");
    }

    @Test
    void openingWithoutADeviceOnThisMachineSaysSo() {
        // CI machines have no sound card: Java Sound lists no capture mixer, and opening must say so clearly.
        assumeTrue(CaptureDevices.list().isEmpty(), "this machine has a capture device");
        assertThatThrownBy(() -> MicrophoneSource.open((String) null, 16_000))
                .isInstanceOf(NoCaptureDeviceException.class).hasMessage(CaptureDevices.NONE_MESSAGE);
    }

    @Test
    void selectsByIndexOrNameSubstring() throws Exception {
        assertThat(CaptureDevices.select(DEVICES, null).index()).isZero();
        assertThat(CaptureDevices.select(DEVICES, "1").name()).startsWith("USB");
        assertThat(CaptureDevices.select(DEVICES, "usb mic").index()).isEqualTo(1);
    }

    @Test
    void unknownSelectorListsTheDevices() {
        assertThatThrownBy(() -> CaptureDevices.select(DEVICES, "7"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 7 is out of range [0, 1]")
                .hasMessageContaining("1: USB Microphone");
        assertThatThrownBy(() -> CaptureDevices.select(DEVICES, "bluetooth"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"bluetooth\"")
                .hasMessageContaining("0: default [default]");
    }

    @Test
    void triesTheRequestedRateThenTheClosestDeclaredRates() {
        List<AudioFormat> formats = MicrophoneSource.candidates(DEVICES.get(1), 16_000);
        assertThat(formats.get(0).getSampleRate()).isEqualTo(16_000f);
        assertThat(formats.get(0).getChannels()).isEqualTo(1);
        assertThat(formats.get(0).getSampleSizeInBits()).isEqualTo(16);
        assertThat(formats.stream().map(AudioFormat::getSampleRate).distinct().limit(3))
                .containsExactly(16_000f, 44_100f, 48_000f);
    }

    @Test
    void captureFormatReadsWell() {
        assertThat(new CaptureFormat("PCM_SIGNED", CaptureFormat.ANY_RATE, 16, 2, false))
                .hasToString("PCM_SIGNED any rate, 16-bit, 2 ch, little-endian");
    }
}
