#!/usr/bin/python3
"""Peer measurement for BatchLogMelBenchmark: torchaudio's batch MelSpectrogram on a 10 s, 16 kHz clip of noise
(n_fft 512, hop 160, 64 mels, power 2), on one thread. Prints microseconds per clip and per frame.
    /usr/bin/python3 audioml-bench/peer/torchaudio_melspec.py
"""
import time

import torch
import torchaudio

torch.set_num_threads(1)
clip = torch.rand(10 * 16000, generator=torch.Generator().manual_seed(42)) - 0.5
mel = torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=512, hop_length=160, n_mels=64, power=2.0,
                                           norm="slaney", mel_scale="slaney")
for dtype in (torch.float32, torch.float64):
    m = mel.to(dtype)
    x = clip.to(dtype)
    for _ in range(5):
        m(x)
    runs = 30
    t0 = time.perf_counter()
    for _ in range(runs):
        out = m(x)
    dt = (time.perf_counter() - t0) / runs
    frames = out.shape[-1]
    print(f"torchaudio {torchaudio.__version__} MelSpectrogram {dtype}: {dt * 1e3:.3f} ms per clip, "
          f"{frames} frames, {dt / frames * 1e6:.2f} us per frame")
