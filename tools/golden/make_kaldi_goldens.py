#!/usr/bin/python3
"""Regenerates the kaldi_fbank goldens of audioml-features/src/test/resources/golden/ with torchaudio's own
torchaudio.compliance.kaldi.fbank (the reference for "feature": "kaldi_fbank"), on the committed inputs. The
configurations are the kaldi_fbank entries of make_goldens.CONFIGS; run make_goldens.py afterwards to refresh the
manifest's shapes. Needs Debian's python3-torchaudio (apt-get install -y python3-torchaudio). From the repository root:
    /usr/bin/python3 tools/golden/make_kaldi_goldens.py
"""
import ast
import os

import numpy as np
import torch
import torchaudio

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "audioml-features", "src", "test", "resources", "golden")


def configs():
    """CONFIGS from make_goldens.py, read without importing it (that module needs librosa, this one torchaudio)."""
    tree = ast.parse(open(os.path.join(HERE, "make_goldens.py")).read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "CONFIGS":
            return ast.literal_eval(node.value)
    raise SystemExit("CONFIGS not found in make_goldens.py")


def kaldi(y, spec):
    kw = {k: v for k, v in spec.items() if k not in ("feature", "sr")}
    kw["sample_frequency"] = float(spec["sr"])
    kw.setdefault("dither", 0.0)
    return torchaudio.compliance.kaldi.fbank(torch.from_numpy(y.astype(np.float64)).unsqueeze(0), **kw).numpy()


def main():
    for name, rate, _, spec in configs():
        if spec["feature"] != "kaldi_fbank":
            continue
        y = np.load(os.path.join(OUT, f"input_{rate}.npy"))
        out = kaldi(y, spec).astype(np.float32)
        np.save(os.path.join(OUT, name + ".npy"), out)
        print(name, out.shape)


if __name__ == "__main__":
    main()
