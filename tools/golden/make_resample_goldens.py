#!/usr/bin/env python3
"""Regenerates audioml-core/src/test/resources/golden/resample/: what the REAL librosa 0.11 (python-soxr 1.1) gives for
librosa.resample(y, orig_sr=..., target_sr=..., res_type=...) -- the resampling step of librosa.load(path, sr=...).

Inputs are short (800 samples) seeded noise plus tones at 8, 16, 22.05, 44.1, 48 and 96 kHz, float32; outputs are
little-endian float32 (.f32), one per case in manifest.json (and cases.csv). CI does not run this: the outputs are committed.
Run from the repository root with a venv holding librosa, soxr and numpy (pip install librosa soxr):
    /work/venv/bin/python tools/golden/make_resample_goldens.py
"""
import json
import os

import librosa
import numpy as np
import soxr

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "audioml-core", "src", "test", "resources", "golden", "resample")
RATES = [8000, 16000, 22050, 44100, 48000, 96000]
LENGTH = 800


def signal(rate):
    rng = np.random.default_rng(rate)
    t = np.arange(LENGTH) / rate
    y = 0.2 * rng.standard_normal(LENGTH)
    y += 0.3 * np.sin(2 * np.pi * 0.11 * rate * t) + 0.2 * np.sin(2 * np.pi * 0.46 * rate * t)  # one near Nyquist
    return y.astype(np.float32)


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for rate in RATES:
        signal(rate).tofile(os.path.join(OUT, f"input_{rate}.f32"))
    pairs = [(a, b) for a in RATES for b in RATES if a != b] + [(22050, 22500), (44100, 22500)]
    for a, b in pairs:
        types = ["soxr_hq"]
        if (a, b) in [(44100, 22050), (48000, 16000), (16000, 44100), (22050, 22500), (96000, 8000)]:
            types += ["soxr_vhq", "soxr_mq", "soxr_lq", "soxr_qq"]
        for res_type in types:
            x = signal(a) if a in RATES else None
            y = librosa.resample(x, orig_sr=a, target_sr=b, res_type=res_type)
            name = f"{res_type}_{a}_{b}.f32"
            y.astype(np.float32).tofile(os.path.join(OUT, name))
            cases.append({"input": f"input_{a}.f32", "from_hz": a, "to_hz": b, "res_type": res_type, "output": name,
                          "samples": int(y.shape[0])})
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"librosa": librosa.__version__, "soxr": soxr.__version__, "numpy": np.__version__,
                   "cases": cases}, f, indent=1)
    with open(os.path.join(OUT, "cases.csv"), "w") as f:  # the same list, for the Java test (core has no JSON reader)
        f.write("from_hz,to_hz,res_type,input,output,samples\n")
        for c in cases:
            f.write(f"{c['from_hz']},{c['to_hz']},{c['res_type']},{c['input']},{c['output']},{c['samples']}\n")
    print(len(cases), "cases")


if __name__ == "__main__":
    main()
