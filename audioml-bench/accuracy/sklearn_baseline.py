#!/usr/bin/env python3
"""The issue-12 peer: the ten-line scikit-learn script a student would write in a notebook.

Per clip: librosa.load at 16 kHz, log-mel (n_fft 512, hop 160, 40 mels, power_to_db), mean and
standard deviation over time (80 numbers); StandardScaler; class-weighted LogisticRegression.
Trained on DIR/train, scored on DIR/test. Nothing is tuned: it is the baseline AudioML must beat.

    python sklearn_baseline.py DIR [--json OUT.json]

Prints accuracy, balanced accuracy and train time (feature extraction of the training clips plus
the fit, seconds of wall clock) and writes them as JSON.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import librosa
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, balanced_accuracy_score, confusion_matrix
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

AUDIO = {".wav", ".flac", ".ogg", ".mp3", ".aif", ".aiff", ".au"}


def clips(folder):
    for label_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        for f in sorted(label_dir.iterdir()):
            if f.suffix.lower() in AUDIO:
                yield f, label_dir.name


def features(path):
    y, sr = librosa.load(path, sr=16000)
    mel = librosa.feature.melspectrogram(y=y, sr=sr, n_fft=512, hop_length=160, n_mels=40)
    db = librosa.power_to_db(mel)
    return np.concatenate([db.mean(axis=1), db.std(axis=1)])


def load(folder):
    xs, ys = [], []
    for f, label in clips(folder):
        xs.append(features(f))
        ys.append(label)
    return np.array(xs), np.array(ys)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="dataset folder with train/ and test/")
    ap.add_argument("--json", type=Path, help="write the result here")
    args = ap.parse_args()

    t0 = time.perf_counter()
    x_train, y_train = load(args.data / "train")
    model = make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced", max_iter=2000))
    model.fit(x_train, y_train)
    train_seconds = time.perf_counter() - t0

    t1 = time.perf_counter()
    x_test, y_test = load(args.data / "test")
    pred = model.predict(x_test)
    test_seconds = time.perf_counter() - t1

    labels = sorted(set(y_train) | set(y_test))
    result = {
        "data": str(args.data),
        "accuracy": float(accuracy_score(y_test, pred)),
        "balanced_accuracy": float(balanced_accuracy_score(y_test, pred)),
        "train_seconds": train_seconds,
        "test_seconds": test_seconds,
        "train_clips": int(len(y_train)),
        "test_clips": int(len(y_test)),
        "classes": labels,
        "confusion_matrix": confusion_matrix(y_test, pred, labels=labels).tolist(),
    }
    print(f"sklearn baseline on {args.data}: accuracy {result['accuracy']:.3f}, balanced accuracy "
          f"{result['balanced_accuracy']:.3f}, train {train_seconds:.1f} s "
          f"({len(y_train)} train / {len(y_test)} test clips)", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    else:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
