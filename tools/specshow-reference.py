#!/usr/bin/env python3
"""The notebook figure that `audioml spectrogram FILE --out FIG.png` reproduces (docs/features.md):

    y, sr = librosa.load(FILE)                       # 22050 Hz, soxr_hq
    S_db = librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=sr), ref=np.max)
    librosa.display.specshow(S_db, sr=sr, x_axis="time", y_axis="mel")
    plt.colorbar(format="%+2.0f dB"); plt.title(...)

Usage: specshow-reference.py FILE OUT.png   (librosa 0.11, matplotlib 3.x)
"""
import sys

import librosa
import librosa.display
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

path, out = sys.argv[1], sys.argv[2]
y, sr = librosa.load(path)
S_db = librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=sr), ref=np.max)
fig, ax = plt.subplots(figsize=(7.6, 4.2), dpi=100)
img = librosa.display.specshow(S_db, sr=sr, x_axis="time", y_axis="mel", ax=ax)
fig.colorbar(img, ax=ax, format="%+2.0f dB")
ax.set_title(f"{path.split('/')[-1]}: librosa.display.specshow")
fig.tight_layout()
fig.savefig(out)
