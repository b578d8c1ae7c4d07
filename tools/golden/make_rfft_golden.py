#!/usr/bin/python3
"""Writes audioml-features/src/test/resources/golden/rfft_numpy.bin: numpy.fft.rfft (numpy 1.x: the C pocketfft of
numpy/fft/_pocketfft.c, the code RealFft ports) of seeded noise for a few lengths, for RealFftTest.

Input of length n: the 64-bit LCG x <- x * 6364136223846793005 + 1442695040888963407 (mod 2^64), seeded with n,
each sample (x >> 11) / 2^53 - 0.5 (exact in float64, so Java regenerates it bit for bit). File layout, little
endian: int32 case count, then per case int32 n and n float64 in FFTPACK halfcomplex order
(Re X0, Re X1, Im X1, ..., Re X(n/2) for even n). Run from the repository root:
    /usr/bin/python3 tools/golden/make_rfft_golden.py
"""
import os
import struct

import numpy as np

SIZES = [97, 400, 441, 512, 1000, 1023]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "audioml-features", "src", "test", "resources", "golden", "rfft_numpy.bin")
MASK = (1 << 64) - 1


def noise(n):
    x = n
    out = np.empty(n)
    for i in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) & MASK
        out[i] = (x >> 11) / 9007199254740992.0 - 0.5
    return out


def halfcomplex(spectrum, n):
    packed = [spectrum[0].real]
    for k in range(1, (n + 1) // 2):
        packed += [spectrum[k].real, spectrum[k].imag]
    if n % 2 == 0:
        packed.append(spectrum[n // 2].real)
    return np.array(packed)


def main():
    assert np.__version__.startswith("1."), "numpy 1.x (C pocketfft) expected, got " + np.__version__
    with open(OUT, "wb") as f:
        f.write(struct.pack("<i", len(SIZES)))
        for n in SIZES:
            packed = halfcomplex(np.fft.rfft(noise(n)), n)
            assert packed.shape == (n,)
            f.write(struct.pack("<i", n))
            f.write(packed.astype("<f8").tobytes())
    print("wrote", OUT, "numpy", np.__version__)


if __name__ == "__main__":
    main()
