package dev.audioml.capture.mic;

/** Interleaved 16-bit signed PCM bytes to mono float (mean of channels, scaled by 1/32768). */
final class Pcm16 {
    private static final double SCALE = 1.0 / 32768;

    private Pcm16() {
    }

    static void toMono(byte[] raw, int frames, int channels, boolean bigEndian, float[] out, int offset) {
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int i = (f * channels + c) * 2;
                int hi = bigEndian ? raw[i] : raw[i + 1];
                int lo = (bigEndian ? raw[i + 1] : raw[i]) & 0xFF;
                sum += (hi << 8) | lo;
            }
            out[offset + f] = (float) (sum * SCALE / channels);
        }
    }
}
