#!/usr/bin/env python3
"""The workshop's GenerateSpectrums on a 44.1 kHz file with the REAL librosa 0.11 (python-soxr 1.1): librosa.load
(sr=22050, soxr_hq), librosa.resample to the shipped SAMPLE_RATE 22500, melspectrogram with the shipped settings
(pad_mode "reflect", AudioML's shipped choice, the librosa of the workshop's time), power_to_db(ref=np.max), float32
min-max -- written as the colormap lookup index of each pixel (matplotlib's int(x * 256), clipped to [0, 255]), which
is what decides the tile's colour. Goldens: pcm16.raw (the 16-bit WAV's samples, little-endian) and index.u8
([N_MELS, frames] row-major). Run from the repository root:
    /work/venv/bin/python tools/golden/make_workshop_load_goldens.py
"""
import os
import tempfile

import librosa
import numpy as np
import soundfile as sf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "audioml-features", "src", "test", "resources", "golden", "workshop_load")
RATE = 44100
S = {"RESOLUTION": 224, "SAMPLE_RATE": 22500, "N_FFT": 1024, "N_MELS": 224, "HOP_LENGTH": 128, "FMIN": 10,
     "FMAX": 22050, "POWER": 2}


def main():
    os.makedirs(OUT, exist_ok=True)
    n = int(1.6 * RATE)
    t = np.arange(n) / RATE
    rng = np.random.default_rng(21)
    y = 0.3 * np.sin(2 * np.pi * (100 * t + (20000 - 100) / (2 * 1.6) * t * t)) + 0.05 * rng.standard_normal(n)
    y += 0.2 * np.sin(2 * np.pi * 9000 * t) * (t > 0.8)
    pcm = np.round(np.clip(y, -1, 1) * 32767).astype("<i2")
    pcm.tofile(os.path.join(OUT, "pcm16.raw"))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "clip.wav")
        sf.write(path, pcm, RATE, subtype="PCM_16")
        x, sr = librosa.load(path)  # GenerateSpectrums: librosa.load(file), sr=22050
        x = librosa.resample(x, orig_sr=sr, target_sr=S["SAMPLE_RATE"])
    m = librosa.feature.melspectrogram(y=x, sr=S["SAMPLE_RATE"], n_fft=S["N_FFT"], hop_length=S["HOP_LENGTH"],
                                       n_mels=S["N_MELS"], power=S["POWER"], fmin=S["FMIN"], fmax=S["FMAX"],
                                       pad_mode="reflect")
    db = np.float32(librosa.power_to_db(m, ref=np.max))
    db -= db.min()
    db /= db.max()
    index = np.clip((db * 256).astype(np.int64), 0, 255).astype(np.uint8)
    np.ascontiguousarray(index).tofile(os.path.join(OUT, "index.u8"))
    print("frames", index.shape[1], "tiles", index.shape[1] // S["RESOLUTION"])


if __name__ == "__main__":
    main()
