#!/usr/bin/env python3
"""Tables of run.sh's results: one per dataset, then one markdown table for README.md.

    python report.py OUT CACHE DATASET...
"""
import json
import sys
from pathlib import Path


def read_json(p):
    try:
        return json.loads(p.read_text())
    except (OSError, ValueError):
        return None


def read_text(p):
    try:
        return p.read_text().strip()
    except OSError:
        return None


def clip_counts(cache, d):
    files = cache / d / "files.tsv"
    if not files.exists():
        return ""
    rows = [l.split("\t") for l in files.read_text().splitlines()[1:]]
    classes = sorted({r[1] for r in rows})
    train = sum(r[0] == "train" for r in rows)
    return f"{len(classes)} classes, {train} train / {len(rows) - train} test clips"


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def main():
    out, cache, datasets = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
    md = ["| dataset | clips | AudioML acc | AudioML bal. acc | AudioML train s | sklearn acc | "
          "sklearn bal. acc | sklearn train s |",
          "|---|---|---|---|---|---|---|---|"]
    for d in datasets:
        res = out / d
        err = read_text(res / "error")
        print(f"\n{d}: {clip_counts(cache, d)}")
        if err:
            print(f"  FAILED: {err}")
            md.append(f"| {d} | failed: {err} | | | | | | |")
            continue
        a = read_json(res / "audioml_eval.json")
        a_s = read_text(res / "audioml_train_seconds")
        a_s = float(a_s) if a_s else None
        report = read_json(res / "model" / "report.json") or {}
        s = read_json(res / "sklearn.json")
        rows = []
        if a:
            chosen = "/".join(str(report.get(k, "?")) for k in ("backbone", "pooling", "head"))
            rows.append(("AudioML train (default)", a["accuracy"], a["balanced_accuracy"], a_s, chosen))
        else:
            rows.append(("AudioML train (default)", None, None, a_s,
                         read_text(res / "audioml_error") or "no result"))
        if s:
            rows.append(("sklearn baseline", s["accuracy"], s["balanced_accuracy"], s["train_seconds"], ""))
        else:
            rows.append(("sklearn baseline", None, None, None, read_text(res / "sklearn_error") or "no result"))
        print(f"  {'':<24} {'accuracy':>9} {'balanced':>9} {'train s':>8}")
        for name, acc, bal, sec, note in rows:
            print(f"  {name:<24} {fmt(acc, '9.3f')} {fmt(bal, '9.3f')} {fmt(sec, '8.1f')}  {note}")
        (ar, sr) = rows
        md.append(f"| {d} | {clip_counts(cache, d)} | {fmt(ar[1], '.3f')} | {fmt(ar[2], '.3f')} | "
                  f"{fmt(ar[3], '.0f')} | {fmt(sr[1], '.3f')} | {fmt(sr[2], '.3f')} | {fmt(sr[3], '.0f')} |")
    print("\nMarkdown (README.md):\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
