package dev.audioml.capture.file;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.sourceforge.jaad.aac.ChannelConfiguration;
import net.sourceforge.jaad.aac.Decoder;
import net.sourceforge.jaad.aac.Receiver;

/**
 * AAC (LC, HE-AAC v1/v2: SBR and PS) through JAAD ({@code com.tianscar.javasound:javasound-aac}, Apache-2.0), which
 * decodes to floats on the 16-bit scale; they are scaled by 1/32768 without rounding. A mono stream stays mono
 * (JAAD's two output channels, identical unless parametric stereo makes them differ, are averaged).
 */
final class AacPacketDecoder implements PacketDecoder, Receiver {
    /** AAC frame length 1024, doubled by SBR. */
    private static final int MAX_FRAMES = 2048;
    private static final int MAX_CHANNELS = 8;
    private static final float SCALE = 1f / 32768;
    private static final int JAAD_NOISE_SEED = 523124044;

    /**
     * JAAD's java.util.logging loggers (named {@code jaad.*}), turned off: on a corrupt frame JAAD logs a WARNING with
     * a stack trace to stderr, which would print several lines per bad packet next to our one-line warning. Held
     * here so that the settings are not lost when a logger is garbage-collected.
     */
    private static final java.util.List<java.util.logging.Logger> SILENCED = silenceJaadLogging();

    private final Decoder decoder;
    private final int channels;
    /** JAAD gives mono streams two channels (room for parametric stereo); they are averaged back to one. */
    private final boolean mono;
    private int sampleRateHz;
    private float[] out;
    private int frames;

    private AacPacketDecoder(Decoder decoder, int channels, int sampleRateHz) {
        this.decoder = decoder;
        this.mono = decoder.getConfig().getChannelConfiguration() == ChannelConfiguration.MONO;
        this.channels = mono ? 1 : channels;
        this.sampleRateHz = sampleRateHz;
    }

    /**
     * @param config the AudioSpecificConfig (MP4 esds DecoderSpecificInfo, Matroska CodecPrivate)
     * @throws AudioFormatException when JAAD rejects the configuration
     */
    static AacPacketDecoder create(Path path, byte[] config) throws AudioFormatException {
        resetNoiseGenerator();
        Decoder decoder;
        try {
            decoder = Decoder.create(config);
        } catch (Exception e) {
            // AAC Main, LTP, ER and other object types JAAD does not decode land here too
            throw new UnsupportedCodecException(path, "AAC configuration not supported by the built-in decoder ("
                    + DecodingSource.decoderFailure(e) + ")", e);
        }
        int channels = decoder.getConfig().getChannelCount();
        int rate = decoder.getConfig().getOutputFrequency().getFrequency();
        if (channels < 1 || channels > MAX_CHANNELS || rate < 1) {
            throw new AudioFormatException(path, "unsupported AAC configuration: " + channels + " channels at "
                    + rate + " Hz (1 to " + MAX_CHANNELS + " channels with a set sample rate are supported)");
        }
        return new AacPacketDecoder(decoder, channels, rate);
    }

    private static java.util.List<java.util.logging.Logger> silenceJaadLogging() {
        // the classes set their loggers' levels in their static initialisers: run those first
        for (String name : new String[] {"aac.Decoder", "aac.syntax.SCE", "aac.syntax.CPE", "aac.syntax.PCE",
            "aac.syntax.SyntacticElements", "aac.syntax.ICStream", "aac.syntax.ICSInfo", "aac.syntax.ByteArrayBitStream",
            "aac.sbr.SBR", "aac.tools.TNS", "aac.tools.LTPrediction", "aac.tools.ICPrediction"}) {
            try {
                Class.forName("net.sourceforge.jaad." + name, true, AacPacketDecoder.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // another JAAD version: its logger, if any, is caught by name below
            }
        }
        java.util.List<java.util.logging.Logger> loggers = new java.util.ArrayList<>();
        java.util.logging.LogManager manager = java.util.logging.LogManager.getLogManager();
        for (String name : java.util.Collections.list(manager.getLoggerNames())) {
            if (name.equals("jaad") || name.startsWith("jaad.") || name.startsWith("net.sourceforge.jaad")) {
                java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
                logger.setLevel(java.util.logging.Level.OFF);
                loggers.add(logger);
            }
        }
        java.util.logging.Logger parent = java.util.logging.Logger.getLogger("jaad");
        parent.setLevel(java.util.logging.Level.OFF);
        loggers.add(parent);
        return java.util.List.copyOf(loggers);
    }

    /**
     * Puts JAAD's noise generator for perceptual noise substitution (PNS) back to its initial state. JAAD keeps it in
     * one static field ({@code ICStream.randomState}, seeded 523124044), so without this a file's noise bands
     * differ from one decode to the next in the same JVM. Files decoded one after the other are then reproducible;
     * AAC files decoded concurrently still share the generator (their noise bands differ run to run, nothing else).
     */
    private static void resetNoiseGenerator() {
        try {
            java.lang.reflect.Field state = Class.forName("net.sourceforge.jaad.aac.syntax.ICStream")
                    .getDeclaredField("randomState");
            state.setAccessible(true);
            state.setInt(null, JAAD_NOISE_SEED);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another JAAD version: noise bands are then not reproducible, the rest of the decode is unaffected
        }
    }

    @Override
    public int sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int maxFramesPerPacket() {
        return MAX_FRAMES;
    }

    @Override
    public int decode(byte[] data, int length, float[] dst) {
        if (length < 1) {
            throw new IllegalArgumentException("empty packet");
        }
        out = dst;
        frames = 0;
        decoder.decodeFrame(length == data.length ? data : Arrays.copyOf(data, length), this);
        return frames;
    }

    @Override
    public void accept(List<float[]> samples, int length, int rateHz) {
        int n = Math.min(length, MAX_FRAMES);
        if (mono && samples.size() >= 2) {
            float[] left = samples.get(0);
            float[] right = samples.get(1);
            n = Math.min(n, Math.min(left.length, right.length));
            for (int f = 0; f < n; f++) {
                out[f] = (left[f] + right[f]) * (SCALE / 2);
            }
            frames = n;
            sampleRateHz = rateHz;
            return;
        }
        int c = Math.min(channels, samples.size());
        for (int ch = 0; ch < c; ch++) {
            float[] s = samples.get(ch);
            int m = Math.min(n, s.length);
            for (int f = 0; f < m; f++) {
                out[f * channels + ch] = s[f] * SCALE;
            }
        }
        frames = n;
        sampleRateHz = rateHz;
    }
}
