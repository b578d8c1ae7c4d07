package dev.audioml.capture.mic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Pcm16Test {
    @Test
    void littleEndianMono() {
        byte[] raw = {0x00, (byte) 0x80, (byte) 0xFF, 0x7F, 0x00, 0x40};
        float[] out = new float[4];
        Pcm16.toMono(raw, 3, 1, false, out, 1);
        assertThat(out).containsExactly(0f, -1f, 32767 / 32768f, 0.5f);
    }

    @Test
    void bigEndianStereoIsTheMeanOfChannels() {
        byte[] raw = {0x40, 0x00, 0x00, 0x00, (byte) 0xC0, 0x00, (byte) 0xC0, 0x00};
        float[] out = new float[2];
        Pcm16.toMono(raw, 2, 2, true, out, 0);
        assertThat(out).containsExactly(0.25f, -0.5f);
    }
}
