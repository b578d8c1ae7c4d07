package dev.audioml.examples.oscbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.illposed.osc.OSCMessage;
import dev.audioml.capture.file.WavWriter;
import dev.audioml.onnx.testing.ToneModels;
import dev.audioml.sinks.testing.OscReceiver;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge on a real ONNX model (low/high tone, written in code) and a WAV played in real time. */
class OscBridgeTest {
    private static final int RATE_HZ = ToneModels.SAMPLE_RATE_HZ;

    @TempDir
    Path dir;

    @Test
    void sendsTheWorkshopMessageForEveryWindow() throws Exception {
        Path model = dir.resolve("tone.onnx");
        ToneModels.lowHigh().write(model);
        Path clip = dir.resolve("clip.wav"); // 0.5 s of 300 Hz, then 0.5 s of 3 kHz
        float[] audio = new float[RATE_HZ];
        for (int n = 0; n < audio.length; n++) {
            audio[n] = (float) (0.5 * Math.sin(2 * Math.PI * (n < RATE_HZ / 2 ? 300 : 3000) * n / RATE_HZ));
        }
        try (WavWriter w = WavWriter.create(clip, RATE_HZ, 1, WavWriter.SampleFormat.PCM_16)) {
            w.write(audio, 0, audio.length);
        }
        try (OscReceiver rx = new OscReceiver()) {
            String target = rx.address().getHostString() + ":" + rx.address().getPort();
            OscBridge.main(new String[] {"--model", model.toString(), "--file", clip.toString(), "--osc", target,
                "--hop-seconds", "0.1"});
            List<OSCMessage> got = rx.drain(500);
            // 1 s in 0.1 s windows every 0.1 s: 10 windows
            assertThat(got).hasSize(10).allSatisfy(m -> {
                assertThat(m.getAddress()).isEqualTo("/neuralnet2");
                assertThat(OscReceiver.typeTags(m)).isEqualTo("sss");
                assertThat(m.getArguments().get(2)).isEqualTo("['low', 'high']");
            });
            assertThat(got.get(0).getArguments().get(0)).isEqualTo("[0, 1]");
            assertThat(got.get(9).getArguments().get(0)).isEqualTo("[1, 0]");
            assertThat((String) got.get(0).getArguments().get(1)).matches("\\[(1\\.0|0\\.9\\d*), \\d\\.?\\d*(e-\\d\\d)?\\]");
        }
    }
}
