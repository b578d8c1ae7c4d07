#!/usr/bin/python3
"""Regenerates audioml-features/src/test/resources/golden/: small inputs (espeak-ng speech, resampled by sox), the
feature specs, and reference outputs computed with librosa's formulas (librosa_ref.py) or torchaudio's Kaldi fbank.

Needs Debian's python3-torchaudio and python3-scipy (apt-get install -y python3-torchaudio python3-scipy), espeak-ng
and sox. CI does not run this: the outputs are committed. Run from the repository root:
    /usr/bin/python3 tools/golden/make_goldens.py
Cross-checks against torchaudio's own implementations are written to golden/crosscheck.txt.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torchaudio

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import librosa_ref as L  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "audioml-features", "src", "test", "resources", "golden")
RATES = {8000: 0.8, 16000: 0.8, 22050: 0.8, 44100: 0.5}

CONFIGS = [
    ("stft_blackman_nocenter_16k", 16000, "linear", {"feature": "stft", "sr": 16000, "n_fft": 256, "hop_length": 128,
                                                     "window": "blackman", "center": False, "power": 1.0}),
    ("stft_boxcar_reflect_8k", 8000, "linear", {"feature": "stft", "sr": 8000, "n_fft": 300, "hop_length": 100,
                                                "window": "boxcar", "pad_mode": "reflect", "power": 2.0}),
    ("stft_povey_odd_22k", 22050, "linear", {"feature": "stft", "sr": 22050, "n_fft": 255, "hop_length": 200,
                                             "window": "povey", "power": 1.5}),
    ("stft_winlen_hamming_db_44k", 44100, "db", {"feature": "stft", "sr": 44100, "n_fft": 512, "win_length": 300,
                                                 "hop_length": 256, "window": "hamming",
                                                 "to_db": {"ref": "max"}}),
    ("mel_default_22k", 22050, "linear", {"feature": "melspectrogram", "sr": 22050}),
    ("mel_logmel_max_16k", 16000, "db", {"feature": "melspectrogram", "sr": 16000, "n_fft": 512, "hop_length": 160,
                                         "n_mels": 64, "to_db": {"ref": "max", "top_db": 80.0}}),
    ("mel_htk_nonorm_power1_16k", 16000, "linear", {"feature": "melspectrogram", "sr": 16000, "n_fft": 400,
                                                    "hop_length": 160, "n_mels": 40, "fmin": 20.0, "fmax": 7600.0,
                                                    "htk": True, "norm": None, "power": 1.0}),
    ("mel_odd_reflect_db_8k", 8000, "db", {"feature": "melspectrogram", "sr": 8000, "n_fft": 511, "hop_length": 128,
                                           "pad_mode": "reflect", "n_mels": 40, "fmin": 50.0,
                                           "to_db": {"ref": 1.0, "amin": 1e-5, "top_db": 60.0}}),
    ("mel_winlen_htk_44k", 44100, "db", {"feature": "melspectrogram", "sr": 44100, "n_fft": 1024, "win_length": 600,
                                         "hop_length": 441, "window": "hamming", "n_mels": 96, "htk": True,
                                         "to_db": {"ref": 1.0, "top_db": None}}),
    ("mel_fmax_above_nyquist_16k", 16000, "linear", {"feature": "melspectrogram", "sr": 16000, "n_fft": 512,
                                                     "hop_length": 256, "n_mels": 40, "fmax": 11000.0}),
    ("mfcc_default_22k", 22050, "mfcc", {"feature": "mfcc", "sr": 22050}),
    ("mfcc_lifter_htk_16k", 16000, "mfcc", {"feature": "mfcc", "sr": 16000, "n_fft": 512, "hop_length": 160,
                                            "n_mels": 40, "fmin": 20.0, "fmax": 8000.0, "htk": True, "n_mfcc": 13,
                                            "lifter": 22}),
    ("mfcc_nonorm_stream_16k", 16000, "mfcc", {"feature": "mfcc", "sr": 16000, "n_fft": 400, "hop_length": 160,
                                               "n_mels": 23, "n_mfcc": 13, "norm": None, "mel_norm": None,
                                               "to_db": {"top_db": None}}),
    ("mfcc_deltas_16k", 16000, "mfcc", {"feature": "mfcc", "sr": 16000, "n_fft": 512, "hop_length": 160,
                                        "n_mels": 40, "n_mfcc": 13, "to_db": {"top_db": None},
                                        "delta": {"width": 9, "order": [0, 1, 2]}}),
    ("kaldi_default_16k", 16000, "log", {"feature": "kaldi_fbank", "sr": 16000}),
    ("kaldi_nosnip_hamming_energy_16k", 16000, "log", {"feature": "kaldi_fbank", "sr": 16000, "snip_edges": False,
                                                       "window_type": "hamming", "num_mel_bins": 40,
                                                       "use_energy": True, "preemphasis_coefficient": 0.0,
                                                       "remove_dc_offset": False, "round_to_power_of_two": False,
                                                       "low_freq": 60.0, "high_freq": -400.0}),
    ("kaldi_rect_linear_8k", 8000, "linear", {"feature": "kaldi_fbank", "sr": 8000, "frame_length": 20.0,
                                              "frame_shift": 5.0, "window_type": "rectangular",
                                              "use_log_fbank": False, "use_power": False, "snip_edges": False,
                                              "num_mel_bins": 15, "use_energy": True, "htk_compat": True,
                                              "raw_energy": False}),
    ("kaldi_blackman_22k", 22050, "log", {"feature": "kaldi_fbank", "sr": 22050, "window_type": "blackman",
                                          "num_mel_bins": 30, "snip_edges": False}),
    ("spectral_all_22k", 22050, "columns", {"feature": "spectral", "sr": 22050, "n_fft": 1024, "hop_length": 256}),
    ("spectral_reflect_16k", 16000, "columns", {"feature": "spectral", "sr": 16000, "n_fft": 400, "hop_length": 160,
                                                "pad_mode": "reflect", "roll_percent": 0.5, "p": 1.5}),
    ("zcr_nocenter_8k", 8000, "columns", {"feature": "zero_crossing_rate", "sr": 8000, "frame_length": 256,
                                          "hop_length": 128, "center": False}),
    ("rms_16k", 16000, "columns", {"feature": "rms", "sr": 16000, "frame_length": 512, "hop_length": 256}),
    ("flatness_22k", 22050, "columns", {"feature": "spectral_flatness", "sr": 22050, "n_fft": 512,
                                        "hop_length": 256, "power": 1.0}),
]


def make_inputs():
    text = "Hello, this is a parity test of features."
    with tempfile.TemporaryDirectory() as tmp:
        speech = os.path.join(tmp, "speech.wav")
        subprocess.run(["espeak-ng", "-w", speech, text], check=True)
        out = {}
        for rate, seconds in RATES.items():
            raw = os.path.join(tmp, f"s{rate}.raw")
            subprocess.run(["sox", speech, "-r", str(rate), "-c", "1", "-b", "32", "-e", "floating-point", raw,
                            "trim", "0.15", str(seconds)], check=True)
            y = np.fromfile(raw, dtype="<f4")
            rng = np.random.default_rng(rate)
            y = (0.8 * y / max(1e-9, np.max(np.abs(y))) + 0.001 * rng.standard_normal(len(y))).astype(np.float32)
            out[rate] = y
            np.save(os.path.join(OUT, f"input_{rate}.npy"), y)
    return out


def mel_pipeline(y, spec):
    feature = spec["feature"]
    sr = spec["sr"]
    n_fft = spec.get("n_fft", 2048)
    win = spec.get("win_length") or n_fft
    hop = spec.get("hop_length", win // 4 if feature == "stft" else 512)
    power = spec.get("power", 1.0 if feature == "stft" else 2.0)
    S = L.stft_mag(y, n_fft, hop, win, spec.get("window", "hann"), spec.get("center", True),
                   spec.get("pad_mode", "constant"), power)
    if feature != "stft":
        norm_key = "mel_norm" if feature == "mfcc" else "norm"
        W, empty = L.mel_filters(sr, n_fft, spec.get("n_mels", 128), spec.get("fmin", 0.0), spec.get("fmax"),
                                 spec.get("htk", False), spec.get(norm_key, "slaney"))
        S = S @ W.T
    db = spec.get("to_db")
    if feature == "mfcc":
        db = db or {}
    if db is not None:
        fn = db.get("function", "amplitude_to_db" if power == 1.0 and feature != "mfcc" else "power_to_db")
        kw = {"ref": db.get("ref", 1.0), "top_db": db.get("top_db", 80.0)}
        if "amin" in db:
            kw["amin"] = db["amin"]
        S = (L.amplitude_to_db if fn == "amplitude_to_db" else L.power_to_db)(S, **kw)
    if feature == "mfcc":
        S = L.mfcc_from_logmel(S, spec.get("n_mfcc", 20), spec.get("norm", "ortho"), spec.get("lifter", 0))
    return S


def kaldi(y, spec):
    kw = {k: v for k, v in spec.items() if k not in ("feature", "sr")}
    kw["sample_frequency"] = float(spec["sr"])
    kw.setdefault("dither", 0.0)
    return torchaudio.compliance.kaldi.fbank(torch.from_numpy(y.astype(np.float64)).unsqueeze(0), **kw).numpy()


def compute(y, spec):
    f = spec["feature"]
    if f == "kaldi_fbank":
        out = kaldi(y, spec)
    elif f in ("stft", "melspectrogram", "mfcc"):
        out = mel_pipeline(y, spec)
    else:
        names = spec.get("descriptors") if f == "spectral" else None
        names = names or (["spectral_centroid", "spectral_bandwidth", "spectral_rolloff", "spectral_flatness",
                           "zero_crossing_rate", "rms"] if f == "spectral" else [f])
        n = spec.get("frame_length", spec.get("n_fft", 2048))
        out = L.spectral(y, spec["sr"], names, n, spec.get("hop_length", 512), spec.get("win_length"),
                         spec.get("window", "hann"), spec.get("center", True), spec.get("pad_mode", "constant"),
                         spec.get("roll_percent", 0.85), spec.get("p", 2.0), spec.get("amin", 1e-10),
                         spec.get("power", 2.0))
    d = spec.get("delta")
    if d:
        orders = d.get("order", 1)
        orders = orders if isinstance(orders, list) else [orders]
        out = np.concatenate([out if o == 0 else L.delta(out, d.get("width", 9), o) for o in orders], axis=1)
    return out


def crosscheck(inputs):
    """Independent checks of librosa_ref against torchaudio's implementations of the same formulas."""
    lines = []
    for sr, n_fft, n_mels, htk, norm in [(22050, 2048, 128, False, "slaney"), (16000, 512, 64, True, None),
                                         (8000, 256, 40, False, None), (44100, 1024, 96, True, "slaney")]:
        ours, _ = L.mel_filters(sr, n_fft, n_mels, 0.0, None, htk, norm)
        ta = torchaudio.functional.melscale_fbanks(n_fft // 2 + 1, 0.0, sr / 2.0, n_mels, sr, norm=norm,
                                                   mel_scale="htk" if htk else "slaney").double().numpy().T
        lines.append(f"mel_filters sr={sr} n_fft={n_fft} n_mels={n_mels} htk={htk} norm={norm}: "
                     f"max|ref - torchaudio.melscale_fbanks| / max = {np.max(np.abs(ours - ta)) / np.max(ours):.2e}")
    y = inputs[16000]
    for pad in ("constant", "reflect"):
        ours = L.stft_mag(y, 512, 160, 400, "hann", True, pad, 2.0)
        spec = torchaudio.transforms.Spectrogram(n_fft=512, win_length=400, hop_length=160, power=2.0,
                                                 center=True, pad_mode=pad, window_fn=torch.hann_window)
        ta = spec(torch.from_numpy(y.astype(np.float64))).numpy().T
        lines.append(f"stft power 2 pad={pad}: max|ref - torchaudio.Spectrogram| / max = "
                     f"{np.max(np.abs(ours - ta)) / np.max(ours):.2e}")
    S = L.stft_mag(y, 512, 160, None, "hann", True, "constant", 2.0)
    ours = L.power_to_db(S, ref="max", top_db=80.0)
    ta = torchaudio.functional.amplitude_to_DB(torch.from_numpy(S.T), 10.0, 1e-10, np.log10(max(1e-10, S.max())),
                                               80.0).numpy().T
    lines.append(f"power_to_db(ref=max, top_db=80): max|ref - torchaudio.amplitude_to_DB| = "
                 f"{np.max(np.abs(ours - ta)):.2e} dB")
    logmel = L.power_to_db(S @ L.mel_filters(16000, 512, 40)[0].T, top_db=None)
    dct = torchaudio.functional.create_dct(13, 40, norm="ortho").double().numpy()
    lines.append(f"mfcc DCT-II ortho: max|ref - torchaudio.create_dct| = "
                 f"{np.max(np.abs(L.mfcc_from_logmel(logmel, 13) - logmel @ dct)):.2e}")
    mf = L.mfcc_from_logmel(logmel, 13)
    ta = torchaudio.functional.compute_deltas(torch.from_numpy(mf.T.copy()), win_length=9).numpy().T
    ref = L.delta(mf, 9, 1)
    lines.append(f"delta width 9 interior frames: max|ref - torchaudio.compute_deltas| = "
                 f"{np.max(np.abs(ref[4:-4] - ta[4:-4])):.2e}; edge frames differ by up to "
                 f"{np.max(np.abs(ref - ta)):.2e} (torchaudio pads by replication, librosa fits the edge window "
                 f"(savgol mode='interp'); AudioML follows librosa)")
    return lines


