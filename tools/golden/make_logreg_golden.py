"""Golden for HeadTrainerTest: scikit-learn's LogisticRegression (lbfgs, multinomial, class_weight balanced) on a
small seeded 3-class problem, after StandardScaler. Writes inputs, labels, C and the fitted probabilities.

    .venv/bin/python tools/golden/make_logreg_golden.py audioml-train/src/test/resources/golden/logreg_sklearn.json
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

rng = np.random.default_rng(7)
counts = [30, 12, 50]  # unbalanced on purpose: class weights matter
centres = np.array([[0.0, 0.0, 0.0, 0.0], [1.2, -0.8, 0.5, 0.0], [-0.6, 1.0, 0.2, 0.0]])
x = np.concatenate([rng.normal(c, 1.0, size=(n, 4)) * [1, 3, 0.2, 10] + [0, 5, 1, -40]
                    for c, n in zip(centres, counts)]).astype(np.float32)
y = np.concatenate([np.full(n, k) for k, n in enumerate(counts)])
out = {"sklearn": sklearn.__version__, "x": x.tolist(), "y": y.tolist(), "cases": []}
for c in (0.05, 1.0, 100.0):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=c, class_weight="balanced", tol=1e-10,
                                                               max_iter=10000))
    model.fit(x.astype(np.float64), y)
    out["cases"].append({"C": c, "probabilities": model.predict_proba(x.astype(np.float64)).tolist()})
with open(sys.argv[1], "w") as f:
    json.dump(out, f)
