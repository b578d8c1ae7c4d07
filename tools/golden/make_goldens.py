#!/usr/bin/env python3
"""Regenerates the parity goldens of audioml-features/src/test/resources/golden/ (manifest.json and one .npy per
configuration) with the REAL librosa 0.11 (librosa.stft, librosa.feature.*, librosa.power_to_db, ...) on the
committed inputs input_{8000,16000,22050,44100}.npy (espeak-ng speech resampled by sox, float32, made once by
make_inputs below). kaldi_fbank goldens are torchaudio.compliance.kaldi.fbank itself and come from
make_kaldi_goldens.py (Debian's python3-torchaudio); this script leaves their .npy files alone.

CI does not run this: the outputs are committed. Run from the repository root:
    /work/venv/bin/python tools/golden/make_goldens.py            # librosa goldens + manifest
    /usr/bin/python3 tools/golden/make_kaldi_goldens.py          # kaldi_fbank goldens
The inputs (and input_44100_sox_hq_16000.npy, SoX's `rate -h`) are only remade with --inputs (needs espeak-ng and
sox; the Kaldi goldens must then be remade too).
"""
import json
import os
import subprocess
import sys
import tempfile

import librosa
import numpy as np
import scipy.signal

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
        for rate, seconds in RATES.items():
            raw = os.path.join(tmp, f"s{rate}.raw")
            subprocess.run(["sox", speech, "-r", str(rate), "-c", "1", "-b", "32", "-e", "floating-point", raw,
                            "trim", "0.15", str(seconds)], check=True)
            y = np.fromfile(raw, dtype="<f4")
            rng = np.random.default_rng(rate)
            y = (0.8 * y / max(1e-9, np.max(np.abs(y))) + 0.001 * rng.standard_normal(len(y))).astype(np.float32)
            np.save(os.path.join(OUT, f"input_{rate}.npy"), y)
        # input_44100 resampled to 16 kHz by sox's `rate -h` (the SoX resampler libsoxr was split out of), for
        # ResampledSpecTest
        src = os.path.join(tmp, "in.f32")
        dst = os.path.join(tmp, "out.f32")
        np.load(os.path.join(OUT, "input_44100.npy")).astype("<f4").tofile(src)
        subprocess.run(["sox", "-t", "f32", "-r", "44100", "-c", "1", src, "-t", "f32", dst, "rate", "-h", "16000"],
                       check=True)
        np.save(os.path.join(OUT, "input_44100_sox_hq_16000.npy"), np.fromfile(dst, dtype="<f4"))


def stft_kwargs(spec, feature):
    n_fft = spec.get("n_fft", 2048)
    return {"n_fft": n_fft, "hop_length": spec.get("hop_length", (spec.get("win_length") or n_fft) // 4
                                                    if feature == "stft" else 512),
            "win_length": spec.get("win_length"), "window": spec.get("window", "hann"),
            "center": spec.get("center", True), "pad_mode": spec.get("pad_mode", "constant")}


def window_arg(name):
    """AudioML's window names -> what librosa.filters.get_window takes. povey is Kaldi's window (symmetric Hann **
    0.85, torchaudio.compliance.kaldi._feature_window_function), which scipy lacks: passed as a callable."""
    if name == "povey":
        return lambda n: scipy.signal.get_window("hann", n, fftbins=False) ** 0.85
    return "boxcar" if name == "rectangular" else name


def to_db(S, db, amplitude_default):
    fn = db.get("function", "amplitude_to_db" if amplitude_default else "power_to_db")
    kw = {"ref": np.max if db.get("ref", 1.0) == "max" else db.get("ref", 1.0), "top_db": db.get("top_db", 80.0)}
    if "amin" in db:
        kw["amin"] = db["amin"]
    return (librosa.amplitude_to_db if fn == "amplitude_to_db" else librosa.power_to_db)(S, **kw)