def main():
    os.makedirs(OUT, exist_ok=True)
    inputs = make_inputs()
    manifest = []
    for name, rate, compare, spec in CONFIGS:
        out = compute(inputs[rate].astype(np.float64), spec).astype(np.float32)
        np.save(os.path.join(OUT, name + ".npy"), out)
        manifest.append({"name": name, "input": f"input_{rate}.npy", "compare": compare, "spec": spec,
                         "shape": list(out.shape)})
        print(name, out.shape)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    lines = crosscheck(inputs)
    with open(os.path.join(OUT, "crosscheck.txt"), "w") as f:
        f.write(f"torch {torch.__version__}, torchaudio {torchaudio.__version__}, numpy {np.__version__}\n")
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    make_resample_reference()



def make_resample_reference():
    """input_44100 resampled to 16 kHz by sox's `rate -h` (the SoX resampler that libsoxr, librosa.load's default
    res_type="soxr_hq", was split out of), for measuring the core resampler's effect on features."""
    y = np.load(os.path.join(OUT, "input_44100.npy"))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in.f32")
        dst = os.path.join(tmp, "out.f32")
        y.astype("<f4").tofile(src)
        subprocess.run(["sox", "-t", "f32", "-r", "44100", "-c", "1", src, "-t", "f32", dst, "rate", "-h", "16000"],
                       check=True)
        np.save(os.path.join(OUT, "input_44100_sox_hq_16000.npy"), np.fromfile(dst, dtype="<f4"))


if __name__ == "__main__":
    main()
