#!/usr/bin/env python3
"""Regenerates audioml-features/src/test/resources/golden/load/: features of audio loaded by the REAL librosa 0.11
(librosa.load with sr, offset, duration and res_type; python-soxr 1.1 for soxr_*, scipy for polyphase/fft).

The audio is a 0.6 s stereo 44.1 kHz 16-bit WAV made here (noise, a chirp to 21 kHz and tones, so the band edge
that resampling shapes carries energy); decoded.npy is librosa.load(path, sr=None) (the channel mean, float32) that
the Java test feeds to FeaturePipeline.computeLoaded. cases.json lists spec -> output. Run from the repository root:
    /work/venv/bin/python tools/golden/make_load_goldens.py
"""
import json
import os
import tempfile

import librosa
import numpy as np
import soundfile as sf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "audioml-features", "src", "test", "resources", "golden", "load")
RATE = 44100


def audio():
    rng = np.random.default_rng(13)
    n = int(0.6 * RATE)
    t = np.arange(n) / RATE
    chirp = 0.3 * np.sin(2 * np.pi * (200 * t + (21000 - 200) / (2 * 0.6) * t * t))
    left = 0.1 * rng.standard_normal(n) + chirp + 0.2 * np.sin(2 * np.pi * 10500 * t)
    right = 0.1 * rng.standard_normal(n) + chirp + 0.2 * np.sin(2 * np.pi * 440 * t)
    return np.stack([left, right], axis=1) * 0.7


CASES = [
    ("mel_db_sr22050", {"feature": "melspectrogram", "to_db": {"ref": 1.0, "top_db": None}}, None),
    ("mel_db_sr16000", {"feature": "melspectrogram", "sr": 16000, "n_fft": 512, "hop_length": 160, "n_mels": 64,
                        "to_db": {"ref": 1.0, "top_db": None}}, None),
    ("stft_db_sr22050_vhq", {"feature": "stft", "res_type": "soxr_vhq", "n_fft": 512, "hop_length": 256,
                             "power": 2.0, "to_db": {"function": "power_to_db", "ref": 1.0, "top_db": None}}, None),
    ("mfcc_native_offset", {"feature": "mfcc", "sr": None, "offset": 0.1, "duration": 0.3}, None),
    ("mel_db_sr8000_mq_offset", {"feature": "melspectrogram", "sr": 8000, "res_type": "soxr_mq", "offset": 0.05,
                                 "n_fft": 256, "hop_length": 80, "n_mels": 40,
                                 "to_db": {"ref": 1.0, "top_db": None}}, None),
    ("stft_sr16000_polyphase", {"feature": "stft", "sr": 16000, "res_type": "polyphase", "n_fft": 512,
                                "hop_length": 160, "power": 1.0}, None),
    ("stft_sr22050_fft", {"feature": "stft", "sr": 22050, "res_type": "fft", "n_fft": 512, "hop_length": 256,
                          "power": 1.0, "duration": 0.4}, None),
    ("spectral_sr22050_qq", {"feature": "spectral", "res_type": "soxr_qq", "n_fft": 1024, "hop_length": 256,
                             "descriptors": ["spectral_centroid", "spectral_bandwidth", "spectral_rolloff",
                                             "spectral_flatness"]}, None),
    ("poly_features_order1", {"feature": "poly_features", "n_fft": 1024, "hop_length": 256}, None),
    ("poly_features_order2_16k", {"feature": "poly_features", "sr": 16000, "order": 2, "n_fft": 512,
                                  "hop_length": 160}, None),
]


def feature(y, sr, spec):
    f = spec["feature"]
    n_fft = spec.get("n_fft", 2048)
    hop = spec.get("hop_length", 512)
    if f == "melspectrogram":
        m = librosa.feature.melspectrogram(y=y, sr=sr, n_fft=n_fft, hop_length=hop, n_mels=spec.get("n_mels", 128))
        return librosa.power_to_db(m, ref=1.0, top_db=None)
    if f == "stft":
        s = np.abs(librosa.stft(y, n_fft=n_fft, hop_length=hop)) ** spec["power"]
        if "to_db" in spec:
            return librosa.power_to_db(s, ref=1.0, top_db=None)
        return s
    if f == "mfcc":
        return librosa.feature.mfcc(y=y, sr=sr)
    if f == "spectral":
        S = np.abs(librosa.stft(y, n_fft=n_fft, hop_length=hop))
        return np.vstack([librosa.feature.spectral_centroid(S=S, sr=sr, n_fft=n_fft),
                          librosa.feature.spectral_bandwidth(S=S, sr=sr, n_fft=n_fft),
                          librosa.feature.spectral_rolloff(S=S, sr=sr, n_fft=n_fft),
                          librosa.feature.spectral_flatness(S=S)])
    if f == "poly_features":
        return librosa.feature.poly_features(y=y, sr=sr, n_fft=n_fft, hop_length=hop, order=spec.get("order", 1))
    raise ValueError(f)


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "clip.wav")
        sf.write(path, audio(), RATE, subtype="PCM_16")
        decoded, sr0 = librosa.load(path, sr=None)
        assert sr0 == RATE
        np.save(os.path.join(OUT, "decoded.npy"), decoded.astype(np.float32))
        cases = []
        for name, spec, _ in CASES:
            kwargs = {k: spec[k] for k in ("offset", "duration", "res_type") if k in spec}
            sr = spec.get("sr", 22050)
            y, sr_loaded = librosa.load(path, sr=sr, **kwargs)
            out = np.ascontiguousarray(feature(y, sr_loaded, spec).T.astype(np.float32))  # [frames, bins]
            np.save(os.path.join(OUT, name + ".npy"), out)
            cases.append({"name": name, "spec": spec, "loaded_samples": int(y.shape[0]), "sr": int(sr_loaded)})
        # the workshop's two steps: load to 22050, then librosa.resample to 22500 (default res_type)
        y, _ = librosa.load(path, sr=22050)
        y2 = librosa.resample(y, orig_sr=22050, target_sr=22500)
        np.save(os.path.join(OUT, "load22050_resample22500.npy"), y2.astype(np.float32))
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"librosa": librosa.__version__, "cases": cases}, f, indent=1)
    print(len(cases), "cases")


if __name__ == "__main__":
    main()
