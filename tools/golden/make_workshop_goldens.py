#!/usr/bin/env python3
"""Reference tiles of the FAR-Lab workshop's spectrogram-image pipeline (RealtimeAudioClassification,
helperFunctions.py `GenerateSpectrums` for files and 03_Running/RunningCode.py `infere_Class_Type` for the live ring
buffer), for AudioML's WorkshopImagesTest.

The notebook's lines with the REAL librosa 0.11: `librosa.feature.melspectrogram` (centred with reflect padding as
the librosa releases of the workshop's time padded, AudioML's workshop default) and `librosa.power_to_db(ref=np.max)`,
then the workshop's own lines: float32 min-max, `np.uint8(cm.gist_earth(x) * 255)[:, :, :3]`, tiles of
RESOLUTION columns (remainder dropped), saved with `plt.imsave` as the notebook does.

The input is a deterministic 2.8 s chirp + tones + seeded noise, written as 16-bit WAV. Two settings, both the
workshop's shipped values except SAMPLE_RATE: `w22050` (librosa.load's own rate, so neither side resamples; FMAX 22050
= Nyquist) and `w16000` (FMAX 22050 above Nyquist, so the top bands are empty, the shipped file's quirk), whose WAV
is already at SAMPLE_RATE and is imaged directly. Each gives the file tiles `NAME-I.png` (names as the notebook's
`log_mel_spec_tfm`) and the live input `NAME-live.png`: the last RESOLUTION columns of the image of the first 44100
samples, the workshop's ring buffer.

Needs librosa and matplotlib (the venv: pip install librosa matplotlib). Run from the repository root:
    /work/venv/bin/python tools/golden/make_workshop_goldens.py
"""
import os
import wave

import librosa
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import cm

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "audioml-features", "src", "test",
                   "resources", "golden", "workshop")
RING = 44100  # RunningCode.py: RingBuffer(44100*1)


def signal(rate, seconds):
    t = np.arange(int(rate * seconds)) / rate
    chirp = np.sin(2 * np.pi * (200 * t + 0.5 * (3000 - 200) / seconds * t * t))
    tones = 0.3 * np.sin(2 * np.pi * 440 * t) * (t > 1.0) + 0.2 * np.sin(2 * np.pi * 2500 * t) * (t < 0.8)
    noise = 0.05 * np.random.default_rng(8).standard_normal(t.size)
    return np.clip(0.5 * (chirp + tones + noise) / 1.6, -1, 1)


def write_wav(path, x, rate):
    pcm = np.round(x * 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return pcm.astype(np.float32) / 32768.0  # what librosa.load(path, sr=None) gives back


def image(y, s):
    """GenerateSpectrums from melspectrogram on, as uint8 [N_MELS, frames, 3], band 0 in row 0."""
    S = librosa.feature.melspectrogram(y=y, sr=s["SAMPLE_RATE"], n_fft=s["N_FFT"], hop_length=s["HOP_LENGTH"],
                                       fmin=s["FMIN"], fmax=s["FMAX"], n_mels=s["N_MELS"], power=s["POWER"],
                                       pad_mode="reflect")
    mel_spec_db = np.float32(librosa.power_to_db(S, ref=np.max))
    mel_spec_db -= mel_spec_db.min()
    mel_spec_db /= mel_spec_db.max()
    return np.uint8(cm.gist_earth(mel_spec_db) * 255)[:, :, :3]


def settings(rate, fmax):
    return {"RESOLUTION": 224, "SAMPLE_RATE": rate, "N_FFT": 1024, "N_MELS": 224, "HOP_LENGTH": 128,
            "FMIN": 10, "FMAX": fmax, "POWER": 2}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, rate in (("w22050", 22050), ("w16000", 16000)):
        s = settings(rate, 22050)
        with open(os.path.join(OUT, f"{name}.csv"), "w") as f:
            f.write(",".join(s) + "\n" + ",".join(str(v) for v in s.values()) + "\n")
        y = write_wav(os.path.join(OUT, f"{name}.wav"), signal(rate, 2.8), rate)
        im = image(y, s)
        R = s["RESOLUTION"]
        for i in range(int(np.floor(im.shape[1] / R))):  # GenerateSpectrums' tiling
            plt.imsave(os.path.join(OUT, f"{name}-{i}.png"), im[:, R * i:R * (i + 1), :])
        live = image(y[:RING], s)
        plt.imsave(os.path.join(OUT, f"{name}-live.png"), live[:, -R:, :])  # infere_Class_Type: im[:, -224:, :]
        print(name, "frames", im.shape[1], "tiles", im.shape[1] // R, "empty bands",
              int((im == im[-1:, :1, :]).all(axis=(1, 2)).sum()))


if __name__ == "__main__":
    main()
