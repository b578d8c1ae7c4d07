#!/usr/bin/env python3
"""Whole process, the issue's case: a 10-minute 44.1 kHz 16-bit WAV -> 22.05 kHz log-mel (librosa defaults) -> .npy,
as `audioml features` (JVM start, decode, soxr_hq resampling, log-mel, write) and as librosa 0.11
(`librosa.load(path, sr=22050)` = soxr_hq, `melspectrogram`, `power_to_db`, `np.save`), both on one processor
(`-XX:ActiveProcessorCount=1`; OMP/BLAS one thread), alternating runs in one go so that machine load hits both alike.
Prints the fastest wall time of each (other load on a shared machine only ever adds time), their ratio, the least CPU
time of each (user + system over all threads; steadier than wall time on an overloaded machine) and its ratio, and the
largest difference of the two outputs in dB.

    /work/venv/bin/python audioml-bench/peers/logmel_process.py --runs 3            # after ./audioml --help built it
    AUDIOML_VECTOR=1 /work/venv/bin/python audioml-bench/peers/logmel_process.py    # SIMD FFT passes
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import soundfile as sf

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = '{"feature": "melspectrogram", "sr": 22050, "to_db": {"ref": 1.0, "amin": 1e-10, "top_db": 80.0}}'
LIBROSA = """
import sys, numpy as np, librosa
y, sr = librosa.load(sys.argv[1], sr=22050)
S = librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=sr), ref=1.0, amin=1e-10, top_db=80.0)
np.save(sys.argv[2], S.T.astype(np.float32))
"""


def timed(cmd, env):
    """Wall seconds and CPU seconds (user + system, all the process's threads: JIT, GC, BLAS) of one run."""
    before = os.times()
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3, help="runs of each, alternating")
    ap.add_argument("--minutes", type=float, default=10.0)
    a = ap.parse_args()
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               NUMBA_NUM_THREADS="1",
               AUDIOML_JAVA_OPTS=(os.environ.get("AUDIOML_JAVA_OPTS", "") + " -XX:ActiveProcessorCount=1").strip())
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "ten_minutes_44k.wav")
        n = int(a.minutes * 60 * 44100)
        rng = np.random.default_rng(1)
        t = np.arange(n) / 44100.0
        x = 0.3 * np.sin(2 * np.pi * 440.0 * t * (1 + 0.5 * np.sin(2 * np.pi * 0.01 * t))) + 0.05 * rng.standard_normal(n)
        sf.write(wav, np.clip(x, -1, 1), 44100, subtype="PCM_16")
        java_out = os.path.join(tmp, "audioml.npy")
        py_out = os.path.join(tmp, "librosa.npy")
        audioml = [os.path.join(ROOT, "audioml"), "features", "--spec", SPEC, "--out", java_out, wav]
        librosa = [sys.executable, "-c", LIBROSA, wav, py_out]
        timed(audioml, env)  # builds the CLI if needed; caches warm
        timed(librosa, env)
        best = {"audioml": float("inf"), "librosa": float("inf")}
        cpu = {"audioml": float("inf"), "librosa": float("inf")}
        for _ in range(a.runs):
            for name, cmd in (("audioml", audioml), ("librosa", librosa)):
                w, c = timed(cmd, env)
                best[name] = min(best[name], w)
                cpu[name] = min(cpu[name], c)
        d = np.abs(np.load(java_out).astype(np.float64) - np.load(py_out)).max()
        print(json.dumps({"case": f"{a.minutes:g} min 44.1 kHz WAV -> 22.05 kHz log-mel .npy, whole process",
                          "audioml_s": round(best["audioml"], 3), "librosa_s": round(best["librosa"], 3),
                          "librosa_over_audioml": round(best["librosa"] / best["audioml"], 2),
                          "audioml_cpu_s": round(cpu["audioml"], 3), "librosa_cpu_s": round(cpu["librosa"], 3),
                          "cpu_librosa_over_audioml": round(cpu["librosa"] / cpu["audioml"], 2),
                          "max_abs_diff_db": float(d), "vector": os.environ.get("AUDIOML_VECTOR", "0") == "1"}))


if __name__ == "__main__":
    main()
