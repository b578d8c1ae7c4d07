#!/usr/bin/env python3
"""Regenerates audioml-features/src/test/resources/golden/music/: the music features (chroma_stft,
spectral_contrast, onset_strength, onset_detect, cqt, hybrid_cqt, chroma_cqt, tonnetz) of the REAL librosa 0.11 on audio loaded as librosa.load loads it.

The audio is a 0.6 s mono melody written as 16-bit WAV at 8, 16, 22.05, 44.1 and 48 kHz: four plucked notes with
harmonics (A = 442 Hz, so the default tuning estimate is not 0), note onsets every 0.15 s, a little noise.
decoded_RATE.npy is librosa.load(path, sr=None) (float32) that MusicFeatureGoldenTest feeds to
FeaturePipeline.computeLoaded; each case loads with librosa.load(path, sr=spec's sr or 22050) (res_type soxr_hq,
librosa's default) and calls the librosa function with the spec's keywords. cases.json lists them. Run from the
repository root:
    /work/venv/bin/python tools/golden/make_music_goldens.py
"""
import json
import os
import tempfile

import librosa
import numpy as np
import soundfile as sf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "audioml-features", "src", "test", "resources", "golden", "music")
RATES = [8000, 16000, 22050, 44100, 48000]
SECONDS = 0.6
LIBROSA_KEYS = {"sr", "feature", "res_type"}


def melody(rate):
    rng = np.random.default_rng(rate)
    t = np.arange(int(SECONDS * rate)) / rate
    y = 0.003 * rng.standard_normal(t.size)
    a4 = 442.0
    for i, semitones in enumerate([-9, -5, -2, 3]):  # C, E, G, C' relative to A4
        f0 = a4 * 2 ** (semitones / 12)
        start = 0.02 + 0.15 * i
        tt = t - start
        env = np.where(tt >= 0, np.exp(-np.maximum(tt, 0) * 9.0), 0.0)
        for h in range(1, 6):
            if h * f0 < rate / 2:
                y += env * 0.25 / h * np.sin(2 * np.pi * h * f0 * np.maximum(tt, 0))
    return 0.8 * y / np.max(np.abs(y))


def feature(y, sr, spec):
    f = spec["feature"]
    kw = {k: v for k, v in spec.items() if k not in LIBROSA_KEYS}
    if kw.get("norm") == "inf":
        kw["norm"] = np.inf
    if f == "chroma_stft":
        return librosa.feature.chroma_stft(y=y, sr=sr, **kw)
    if f == "spectral_contrast":
        return librosa.feature.spectral_contrast(y=y, sr=sr, **kw)
    if f == "onset_strength":
        return librosa.onset.onset_strength(y=y, sr=sr, **kw)[np.newaxis, :]
    if f == "onset_detect":
        pick = {k: kw.pop(k) for k in list(kw) if k in ("pre_max", "post_max", "pre_avg", "post_avg", "delta", "wait",
                                                        "normalize", "backtrack")}
        env = librosa.onset.onset_strength(y=y, sr=sr, **kw)
        onsets = librosa.onset.onset_detect(onset_envelope=env, sr=sr, hop_length=kw.get("hop_length", 512),
                                            **pick)
        flags = np.zeros((1, env.size), dtype=np.float32)
        flags[0, onsets] = 1.0
        return flags
    if f in ("cqt", "hybrid_cqt"):
        db = kw.pop("to_db", None)
        C = np.abs((librosa.cqt if f == "cqt" else librosa.hybrid_cqt)(y=y, sr=sr, **kw))
        if db is not None:
            C = librosa.amplitude_to_db(C, ref=np.max if db.get("ref") == "max" else db.get("ref", 1.0))
        return C
    if f == "chroma_cqt":
        return librosa.feature.chroma_cqt(y=y, sr=sr, **kw)
    if f == "tonnetz":
        return librosa.feature.tonnetz(y=y, sr=sr, **kw)
    raise ValueError(f)


def float32_limited_bands(y, sr, spec, out):
    """Bands whose dB contrast librosa itself changes by more than 0.01 dB when noise at 1e-8 (-160 dB, below the
    float32 resolution of librosa.load's samples) is added: their valleys lie in the resampler's stopband (above the
    file's Nyquist when upsampling, the last few percent below the new Nyquist when downsampling), at the float32
    noise floor, where no implementation can match to 0.01 dB."""
    noise = 1e-8 * np.random.default_rng(1).standard_normal(y.size).astype(np.float32)
    moved = feature(y + noise, sr, spec).T
    return [int(b) for b in np.flatnonzero(np.max(np.abs(moved - out), axis=0) > 0.01)]


