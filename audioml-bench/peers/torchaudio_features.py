#!/usr/bin/python3
"""Peer of StreamingFeaturesBenchmark / BatchFeaturesBenchmark: the same feature configurations (same names as
dev.audioml.bench.features.FeatureConfig) in torchaudio, on one thread, on 10 s of seeded uniform noise in [-0.5, 0.5).

  Each time is the fastest of 5 time slices (as JMH's best iteration).
  batch:  the whole clip through the transform (MelSpectrogram, MFCC, Spectrogram, AmplitudeToDB,
          compliance.kaldi.fbank), time per clip divided by its frame count -> us per frame
  stream: frame by frame as a Python user streaming audio would: keep the last n_fft samples, append each hop of
          new samples and run the transform (center=False / snip_edges) on that window -> us per hop (one frame)

With TORCH_CLOCK=cpu the slices are timed by this thread's CPU time (time.thread_time; torch runs on one thread here),
which other load on a shared machine changes far less than wall time (as fftw_r2c's FFTW_CLOCK=cpu).

Prints one JSON object per line: {"peer": "torchaudio", "config": ..., "batch_us_per_frame": ..., "stream_us_per_hop": ...}.
    /usr/bin/python3 audioml-bench/peers/torchaudio_features.py [--seconds S] [--config NAME ...]
"""
import argparse
import json
import os
import time

import torch
import torchaudio

# name: (sr, n_fft, hop, n_mels, kind, log) as in FeatureConfig.java
CONFIGS = {
    "LOGMEL_16K_512_160_64": (16000, 512, 160, 64, "mel", True),
    "MEL_16K_512_160_64": (16000, 512, 160, 64, "mel", False),
    "STFT_16K_512_160": (16000, 512, 160, 0, "stft", False),
    "MFCC_16K_512_160_64": (16000, 512, 160, 64, "mfcc", True),
    "FBANK_16K_400_160_80": (16000, 400, 160, 80, "fbank", True),
    "LOGMEL_22K_2048_512_128": (22050, 2048, 512, 128, "mel", True),
    "LOGMEL_22K_1024_128_224": (22050, 1024, 128, 224, "mel", True),
}
CLIP_SECONDS = 10


def transform(sr, n_fft, hop, n_mels, kind, log, center):
    """The torchaudio call a user would write for the configuration (librosa conventions: slaney mel, constant pad)."""
    if kind == "fbank":
        return lambda x: torchaudio.compliance.kaldi.fbank(x.unsqueeze(0), num_mel_bins=n_mels, frame_length=25.0,
                                                           frame_shift=10.0, sample_frequency=sr, dither=0.0)
    if kind == "stft":
        t = torchaudio.transforms.Spectrogram(n_fft=n_fft, hop_length=hop, power=2.0, center=center,
                                              pad_mode="constant")
        return t
    melkwargs = dict(n_fft=n_fft, hop_length=hop, n_mels=n_mels, power=2.0, norm="slaney", mel_scale="slaney",
                     center=center, pad_mode="constant")
    if kind == "mfcc":
        return torchaudio.transforms.MFCC(sample_rate=sr, n_mfcc=20, melkwargs=melkwargs)
    mel = torchaudio.transforms.MelSpectrogram(sample_rate=sr, **melkwargs)
    if not log:
        return mel
    db = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=None)
    return lambda x: db(mel(x))


SLICES = 5
CLOCK = time.thread_time if os.environ.get("TORCH_CLOCK") == "cpu" else time.perf_counter


def timed(fn, seconds):
    """Calls fn() for about `seconds` after a short warm-up, in SLICES equal time slices (as JMH iterations); returns
    (seconds per call in the fastest slice, calls): on a shared machine other load only ever adds time."""
    end = CLOCK() + seconds / 4
    while CLOCK() < end:
        fn()
    best = None
    total = 0
    for _ in range(SLICES):
        calls = 0
        t0 = CLOCK()
        end = t0 + seconds / SLICES
        while True:
            fn()
            calls += 1
            now = CLOCK()
            if now >= end:
                break
        total += calls
        per_call = (now - t0) / calls
        best = per_call if best is None else min(best, per_call)
    return best, total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=2.0, help="measurement seconds per case")
    p.add_argument("--config", nargs="*", default=list(CONFIGS))
    args = p.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    for name in args.config:
        sr, n_fft, hop, n_mels, kind, log = CONFIGS[name]
        clip = torch.rand(CLIP_SECONDS * sr, generator=torch.Generator().manual_seed(42)) - 0.5
        with torch.inference_mode():
            batch = transform(sr, n_fft, hop, n_mels, kind, log, center=True)
            frames = batch(clip).shape[-2 if kind == "fbank" else -1]
            per_clip, _ = timed(lambda: batch(clip), args.seconds)

            stream = transform(sr, n_fft, hop, n_mels, kind, log, center=False)
            window = torch.zeros(n_fft)
            state = {"at": 0}

            def one_hop():
                at = state["at"]
                if at + hop > clip.numel():
                    at = 0
                # a user's ring buffer: drop the oldest hop, append the new one, transform the window
                window[:-hop] = window[hop:].clone()
                window[-hop:] = clip[at:at + hop]
                state["at"] = at + hop
                return stream(window)

            per_hop, hops = timed(one_hop, args.seconds)
        print(json.dumps({"peer": "torchaudio " + torchaudio.__version__, "config": name,
                          "clock": "thread_cpu" if CLOCK is time.thread_time else "wall",
                          "batch_us_per_frame": per_clip / frames * 1e6, "batch_frames": frames,
                          "stream_us_per_hop": per_hop * 1e6, "stream_hops": hops}), flush=True)


if __name__ == "__main__":
    main()