def compute(y, spec):
    """The librosa call a notebook makes for this spec; returns librosa's [bins, frames] array."""
    f = spec["feature"]
    sr = spec["sr"]
    kw = stft_kwargs(spec, f)
    kw["window"] = window_arg(kw["window"])
    if f == "stft":
        power = spec.get("power", 1.0)
        S = np.abs(librosa.stft(y, **kw)) ** power
        return S if "to_db" not in spec else to_db(S, spec["to_db"], power == 1.0)
    if f in ("melspectrogram", "mfcc"):
        mel = {"n_mels": spec.get("n_mels", 128), "fmin": spec.get("fmin", 0.0), "fmax": spec.get("fmax"),
               "htk": spec.get("htk", False), "norm": spec.get("mel_norm" if f == "mfcc" else "norm", "slaney"),
               "power": spec.get("power", 2.0)}
        S = librosa.feature.melspectrogram(y=y, sr=sr, **kw, **mel)
        if f == "melspectrogram":
            return S if "to_db" not in spec else to_db(S, spec["to_db"], mel["power"] == 1.0)
        S = to_db(S, spec.get("to_db", {}), False)  # librosa.feature.mfcc: power_to_db(S) with its top_db 80
        out = librosa.feature.mfcc(S=S, sr=sr, n_mfcc=spec.get("n_mfcc", 20), norm=spec.get("norm", "ortho"),
                                   lifter=spec.get("lifter", 0))
        d = spec.get("delta")
        if d:
            orders = d.get("order", 1)
            orders = orders if isinstance(orders, list) else [orders]
            out = np.concatenate([out if o == 0 else librosa.feature.delta(out, width=d.get("width", 9), order=o)
                                  for o in orders], axis=0)
        return out
    names = spec.get("descriptors") if f == "spectral" else None
    names = names or (["spectral_centroid", "spectral_bandwidth", "spectral_rolloff", "spectral_flatness",
                       "zero_crossing_rate", "rms"] if f == "spectral" else [f])
    rows = []
    for name in names:
        if name == "spectral_centroid":
            rows.append(librosa.feature.spectral_centroid(y=y, sr=sr, **kw))
        elif name == "spectral_bandwidth":
            rows.append(librosa.feature.spectral_bandwidth(y=y, sr=sr, p=spec.get("p", 2.0), **kw))
        elif name == "spectral_rolloff":
            rows.append(librosa.feature.spectral_rolloff(y=y, sr=sr, roll_percent=spec.get("roll_percent", 0.85),
                                                         **kw))
        elif name == "spectral_flatness":
            rows.append(librosa.feature.spectral_flatness(y=y, amin=spec.get("amin", 1e-10),
                                                          power=spec.get("power", 2.0), **kw))
        elif name == "zero_crossing_rate":
            rows.append(librosa.feature.zero_crossing_rate(y, frame_length=spec.get("frame_length", kw["n_fft"]),
                                                           hop_length=kw["hop_length"], center=kw["center"]))
        elif name == "rms":
            rows.append(librosa.feature.rms(y=y, frame_length=spec.get("frame_length", kw["n_fft"]),
                                            hop_length=kw["hop_length"], center=kw["center"],
                                            pad_mode=kw["pad_mode"]))
        else:
            raise ValueError(name)
    return np.vstack(rows)


def main():
    if "--inputs" in sys.argv:
        make_inputs()
    manifest = []
    for name, rate, compare, spec in CONFIGS:
        path = os.path.join(OUT, name + ".npy")
        if spec["feature"] == "kaldi_fbank":
            out = np.load(path)  # make_kaldi_goldens.py
        else:
            y = np.load(os.path.join(OUT, f"input_{rate}.npy"))
            out = np.ascontiguousarray(compute(y, spec).T.astype(np.float32))  # [frames, bins]
            np.save(path, out)
        manifest.append({"name": name, "input": f"input_{rate}.npy", "compare": compare, "spec": spec,
                         "shape": list(out.shape)})
        print(name, out.shape)
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"librosa": librosa.__version__, "numpy": np.__version__, "configs": manifest}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