def cases():
    out = []
    for rate in RATES:
        for spec in ({"feature": "chroma_stft"}, {"feature": "spectral_contrast"}, {"feature": "onset_strength"},
                     {"feature": "onset_detect"}, {"feature": "cqt"}, {"feature": "hybrid_cqt"},
                     {"feature": "chroma_cqt"}, {"feature": "tonnetz"}):
            out.append((f"{spec['feature']}_{rate}", rate, spec))
    out += [
        ("chroma_stft_tuning0_norm2_16k", 44100, {"feature": "chroma_stft", "sr": 16000, "n_fft": 1024,
                                                  "hop_length": 256, "tuning": 0.0, "norm": 2}),
        ("chroma_stft_24_nooct_48k", 48000, {"feature": "chroma_stft", "sr": 48000, "n_fft": 4096, "hop_length": 1024,
                                             "n_chroma": 24, "octwidth": None, "base_c": False}),
        ("spectral_contrast_linear_16k", 44100, {"feature": "spectral_contrast", "sr": 16000, "n_fft": 1024,
                                                 "hop_length": 256, "fmin": 150.0, "n_bands": 5, "quantile": 0.05,
                                                 "linear": True}),
        ("spectral_contrast_reflect_8k", 8000, {"feature": "spectral_contrast", "sr": None, "n_fft": 512,
                                                "hop_length": 128, "n_bands": 4, "pad_mode": "reflect"}),
        ("onset_strength_superflux_16k", 48000, {"feature": "onset_strength", "sr": 16000, "n_fft": 1024,
                                                 "hop_length": 160, "lag": 2, "max_size": 3, "n_mels": 64,
                                                 "detrend": True, "center": False}),
        ("cqt_db_max_16k", 48000, {"feature": "cqt", "sr": 16000, "hop_length": 256, "n_bins": 60,
                                   "fmin": 65.40639132514966, "to_db": {"ref": "max"}}),
        ("cqt_24bpo_estimated_44k", 44100, {"feature": "cqt", "sr": 44100, "hop_length": 1024, "n_bins": 168,
                                            "bins_per_octave": 24, "tuning": None}),
        ("chroma_cqt_24bpo_norm2_16k", 16000, {"feature": "chroma_cqt", "sr": 16000, "hop_length": 128,
                                               "bins_per_octave": 24, "n_octaves": 5, "norm": 2, "threshold": 0.1,
                                               "tuning": 0.0}),
        ("hybrid_cqt_db_estimated_16k", 44100, {"feature": "hybrid_cqt", "sr": 16000, "hop_length": 128,
                                                "n_bins": 72, "tuning": None, "to_db": {"ref": "max"}}),
        ("chroma_cqt_hybrid_22k", 48000, {"feature": "chroma_cqt", "cqt_mode": "hybrid"}),
        ("onset_detect_backtrack_44k", 44100, {"feature": "onset_detect", "sr": 44100, "hop_length": 256,
                                               "backtrack": True, "delta": 0.05, "wait": 4}),
    ]
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for rate in RATES:
            paths[rate] = os.path.join(tmp, f"m{rate}.wav")
            sf.write(paths[rate], melody(rate), rate, subtype="PCM_16")
            decoded, sr0 = librosa.load(paths[rate], sr=None)
            assert sr0 == rate
            np.save(os.path.join(OUT, f"decoded_{rate}.npy"), decoded.astype(np.float32))
        for name, rate, spec in cases():
            sr = spec.get("sr", 22050)
            y, sr_loaded = librosa.load(paths[rate], sr=sr)
            out = np.ascontiguousarray(feature(y, sr_loaded, spec).T.astype(np.float32))  # [frames, bins]
            np.save(os.path.join(OUT, name + ".npy"), out)
            case = {"name": name, "file_rate": rate, "sr": int(sr_loaded), "spec": spec}
            if spec["feature"] == "spectral_contrast" and not spec.get("linear"):
                case["float32_limited_bands"] = float32_limited_bands(y, sr_loaded, spec, out)
            written.append(case)
            print(name, out.shape, "onsets" if spec["feature"] == "onset_detect" else "",
                  np.flatnonzero(out[:, 0]) if spec["feature"] == "onset_detect" else "")
        # the tuning librosa estimates for the default chroma at 22050 Hz (the test prints AudioML's)
        y, _ = librosa.load(paths[44100], sr=22050)
        tuning = float(librosa.estimate_tuning(S=np.abs(librosa.stft(y)) ** 2, sr=22050, bins_per_octave=12))
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump({"librosa": librosa.__version__, "tuning_44100_at_22050": tuning, "cases": written}, f, indent=1)
        f.write("\n")
    print(len(written), "cases; estimated tuning", tuning)


if __name__ == "__main__":
    main()
