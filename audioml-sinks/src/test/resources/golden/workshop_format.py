"""Writes workshop_format.tsv: what the workshop's FullOutPutOSC prints (str(list(...)) of NumPy 1.x float32 arrays,
int64 arrays and Python string lists). Run with NumPy 1.x (Debian bookworm's python3-numpy 1.24):
    /usr/bin/python3 workshop_format.py > workshop_format.tsv
Columns: kind, input (float32 bits as hex / ints / JSON strings), expected str(list(x))."""
import json
import numpy as np

assert np.__version__.startswith("1."), "NumPy 1.x prints float32 lists as the workshop did"
rng = np.random.default_rng(20261125)
rows = []
specials = [0.93, 0.07, 1e-4, 9.9e-5, 1e-5, 3.4e-8, 1.0, 0.5, 1 / 3, 2 / 3, 0.1, 0.2, 0.3, 1e16, 9.99e15, 1e10,
            123456789.0, 3.4028235e38, 1.17549435e-38, 1e-45, 0.0, -0.0, -1.5, 100.0, 65504.0, 16777216.0,
            float("nan"), float("inf"), float("-inf"), 2.0 ** -10, 2.0 ** 24, 1e-3, 0.999999, 0.99999994]
values = [np.float32(v) for v in specials]
for _ in range(40):  # softmax outputs, as torch.topk(F.softmax(...)) hands them to the notebook
    logits = rng.normal(0, 4, size=rng.integers(2, 11))
    p = np.exp(logits - logits.max())
    p = (p / p.sum()).astype(np.float32)
    values.extend(p)
values.extend(np.float32(v) for v in rng.uniform(-1e6, 1e6, 40))
values.extend(np.float32(2.0 ** e) * np.float32(rng.uniform(1, 2)) for e in range(-140, 120, 7))
for v in values:
    bits = np.array([v], dtype=np.float32).view(np.uint32)[0]
    rows.append(("float", "%08x" % bits, str(list(np.array([v], dtype=np.float32)))))
for ints in ([1, 0], [3, 0, 2, 1], [0], list(range(10, -1, -1))):
    rows.append(("int", json.dumps(ints), str(list(np.array(ints, dtype=np.int64)))))
for names in (["cat", "dog"], ["it's", 'say "hi"', "both ' and \""], ["tab\there", "new\nline", "back\\slash"],
              ["café", "日本", "bell\x07", "del\x7f", "nbsp\xa0", "zw\u200b"], ["air_conditioner", "car horn"]):
    rows.append(("str", json.dumps(names), str(list(names))))
for kind, inp, out in rows:
    print(kind, inp, out.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"), sep="\t")
