#!/usr/bin/python3
"""Writes the colormap lookup tables AudioML renders spectrogram images with, taken from matplotlib itself
(viridis and magma: matplotlib/_cm_listed.py `_viridis_data`/`_magma_data`; gray and gist_earth: the segment data in
matplotlib/_cm.py, sampled to matplotlib's default 256 entries), as the bytes `cmap(x, bytes=True)` gives, so that
AudioML's PNGs equal `matplotlib.pyplot.imsave(..., cmap=NAME, origin="lower")` pixel for pixel.

Also writes two reference images for the test. Needs Debian's python3-matplotlib. Run from the repository root:
    /usr/bin/python3 tools/golden/make_colormaps.py
"""
import os

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "audioml-features", "src")
NAMES = ["viridis", "magma", "gray", "gist_earth"]


def main():
    path = os.path.join(ROOT, "main", "resources", "dev", "audioml", "features", "image", "colormaps.txt")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(f"# matplotlib {matplotlib.__version__} colormaps, 256 RGB entries each as cmap(i / 255, bytes=True)\n")
        for name in NAMES:
            lut = matplotlib.colormaps[name](np.linspace(0, 1, 256), bytes=True)[:, :3]
            f.write(name + " " + "".join(f"{r:02x}{g:02x}{b:02x}" for r, g, b in lut) + "\n")
    golden = os.path.join(ROOT, "test", "resources", "golden")
    m = np.load(os.path.join(golden, "mel_logmel_max_16k.npy"))  # [frames, bins], dB
    for name in ("viridis", "gist_earth"):
        # time on x, low frequencies at the bottom (librosa.display.specshow's orientation), min-max scaled
        plt.imsave(os.path.join(golden, f"image_{name}.png"), m.T, cmap=name, origin="lower")
    plt.imsave(os.path.join(golden, "image_magma_fixed.png"), m.T, cmap="magma", origin="lower", vmin=-60, vmax=-10)


if __name__ == "__main__":
    main()
