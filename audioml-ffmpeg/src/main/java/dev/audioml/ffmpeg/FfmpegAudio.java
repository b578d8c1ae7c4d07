package dev.audioml.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBLP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_get_bytes_per_sample;
import static org.bytedeco.ffmpeg.global.avutil.av_get_sample_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_sample_fmt_is_planar;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.avutil.av_version_info;

import dev.audioml.capture.file.AudioFormatException;
import dev.audioml.capture.file.spi.AudioDecoderProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One audio track decoded by libavcodec, frame by frame (memory: one packet and one decoded frame), the same
 * send-packet / receive-frame loop as {@code ffmpeg} itself; samples of any FFmpeg sample format become floats the way
 * FFmpeg's own converter scales them (integers by 1/2^(bits-1), unsigned 8-bit around 128). A packet the decoder
 * rejects is skipped and reported; a read error ends the track with a report.
 *
 * <p>Not thread-safe: confine to one thread. Owns native memory: {@link #close()} frees it.
 */
final class FfmpegAudio implements AudioDecoderProvider.DecodedAudio {
    private static final int MAX_CHANNELS = 64;

    private final Path path;
    private final AVFormatContext format;
    private final AVCodecContext codec;
    private final AVPacket packet;
    private final AVFrame frame;
    private final int streamIndex;
    private final String container;
    private final String encoding;
    private final int sampleRateHz;
    private final int channels;
    private final List<String> warnings = new ArrayList<>();
    private int framePosition;
    private int frameLength;
    private boolean draining;
    private boolean ended;
    private boolean closed;

    private FfmpegAudio(Path path, AVFormatContext format, AVCodecContext codec, int streamIndex, String container,
                        String encoding) {
        this.path = path;
        this.format = format;
        this.codec = codec;
        this.streamIndex = streamIndex;
        this.container = container;
        this.encoding = encoding;
        this.sampleRateHz = codec.sample_rate();
        this.channels = codec.ch_layout().nb_channels();
        this.packet = av_packet_alloc();
        this.frame = av_frame_alloc();
    }

    static String version() {
        return av_version_info().getString();
    }

    /**
     * @return the track, or null when FFmpeg does not recognise the file or finds no audio in it
     * @throws AudioFormatException when the file has audio but not track {@code audioTrack}, or it cannot be decoded
     */
    static FfmpegAudio open(Path path, int audioTrack) throws IOException {
        av_log_set_level(AV_LOG_QUIET); // errors come back as return codes and are reported on one line
        AVFormatContext format = new AVFormatContext(null);
        if (avformat_open_input(format, path.toString(), null, null) < 0) {
            return null;
        }
        AVCodecContext codec = null;
        try {
            int r = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (r < 0) {
                throw new AudioFormatException(path, "FFmpeg cannot read the streams: " + error(r));
            }
            int index = -1;
            int audio = 0;
            for (int i = 0; i < format.nb_streams(); i++) {
                if (format.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_AUDIO) {
                    if (audio == audioTrack) {
                        index = i;
                    }
                    audio++;
                }
            }
            if (audio == 0) {
                avformat_close_input(format);
                return null;
            }
            if (index < 0) {
                throw new AudioFormatException(path, "audio track " + audioTrack + " requested but the file has "
                        + audio + " audio track(s) (0 to " + (audio - 1) + ")");
            }
            AVCodecParameters parameters = format.streams(index).codecpar();
            String codecName = avcodec_get_name(parameters.codec_id()).getString();
            AVCodec decoder = avcodec_find_decoder(parameters.codec_id());
            if (decoder == null) {
                throw new AudioFormatException(path, "FFmpeg " + version() + " has no decoder for '" + codecName
                        + "'");
            }
            codec = avcodec_alloc_context3(decoder);
            if ((r = avcodec_parameters_to_context(codec, parameters)) < 0
                    || (r = avcodec_open2(codec, decoder, (AVDictionary) null)) < 0) {
                throw new AudioFormatException(path, "FFmpeg cannot open the '" + codecName + "' decoder: "
                        + error(r));
            }
            int rate = codec.sample_rate();
            int ch = codec.ch_layout().nb_channels();
            if (rate < 1 || ch < 1 || ch > MAX_CHANNELS) {
                throw new AudioFormatException(path, "'" + codecName + "' track declares " + ch + " channels at "
                        + rate + " Hz; expected 1 to " + MAX_CHANNELS + " channels at a positive rate");
            }
            return new FfmpegAudio(path, format, codec, index, format.iformat().name().getString(), codecName);
        } catch (IOException | RuntimeException e) {
            if (codec != null) {
                avcodec_free_context(codec);
            }
            avformat_close_input(format);
            throw e;
        }
    }

    @Override
    public String container() {
        return container;
    }

    @Override
    public String encoding() {
        return encoding;
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
    public long frames() {
        return -1; // container durations are estimates; AudioFiles.info counts the decoded frames
    }

    @Override
    public int read(float[] dst, int maxFrames) throws IOException {
        if (closed) {
            throw new IllegalStateException("FfmpegAudio is closed: " + path);
        }
        while (framePosition == frameLength) {
            if (ended || !nextFrame()) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(maxFrames, frameLength - framePosition);
        convert(dst, framePosition, n);
        framePosition += n;
        return n;
    }

    /** Receives the next decoded frame, feeding packets as the decoder asks; false at the end. */
    private boolean nextFrame() throws IOException {
        while (true) {
            int r = avcodec_receive_frame(codec, frame);
            if (r >= 0) {
                if (frame.ch_layout().nb_channels() != channels || frame.sample_rate() != sampleRateHz) {
                    warnings.add("stream changes to " + frame.ch_layout().nb_channels() + " channels at "
                            + frame.sample_rate() + " Hz; stopped there");
                    return false;
                }
                framePosition = 0;
                frameLength = Math.max(0, frame.nb_samples());
                if (frameLength > 0) {
                    return true;
                }
                continue;
            }
            if (r == AVERROR_EOF() || draining) {
                return false;
            }
            // the decoder wants input (EAGAIN)
            r = av_read_frame(format, packet);
            if (r < 0) {
                if (r != AVERROR_EOF()) {
                    warnings.add("truncated or unreadable data (" + error(r) + "); stopped there");
                }
                draining = true;
                avcodec_send_packet(codec, null);
                continue;
            }
            try {
                if (packet.stream_index() == streamIndex) {
                    int s = avcodec_send_packet(codec, packet);
                    if (s < 0 && s != AVERROR_EOF()) {
                        warnings.add("corrupt '" + encoding + "' packet (" + error(s) + ")");
                    }
                }
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    private void convert(float[] dst, int from, int n) throws AudioFormatException {
        int fmt = frame.format();
        int bytes = av_get_bytes_per_sample(fmt);
        boolean planar = av_sample_fmt_is_planar(fmt) != 0;
        int total = frame.nb_samples();
        for (int c = 0; c < channels; c++) {
            BytePointer plane = frame.extended_data(planar ? c : 0);
            long planeBytes = (long) total * bytes * (planar ? 1 : channels);
            ByteBuffer b = plane.capacity(planeBytes).asByteBuffer().order(ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                int at = ((from + i) * (planar ? 1 : channels) + (planar ? 0 : c)) * bytes;
                dst[i * channels + c] = sample(b, at, fmt);
            }
        }
    }

    private float sample(ByteBuffer b, int at, int fmt) throws AudioFormatException {
        if (fmt == AV_SAMPLE_FMT_FLT || fmt == AV_SAMPLE_FMT_FLTP) {
            return b.getFloat(at);
        } else if (fmt == AV_SAMPLE_FMT_S16 || fmt == AV_SAMPLE_FMT_S16P) {
            return b.getShort(at) / 32768f;
        } else if (fmt == AV_SAMPLE_FMT_S32 || fmt == AV_SAMPLE_FMT_S32P) {
            return (float) (b.getInt(at) / 2147483648.0);
        } else if (fmt == AV_SAMPLE_FMT_DBL || fmt == AV_SAMPLE_FMT_DBLP) {
            return (float) b.getDouble(at);
        } else if (fmt == AV_SAMPLE_FMT_U8 || fmt == AV_SAMPLE_FMT_U8P) {
            return ((b.get(at) & 0xFF) - 128) / 128f;
        }
        throw new AudioFormatException(path, "FFmpeg decoded to an unsupported sample format "
                + av_get_sample_fmt_name(fmt).getString());
    }

    @Override
    public List<String> drainWarnings() {
        if (warnings.isEmpty()) {
            return List.of();
        }
        List<String> out = List.copyOf(warnings);
        warnings.clear();
        return out;
    }

    private static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int end = 0;
        while (end < buf.length && buf[end] != 0) {
            end++;
        }
        return new String(buf, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_frame_free(frame);
        av_packet_free(packet);
        avcodec_free_context(codec);
        avformat_close_input(format);
    }
}
