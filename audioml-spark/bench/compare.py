"""Compares `audioml spark tag` Parquet (read with pyarrow, not Spark) with `audioml classify --format jsonl`.

Usage: compare.py WINDOWS.parquet CLASSIFY.jsonl [STATUS.parquet]
Prints windows matched, the largest score and time difference, and files only one side has; exit 1 when a window
differs by more than 1e-6 or is missing on either side.
"""
import json
import sys
from urllib.parse import unquote, urlparse

import pyarrow.parquet as pq

TOLERANCE = 1e-6


def local(path):
    return unquote(urlparse(path).path) if path.startswith("file:") else path


def key(file, label, start):
    return (file, label, round(start * 1e6))


def main():
    spark = pq.read_table(sys.argv[1]).to_pylist()
    got = {key(local(r["path"]), r["label"], r["start_s"]): (r["end_s"], r["score"]) for r in spark}
    expected = {}
    with open(sys.argv[2]) as f:
        for line in f:
            j = json.loads(line)
            if "event" in j:
                continue
            for label, score in j["scores"].items():
                expected[key(j["file"], label, j["start_s"])] = (j["end_s"], score)
    missing = expected.keys() - got.keys()
    extra = got.keys() - expected.keys()
    both = expected.keys() & got.keys()
    worst = max((abs(got[k][1] - expected[k][1]) for k in both), default=0.0)
    # classify prints seconds with 6 decimals: ends agree within half of the last one
    worst_end = max((abs(got[k][0] - expected[k][0]) for k in both), default=0.0)
    files = {k[0] for k in expected}
    print(f"windows x labels: spark {len(got)}, classify {len(expected)}, matched {len(expected.keys() & got.keys())}"
          f" over {len(files)} files; largest |score difference| {worst:.3g}, |end_s difference| {worst_end:.3g}")
    if len(sys.argv) > 3:
        status = pq.read_table(sys.argv[3]).to_pylist()
        failed = sorted(local(r["path"]) for r in status if r["error"] is not None)
        print(f"status rows {len(status)}, failed {len(failed)}: {failed}")
    if missing or extra or worst > TOLERANCE or worst_end > TOLERANCE:
        print(f"MISMATCH: {len(missing)} windows only in classify, {len(extra)} only in spark")
        return 1
    print(f"equal within {TOLERANCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
