#!/usr/bin/python3
"""Turns a model saved by the FAR-Lab workshop's training notebook (RealtimeAudioClassification,
"02_Training/Training The Network": `torch.save({'model': model.state_dict(), 'classes': classes, 'resolution': 224,
'modelType': "resnet18"}, PATH)`) into ONNX that AudioML runs as is: `audioml classify|live --model OUT.onnx`.

The network is rebuilt as `LoadModel` in 03_Running/RunningCode.py does (`models.resnet18()` with
`model.fc = nn.Linear(512, len(classes))`), loaded with the saved state, put in eval mode and exported with input
`image` float[batch, 3, N_MELS, RESOLUTION] (ToTensor + Normalize(0.5, 0.5), so values in [-1, 1]) and output
`logits` float[batch, classes]. Metadata (`metadata_props`) carries:
  audioml.labels          the dict's `classes`, in order
  audioml.features        the workshop settings as a `workshop_image` spec (SpectrumVariables.csv's columns)
  audioml.window_seconds  the live ring buffer, 44100 samples at SAMPLE_RATE (RunningCode.py: RingBuffer(44100*1))
  audioml.output          softmax (RunningCode.py: F.softmax(model(x)))

    /usr/bin/python3 tools/export-workshop-model.py --settings SpectrumVariables.csv MODEL.pth OUT.onnx

For tests and for trying the tool without a trained model (no pretrained weights can be downloaded here):
    /usr/bin/python3 tools/export-workshop-model.py --random-pth OUT.pth --classes dog,cat --seed 1
writes a randomly initialised ResNet18 in the workshop's dict format. `--scores WAV OUT.json` with an export also
writes PyTorch's softmax scores for each file tile of WAV (computed from AudioML-independent tiles: the torchaudio +
matplotlib pipeline of tools/golden/make_workshop_goldens.py) and for the live window (its first 44100 samples).

Needs Debian's python3-torch and python3-torchvision (python3-torchaudio and python3-matplotlib for --scores).
The `onnx` Python package is not needed: metadata entries are appended to the serialized ModelProto (field 14,
StringStringEntryProto), which protobuf merges like any repeated field.
"""
import argparse
import csv
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision import models

RING_SAMPLES = 44100  # RunningCode.py: RingBuffer(44100*1)
COLUMNS = ["RESOLUTION", "SAMPLE_RATE", "N_FFT", "N_MELS", "HOP_LENGTH", "FMIN", "FMAX", "POWER"]


def read_settings(path):
    """GenerateSpectrums: csv.DictReader, every value int(...)."""
    with open(path, newline="") as f:
        row = next(csv.DictReader(f))
    missing = [c for c in COLUMNS if c not in row]
    if missing:
        sys.exit(f"{path}: missing columns {missing}; expected {COLUMNS}")
    return {k: int(row[k]) for k in COLUMNS}


def build(model_data):
    """RunningCode.py LoadModel: only modelType resnet18 is known there."""
    if model_data.get("modelType") != "resnet18":
        sys.exit(f"modelType must be \"resnet18\" (as RunningCode.py LoadModel), got {model_data.get('modelType')!r}")
    model = models.resnet18()
    model.fc = nn.Linear(512, len(model_data["classes"]))
    model.load_state_dict(model_data["model"])
    model.eval()
    return model


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def metadata_entry(key, value):
    """ModelProto.metadata_props (14) = StringStringEntryProto {key = 1, value = 2}."""
    return field(14, field(1, key.encode()) + field(2, value.encode()))


def export(model_data, settings, out):
    model = build(model_data)
    spec = {"feature": "workshop_image", **settings, "pad_mode": "reflect", "ring_samples": RING_SAMPLES}
    dummy = torch.zeros(1, 3, settings["N_MELS"], settings["RESOLUTION"])
    torch.onnx.export(model, dummy, out, input_names=["image"], output_names=["logits"], opset_version=13,
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})
    meta = {
        "audioml.labels": json.dumps(list(model_data["classes"])),
        "audioml.features": json.dumps(spec),
        "audioml.window_seconds": repr(RING_SAMPLES / settings["SAMPLE_RATE"]),
        "audioml.output": "softmax",
    }
    with open(out, "ab") as f:
        for k, v in meta.items():
            f.write(metadata_entry(k, v))
    return model


