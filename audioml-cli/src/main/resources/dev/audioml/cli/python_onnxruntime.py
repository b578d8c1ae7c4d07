#!/usr/bin/env python3
"""The Python onnxruntime peer of `audioml bench --model M --python PY`: the same model, the same input shapes and
thread count, timed the same way (warm-up, then back-to-back `session.run` calls; p50, p99 and mean of them).
The CLI writes this script to a temporary file and runs it with PY; it can also run alone:

    python python_onnxruntime.py MODEL.onnx '{"input": ["float", [1, 576]], "sr": ["int64", [], 16000]}' \
        --threads 1 --seconds 3

Prints one JSON line: {"peer": "python-onnxruntime X.Y.Z", "p50_ms", "p99_ms", "mean_ms", "runs"}.
"""
import argparse
import json
import time

import numpy as np
import onnxruntime as ort


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("inputs", help='JSON: name -> [element type, shape] or [type, shape, fill]')
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    sess = ort.InferenceSession(a.model, sess_options=so, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(a.seed)
    feeds = {}
    for name, spec in json.loads(a.inputs).items():
        kind, shape = spec[0], tuple(spec[1])
        fill = spec[2] if len(spec) > 2 else None
        if kind == "float":
            feeds[name] = (rng.random(shape) - 0.5).astype(np.float32)
        elif kind == "int64":
            feeds[name] = np.full(shape, 0 if fill is None else fill, dtype=np.int64)
        else:
            raise SystemExit(f"input {name}: element type {kind} is not synthesized")
    end = time.perf_counter() + a.seconds * 0.5
    while time.perf_counter() < end:  # warm-up, half the measurement time (as the CLI's timer)
        sess.run(None, feeds)
    times = []
    end = time.perf_counter() + a.seconds
    while time.perf_counter() < end or len(times) < 5:
        t = time.perf_counter_ns()
        sess.run(None, feeds)
        times.append(time.perf_counter_ns() - t)
    times.sort()
    print(json.dumps({"peer": f"python-onnxruntime {ort.__version__}", "runs": len(times),
                      "p50_ms": times[len(times) // 2] / 1e6,
                      "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))] / 1e6,
                      "mean_ms": sum(times) / len(times) / 1e6}))


if __name__ == "__main__":
    main()
