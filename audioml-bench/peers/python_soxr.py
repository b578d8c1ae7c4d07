#!/usr/bin/env python3
"""The python-soxr peer of SoxrResamplerBenchmark: soxr.resample(x, from, to, quality="HQ") -- what
librosa.load(path, sr=...) runs -- on a 10 s float32 noise clip, one thread (libsoxr's default runtime spec), for the
issue's four conversions. Prints one JSON line per conversion with the fastest of its timed slices (other load on a
shared machine only ever adds time).
    /work/venv/bin/python audioml-bench/peers/python_soxr.py --seconds 5
"""
import argparse
import json
import time

import numpy as np
import soxr

RATES = [(44100, 22050), (44100, 16000), (48000, 16000), (22050, 22500)]
CLIP_SECONDS = 10


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5.0, help="time budget per conversion")
    a = ap.parse_args()
    for fr, to in RATES:
        x = (np.random.default_rng(1).uniform(-0.5, 0.5, CLIP_SECONDS * fr)).astype(np.float32)
        soxr.resample(x, fr, to, quality="HQ")  # warm-up
        best = float("inf")
        end = time.perf_counter() + a.seconds
        runs = 0
        while time.perf_counter() < end or runs < 3:
            t = time.perf_counter()
            soxr.resample(x, fr, to, quality="HQ")
            best = min(best, time.perf_counter() - t)
            runs += 1
        print(json.dumps({"peer": f"python-soxr {soxr.__version__} (libsoxr {soxr.__libsoxr_version__})",
                          "rates": f"{fr}_{to}", "ms_per_clip": best * 1e3, "runs": runs}))


if __name__ == "__main__":
    main()