def random_pth(path, classes, seed):
    torch.manual_seed(seed)
    model = models.resnet18()
    model.fc = nn.Linear(512, len(classes))
    # the notebook's saved dict, exactly its keys
    torch.save({"model": model.state_dict(), "classes": tuple(classes), "resolution": 224, "modelType": "resnet18"},
               path)


def image_torchaudio(y, s):
    """The workshop's GenerateSpectrums from melspectrogram on, as uint8 [N_MELS, frames, 3], band 0 in row 0, with
    torchaudio's MelSpectrogram in librosa's settings (Hann, centred, reflect padding, Slaney mel scale and norm,
    float64) standing in for librosa.feature.melspectrogram, then power_to_db(ref=np.max, top_db=80) as librosa
    defines it, float32 min-max and gist_earth. Equal to the librosa path to float rounding for even rates."""
    import numpy as np
    import torchaudio
    from matplotlib import cm
    mel = torchaudio.transforms.MelSpectrogram(
        sample_rate=s["SAMPLE_RATE"], n_fft=s["N_FFT"], hop_length=s["HOP_LENGTH"], f_min=s["FMIN"],
        f_max=s["FMAX"], n_mels=s["N_MELS"], power=s["POWER"], center=True, pad_mode="reflect",
        norm="slaney", mel_scale="slaney").double()
    S = mel(torch.from_numpy(y)).numpy()  # [n_mels, frames]
    db = 10.0 * np.log10(np.maximum(1e-10, S)) - 10.0 * np.log10(np.maximum(1e-10, S.max()))
    db = np.maximum(db, db.max() - 80.0)
    mel_spec_db = np.float32(db)
    mel_spec_db -= mel_spec_db.min()
    mel_spec_db /= mel_spec_db.max()
    return np.uint8(cm.gist_earth(mel_spec_db) * 255)[:, :, :3]


def scores(model, settings, wav_path, out):
    """PyTorch's softmax per file tile (infere_Class_For_File) and for the live window (infere_Class_Type)."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden"))
    import wave
    import numpy as np
    try:
        from make_workshop_goldens import image  # the real librosa, where it is installed (a venv)
    except ImportError:
        image = image_torchaudio  # Debian's python3 (CI): torchaudio stands in for librosa's melspectrogram
    with wave.open(wav_path) as w:
        if w.getframerate() != settings["SAMPLE_RATE"] or w.getsampwidth() != 2 or w.getnchannels() != 1:
            sys.exit(f"{wav_path}: --scores needs 16-bit mono at SAMPLE_RATE {settings['SAMPLE_RATE']} Hz")
        y = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
    R = settings["RESOLUTION"]

    def run(tile):  # ToTensor + Normalize((0.5,)*3, (0.5,)*3), then F.softmax
        x = torch.from_numpy(np.ascontiguousarray(tile.transpose(2, 0, 1))).float().div(255)
        x = (x - 0.5) / 0.5
        with torch.no_grad():
            return F.softmax(model(x.unsqueeze(0)), dim=1)[0].tolist()

    im = image(y, settings)
    result = {"file": [run(im[:, R * i:R * (i + 1), :]) for i in range(im.shape[1] // R)],
              "live": run(image(y[:RING_SAMPLES], settings)[:, -R:, :])}
    with open(out, "w") as f:
        json.dump(result, f)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("pth", nargs="?", help="the workshop's saved model dict")
    p.add_argument("onnx", nargs="?", help="the ONNX file to write")
    p.add_argument("--settings", help="SpectrumVariables.csv the model was trained with")
    p.add_argument("--random-pth", help="write a randomly initialised ResNet18 in the workshop's dict format here")
    p.add_argument("--classes", default="dog,cat", help="class names for --random-pth (comma-separated)")
    p.add_argument("--seed", type=int, default=1, help="torch seed for --random-pth")
    p.add_argument("--scores", nargs=2, metavar=("WAV", "OUT_JSON"), help="also write PyTorch's scores on WAV")
    a = p.parse_args()
    if a.random_pth:
        random_pth(a.random_pth, a.classes.split(","), a.seed)
        if not a.pth:
            return
    if not (a.pth and a.onnx and a.settings):
        p.error("give MODEL.pth OUT.onnx --settings SpectrumVariables.csv (or --random-pth OUT.pth)")
    settings = read_settings(a.settings)
    model = export(torch.load(a.pth, map_location="cpu"), settings, a.onnx)
    if a.scores:
        scores(model, settings, a.scores[0], a.scores[1])


if __name__ == "__main__":
    main()
