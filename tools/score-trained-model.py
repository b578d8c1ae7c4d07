"""Scores an audio file with a model written by `audioml train`, in Python, from the model file alone:
onnxruntime for the graph, librosa for its input feature, and the window, hop and level gate from its metadata.
It is both the documented way to run a trained model from Python and the peer that `audioml classify` is
checked against (docs/training.md).

    .venv/bin/python tools/score-trained-model.py model.onnx clip.wav    # one JSON line per window, then the clip
"""
import json
import sys

import librosa
import numpy as np
import onnxruntime as ort


def main(model_path, audio_path):
    sess = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    meta = sess.get_modelmeta().custom_metadata_map
    labels = json.loads(meta["audioml.labels"])
    spec = json.loads(meta["audioml.features"])
    sr = spec["sr"]
    window = round(float(meta["audioml.window_seconds"]) * sr)
    hop = round(float(meta.get("audioml.hop_seconds", meta["audioml.window_seconds"])) * sr)
    gate = float(meta["audioml.gate_db"]) if "audioml.gate_db" in meta else None
    y, _ = librosa.load(audio_path, sr=sr)  # mono, resampled as librosa.load does
    name = sess.get_inputs()[0].name
    rows = []
    for start in range(0, max(1, len(y) - window + 1), hop):
        w = y[start:start + window]
        w = np.pad(w, (0, window - len(w)))
        if spec["feature"] == "raw":
            x = w[None, :]
        else:  # melspectrogram: the spec's keys are librosa's
            kw = {k: v for k, v in spec.items() if k not in ("feature", "sr")}
            x = librosa.feature.melspectrogram(y=w, sr=sr, **kw).T[None, :, :]
        p = sess.run(None, {name: x.astype(np.float32)})[0][0]
        level = 10 * np.log10(np.mean(w.astype(np.float64) ** 2) + 1e-10)
        rows.append((start, p, level))
        print(json.dumps({"start_s": start / sr, "end_s": (start + window) / sr,
                          "scores": dict(zip(labels, map(float, p))), "level_db": level}))
    loudest = max(r[2] for r in rows)
    kept = [r[1] for r in rows if gate is None or r[2] >= loudest - gate]
    clip = np.mean(kept, axis=0)
    print(json.dumps({"clip": dict(zip(labels, map(float, clip))), "label": labels[int(np.argmax(clip))]}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
